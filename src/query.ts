/**
 * Turns list and search parameters into the query string the server reads.
 *
 * @module
 */

/** A parameter value after input validation. */
type QueryValue =
  | string
  | number
  | boolean
  | Date
  | readonly string[]
  | { readonly all: readonly string[] }
  | object;

/**
 * Encodes validated parameters by their wire names.
 *
 * @remarks
 * `metadata` is sent as JSON; a tag list as `a,b` (any of them) and `{ all: [...] }` as `a+b` (all of them), whose
 * `+` `URLSearchParams` sends as `%2B` (a raw `+` would arrive as a space); dates as RFC 3339. Unset values are left
 * out, so every parameter appears at most once.
 *
 * @example
 * ```ts
 * String(toQuery({ tags: { all: ['a', 'b'] }, metadata: { k: 1 } })); // 'tags=a%2Bb&metadata=%7B%22k%22%3A1%7D'
 * ```
 */
export function toQuery(params: Readonly<Record<string, QueryValue | undefined>>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) query.set(name, encode(name, value));
  }
  return query;
}

function encode(name: string, value: QueryValue): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(',');
  if (name === 'tags' && typeof value === 'object' && 'all' in value)
    return (value.all as string[]).join('+');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
