/**
 * Lets one caller stop waiting on work that others share.
 *
 * @module
 */

/**
 * Resolves or rejects as `promise` does, or rejects with `signal`'s reason as soon as it aborts, whichever comes
 * first. The work itself goes on: a refresh that many calls wait on is not cancelled because one of them gave up.
 *
 * @example
 * ```ts
 * const token = await abortable(session.token(), options?.signal);
 * ```
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}
