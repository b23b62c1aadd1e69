/**
 * CORS for the loopback server, so a browser app on another origin can use the fake over HTTP in development.
 *
 * @module
 */
import type { RequestHandler } from './request-handler.ts';

/**
 * Which origins may call the server from a browser: `true` for any, or the exact origins
 * (`'http://localhost:5173'`). `false` sends no CORS headers, as the users service itself does.
 *
 * @example
 * ```ts
 * const policy: CorsPolicy = ['http://localhost:5173', 'http://127.0.0.1:5173'];
 * ```
 */
export type CorsPolicy = boolean | string | readonly string[];

/** What the SDK sends beyond the CORS-safelisted headers. */
const allowedHeaders = ['Authorization', 'Content-Type'];
/** Every method the users service routes. */
const allowedMethods = 'GET, POST, PUT, PATCH, DELETE';
/** Response headers a page may read beyond the safelisted ones: the SDK honours `Retry-After`. */
const exposedHeaders = 'Retry-After';

/**
 * Wraps `handle` with CORS: answers preflights itself and marks every other reply to an allowed origin as readable.
 *
 * @remarks
 * A preflight (`OPTIONS` with `Access-Control-Request-Method`) from an allowed origin gets 204 with
 * `Access-Control-Allow-Origin` (the origin itself), `-Allow-Methods`, `-Allow-Headers` (`Authorization`,
 * `Content-Type` and any other header the page asked for) and `-Max-Age`; it never reaches the service, so it is
 * neither logged nor counted. Other requests from an allowed origin are served as usual and get
 * `Access-Control-Allow-Origin` and `-Expose-Headers: Retry-After`. Requests from other origins, or without an
 * `Origin`, are served exactly as without CORS. No credentials mode: the SDK sends its token in `Authorization`.
 *
 * @example
 * ```ts
 * const serve = withCors(service.handle, true);
 * ```
 */
export function withCors(handle: RequestHandler, policy: CorsPolicy): RequestHandler {
  const isAllowed = originMatcher(policy);
  return async (request) => {
    const origin = request.headers.get('Origin');
    if (origin === null || !isAllowed(origin)) return handle(request);
    const wantedMethod = request.headers.get('Access-Control-Request-Method');
    if (request.method === 'OPTIONS' && wantedMethod !== null) return preflight(origin, request.headers);
    const response = await handle(request);
    if (response.type === 'error') return response;
    const headers = new Headers(response.headers);
    headers.set('Access-Control-Allow-Origin', origin);
    headers.set('Access-Control-Expose-Headers', exposedHeaders);
    headers.append('Vary', 'Origin');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

function preflight(origin: string, requestHeaders: Headers): Response {
  const asked = (requestHeaders.get('Access-Control-Request-Headers') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const names = [...allowedHeaders];
  for (const name of asked) {
    if (!names.some((known) => known.toLowerCase() === name.toLowerCase())) names.push(name);
  }
  return new Response(null, {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': allowedMethods,
      'Access-Control-Allow-Headers': names.join(', '),
      'Access-Control-Max-Age': '600',
      Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    },
  });
}

function originMatcher(policy: CorsPolicy): (origin: string) => boolean {
  if (policy === true) return () => true;
  if (policy === false) return () => false;
  const origins = new Set(typeof policy === 'string' ? [policy] : policy);
  return (origin) => origins.has(origin);
}
