/**
 * Reading JSON request bodies the way the server's decoders do.
 *
 * @module
 */

import { decodeGoStruct, foldStructKeys } from './go-json.ts';
import { HttpError } from './http-error.ts';
import { isJsonObject, type JsonObject } from './json-value.ts';
import type { RouteContext } from './route-context.ts';

/**
 * The server's message for a body that is not the JSON it expects.
 *
 * @example
 * ```ts
 * throw HttpError.badRequest(invalidJsonMessage);
 * ```
 */
export const invalidJsonMessage = 'request body is not a valid JSON, expecting a valid JSON';

/**
 * Throws 415 `unsupported content type` unless the request's `Content-Type` contains `application/json`.
 *
 * @example
 * ```ts
 * requireJsonContentType(context.request); // refresh checks this although it reads no body
 * ```
 */
export function requireJsonContentType(request: Request): void {
  if (!request.headers.get('Content-Type')?.includes('application/json')) {
    throw new HttpError(415, 'unsupported content type');
  }
}

/**
 * Checks the content type, then decodes the body as the server's Go decoder does (see {@link decodeGoStruct}): the
 * first JSON value only, trailing text ignored, `null` as `{}`, keys matched case-insensitively (so the fields come
 * back under lower-case names). 400 when that value is missing, malformed or not an object.
 *
 * @example
 * ```ts
 * const body = readJsonBody(context);
 * const email = stringField(body, 'email'); // also filled by {"EMAIL": …}
 * ```
 */
export function readJsonBody(context: RouteContext): JsonObject {
  requireJsonContentType(context.request);
  try {
    return decodeGoStruct(context.body);
  } catch {
    throw HttpError.badRequest(invalidJsonMessage);
  }
}

/**
 * The string at `key`: '' when absent or `null`, 400 when it is another type.
 *
 * @example
 * ```ts
 * stringField({ username: 'jane' }, 'username'); // 'jane'
 * stringField({}, 'username'); // ''
 * ```
 */
export function stringField(body: JsonObject, key: string): string {
  const value = body[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw HttpError.badRequest(invalidJsonMessage);
  return value;
}

/**
 * The object at `key`: `undefined` when absent or `null`, 400 when it is another type.
 *
 * @example
 * ```ts
 * objectField({ metadata: { a: 1 } }, 'metadata'); // { a: 1 }
 * ```
 */
export function objectField(body: JsonObject, key: string): JsonObject | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw HttpError.badRequest(invalidJsonMessage);
  return value;
}

/**
 * The nested struct at `key` (such as `credentials`), its keys folded like the body's: `undefined` when absent or
 * `null`, 400 when it is not an object.
 *
 * @example
 * ```ts
 * structField({ credentials: { USERNAME: 'jane' } }, 'credentials'); // { username: 'jane' }
 * ```
 */
export function structField(body: JsonObject, key: string): JsonObject | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  const fields = foldStructKeys(value);
  if (!fields) throw HttpError.badRequest(invalidJsonMessage);
  return fields;
}

/**
 * The string list at `key`: `undefined` when absent or `null`, 400 when it is anything but a list of strings.
 *
 * @example
 * ```ts
 * stringListField({ tags: ['a', 'b'] }, 'tags'); // ['a', 'b']
 * ```
 */
export function stringListField(body: JsonObject, key: string): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    throw HttpError.badRequest(invalidJsonMessage);
  }
  return value;
}
