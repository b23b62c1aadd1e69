/**
 * Builders for the replies the users service sends, with its headers and body conventions.
 *
 * @module
 */
import type { JsonValue } from './json-value.ts';

const jsonType = 'application/json';

/**
 * A JSON reply, encoded as Go's `json.Encoder` does (with a trailing newline).
 *
 * @example
 * ```ts
 * jsonResponse(201, { id }, { Location: `/users/${id}` });
 * ```
 */
export function jsonResponse(
  status: number,
  body: JsonValue,
  headers: Record<string, string> = {},
): Response {
  return new Response(`${JSON.stringify(body)}\n`, {
    status,
    headers: { 'Content-Type': jsonType, ...headers },
  });
}

/**
 * A reply without a body; the server still labels it JSON.
 *
 * @example
 * ```ts
 * emptyResponse(204);
 * ```
 */
export function emptyResponse(status: number): Response {
  return new Response(null, { status, headers: { 'Content-Type': jsonType } });
}

/**
 * An error reply: `{"message": …}`, or an empty body for a 500.
 *
 * @example
 * ```ts
 * errorResponse(404, 'entity not found');
 * ```
 */
export function errorResponse(status: number, message: string): Response {
  return status >= 500 ? emptyResponse(status) : jsonResponse(status, { message });
}

/**
 * The router's plain-text 404 for a path no route knows.
 *
 * @example
 * ```ts
 * notFoundText(); // 404 "404 page not found\n"
 * ```
 */
export function notFoundText(): Response {
  return new Response('404 page not found\n', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/**
 * The router's empty 405 for a known path with a method it does not serve.
 *
 * @example
 * ```ts
 * methodNotAllowed(['GET', 'PATCH', 'DELETE']);
 * ```
 */
export function methodNotAllowed(allowed: readonly string[]): Response {
  return new Response(null, { status: 405, headers: { Allow: allowed.join(', ') } });
}
