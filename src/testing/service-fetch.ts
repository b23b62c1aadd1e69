/**
 * A `fetch` bound to a fake service, for any runtime.
 *
 * @module
 */
import type { RequestHandler } from './request-handler.ts';

/**
 * The `fetch` signature: what HTTP clients accept as an injected `fetch`.
 *
 * @example
 * ```ts
 * const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch });
 * ```
 */
export type FetchFunction = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;

/**
 * Creates a `fetch` that sends every request to `handle` instead of the network.
 *
 * @remarks
 * Relative URLs resolve against `baseUrl`; absolute ones are served whatever their origin, by path. An aborted
 * signal rejects with its reason, and a dropped connection rejects with a `TypeError`, as `fetch` does.
 *
 * @example
 * ```ts
 * const fetch = createServiceFetch(handle, 'http://localhost:9002');
 * const reply = await fetch('/health');
 * ```
 */
export function createServiceFetch(handle: RequestHandler, baseUrl: string): FetchFunction {
  return async (input, init) => {
    const target = typeof input === 'string' || input instanceof URL ? new URL(input, baseUrl) : input;
    const request = new Request(target, init);
    request.signal.throwIfAborted();
    const response = await handle(request);
    if (response.type === 'error') {
      throw new TypeError('fetch failed', {
        cause: new Error('the fake users service dropped the connection'),
      });
    }
    return response;
  };
}
