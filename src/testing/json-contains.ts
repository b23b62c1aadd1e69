/**
 * PostgreSQL's JSONB containment (`@>`), which the server uses for the `metadata` filter.
 *
 * @module
 */
import { isJsonObject, type JsonValue } from './json-value.ts';

/**
 * Tells whether `container` contains `contained` as `container @> contained` does in PostgreSQL.
 *
 * @remarks
 * Objects contain objects whose every key they have with a contained value; arrays contain arrays whose every
 * element some element of theirs contains; scalars contain equal scalars.
 *
 * @example
 * ```ts
 * jsonContains({ a: 1, b: { c: [1, 2] } }, { b: { c: [2] } }); // true
 * jsonContains({ a: 1 }, { a: 2 }); // false
 * ```
 */
export function jsonContains(container: JsonValue, contained: JsonValue): boolean {
  if (isJsonObject(container) && isJsonObject(contained)) {
    return Object.entries(contained).every(
      ([key, value]) => Object.hasOwn(container, key) && jsonContains(container[key] ?? null, value),
    );
  }
  if (Array.isArray(container) && Array.isArray(contained)) {
    return contained.every((wanted) => container.some((item) => jsonContains(item, wanted)));
  }
  return container === contained;
}
