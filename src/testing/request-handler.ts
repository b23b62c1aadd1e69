/**
 * The request pipeline every adapter (fetch, msw, loopback server) feeds: log, faults, routing, error replies.
 *
 * @module
 */
import { applyFault, type FaultQueue } from './faults.ts';
import { HttpError } from './http-error.ts';
import { type RecordedRequest, recordRequest } from './recorded-request.ts';
import { emptyResponse, errorResponse, methodNotAllowed, notFoundText } from './responses.ts';
import type { ServiceState } from './route-context.ts';
import { matchRoute } from './routes.ts';

/**
 * Serves one request: resolves with the reply, or with `Response.error()` when the connection is to be dropped.
 * Rejects only when the request's signal aborts.
 *
 * @example
 * ```ts
 * Deno.serve((request) => service.handle(request));
 * ```
 */
export type RequestHandler = (request: Request) => Promise<Response>;

/**
 * What the pipeline works with.
 *
 * @example
 * ```ts
 * createRequestHandler({ state, faults: new FaultQueue(), log: [], basePath: '/api/users' });
 * ```
 */
export interface RequestHandlerParts {
  readonly state: ServiceState;
  readonly faults: FaultQueue;
  /** Where received requests are logged. */
  readonly log: RecordedRequest[];
  /** The path the service lives under ('' for the origin's root). */
  readonly basePath: string;
}

/**
 * Creates the pipeline of one service.
 *
 * @remarks
 * Each request is logged first, then a matching fault is applied, then the route runs. Paths outside `basePath` and
 * unknown paths get the router's plain-text 404; known paths with another method get 405. A thrown `HttpError`
 * becomes its error reply, and anything else a 500 with an empty body, as the server answers untyped errors.
 *
 * @example
 * ```ts
 * const handle = createRequestHandler({ state, faults, log: [], basePath: '' });
 * const reply = await handle(new Request('http://localhost:9002/health'));
 * ```
 */
export function createRequestHandler(parts: RequestHandlerParts): RequestHandler {
  const { state, faults, log, basePath } = parts;
  return async (request) => {
    const url = new URL(request.url);
    const path = relativePath(url.pathname, basePath);
    const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    log.push(recordRequest(request, url, path ?? url.pathname, body));
    const fault = faults.take(request.method, path ?? url.pathname);
    const faultReply = fault && (await applyFault(fault, request.signal));
    if (faultReply) return faultReply;
    if (path === undefined) return notFoundText();
    const match = matchRoute(request.method, path);
    if (match.kind === 'unknown') return notFoundText();
    if (match.kind === 'wrong-method') return methodNotAllowed(match.allowed);
    try {
      return await match.handler({ state, request, params: match.params, query: url.searchParams, body });
    } catch (error) {
      return error instanceof HttpError ? errorResponse(error.status, error.message) : emptyResponse(500);
    }
  };
}

function relativePath(pathname: string, basePath: string): string | undefined {
  if (basePath === '') return pathname;
  if (pathname === basePath) return '/';
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined;
}
