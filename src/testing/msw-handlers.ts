/**
 * msw request handlers that route a base URL to a fake service. The one module that imports msw.
 *
 * @module
 */
import { type HttpHandler, http } from 'msw';
import type { RequestHandler } from './request-handler.ts';

/**
 * Creates msw handlers that send every request under `baseUrl` (any method, any path below it) to `handle`.
 *
 * @remarks
 * A dropped connection becomes msw's network error, so `fetch` rejects with a `TypeError`.
 *
 * @example
 * ```ts
 * server.use(...createMswHandlers('http://localhost:9002', handle));
 * ```
 */
export function createMswHandlers(baseUrl: string, handle: RequestHandler): HttpHandler[] {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const isUnderBase = (request: Request): boolean => {
    const url = new URL(request.url);
    if (url.origin !== base.origin) return false;
    return basePath === '' || url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
  };
  return [
    http.all(
      ({ request }) => isUnderBase(request),
      ({ request }) => handle(request),
    ),
  ];
}
