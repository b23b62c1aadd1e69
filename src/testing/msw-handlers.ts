/**
 * `magistrala-users/testing/msw`: msw request handlers for a fake service. The one module that imports msw, and its
 * own entry point, so that `magistrala-users/testing` loads (and runs in Deno, Bun or a browser) without msw.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createFakeUsersService } from 'magistrala-users/testing';
 * import { mswHandlers } from 'magistrala-users/testing/msw';
 *
 * const service = createFakeUsersService({ baseUrl: 'http://users.test' });
 * const server = setupServer(...mswHandlers(service));
 * ```
 *
 * @module
 */
import { type HttpHandler, http } from 'msw';

/**
 * What {@link mswHandlers} needs of a fake service: where it lives, and the function that serves a request.
 *
 * @example
 * ```ts
 * const target: MswTarget = createFakeUsersService({ baseUrl: 'http://users.test' });
 * ```
 */
export interface MswTarget {
  /** The base URL requests are routed from; a path prefix is kept. */
  readonly baseUrl: string;
  /** Serves one request; `Response.error()` drops the connection. */
  readonly handle: (request: Request) => Promise<Response>;
}

/**
 * Creates msw handlers that send every request under `service.baseUrl` (any method, any path below it) to the
 * service.
 *
 * @remarks
 * Works with msw 2 and msw 3: the one handler matches with a regular expression on the URL, which both majors
 * support, rather than a custom predicate, which msw 2 gained only in later minors. A dropped connection becomes
 * msw's network error, so `fetch` rejects with a `TypeError`.
 *
 * @example
 * ```ts
 * server.use(...mswHandlers(service));
 * ```
 */
export function mswHandlers(service: MswTarget): HttpHandler[] {
  const base = new URL(service.baseUrl);
  const root = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  // The base itself, or the base followed by a path; a query string or fragment may follow either.
  const underBase = new RegExp(`^${escapeRegExp(root)}(?:/[^?#]*)?(?:[?#].*)?$`);
  return [http.all(underBase, ({ request }) => service.handle(request))];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
