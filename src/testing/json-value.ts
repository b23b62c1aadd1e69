/**
 * The JSON values the fake service reads from request bodies and writes into replies.
 *
 * @module
 */

/**
 * Any JSON value.
 *
 * @example
 * ```ts
 * const tags: JsonValue = ['a', 'b'];
 * ```
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/**
 * A JSON object.
 *
 * @example
 * ```ts
 * const metadata: JsonObject = { team: 'a', level: 2 };
 * ```
 */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Tells whether a value is a JSON object (not an array, not `null`).
 *
 * @example
 * ```ts
 * isJsonObject({ a: 1 }); // true
 * isJsonObject([1]); // false
 * ```
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
