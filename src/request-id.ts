/**
 * Ids for calls, sent as `X-Request-ID` so that a failure can be matched with the server's logs.
 *
 * @module
 */

/**
 * A new request id: a random UUID where `crypto.randomUUID` exists, else a random string of the same length.
 *
 * @example
 * ```ts
 * headers.set('x-request-id', requestId()); // e.g. '3b241101-e2bb-4255-8caf-4136c566a962'
 * ```
 */
export function requestId(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  if (uuid) return uuid;
  // Older runtimes and insecure browser contexts lack randomUUID: unique enough to match log lines.
  let id = '';
  while (id.length < 36) id += Math.random().toString(16).slice(2);
  return id.slice(0, 36);
}
