/**
 * Lets one caller stop waiting on work that others share.
 *
 * @module
 */
import { TimeoutError } from './errors.ts';

/**
 * Resolves or rejects as `promise` does, or rejects with `signal`'s reason as soon as it aborts, or with a
 * {@link TimeoutError} once `timeout` ms have passed, whichever comes first. The work itself goes on: a refresh that
 * many calls wait on is not cancelled because one of them gave up.
 *
 * @param promise - The shared work.
 * @param signal - This caller's signal; an already aborted one rejects at once.
 * @param timeout - How long this caller waits, in ms (`false` or `undefined`: as long as the work takes).
 *
 * @example
 * ```ts
 * const token = await abortable(session.token(), options?.signal, options?.timeout);
 * ```
 */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  timeout?: number | false,
): Promise<T> {
  const limited = typeof timeout === 'number' && Number.isFinite(timeout) && timeout >= 0;
  if (!signal && !limited) return promise;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal?.reason);
    const timer = limited
      ? setTimeout(
          () => reject(new TimeoutError(`Timed out after ${timeout} ms waiting for the session`)),
          timeout,
        )
      : undefined;
    signal?.addEventListener('abort', stop, { once: true });
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    });
  });
}
