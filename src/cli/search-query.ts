/**
 * The query argument of `search`: `key=value&key=value`.
 *
 * @module
 */
import type { SearchUsersParams } from '../index.ts';
import { UsageError } from './usage-error.ts';
import { wholeNumber } from './whole-number.ts';

/** The keys `search` accepts, with the upstream CLI's spellings (`name` is its username), by the parameter each sets. */
const keys: Readonly<Record<string, 'username' | 'first_name' | 'last_name' | 'id' | 'limit' | 'offset'>> = {
  username: 'username',
  name: 'username',
  first_name: 'first_name',
  firstname: 'first_name',
  last_name: 'last_name',
  lastname: 'last_name',
  id: 'id',
  limit: 'limit',
  offset: 'offset',
};

/**
 * Parses the `search` query into search parameters.
 *
 * @remarks
 * Pairs are joined by `&`; a value may hold `%XX` escapes (`%26` for `&`), while `+` stays a plus. `limit` and
 * `offset` must be whole numbers. Which filters are required, and how long they must be, the client checks.
 *
 * @throws {@link UsageError} for an unknown or repeated key, a pair without `=`, a bad escape or a non-numeric
 * `limit` or `offset`.
 *
 * @example
 * ```ts
 * parseSearchQuery('firstname=jane&limit=5'); // { first_name: 'jane', limit: 5 }
 * ```
 */
export function parseSearchQuery(query: string): SearchUsersParams {
  const params: SearchUsersParams = {};
  for (const pair of query.split('&').filter(Boolean)) {
    const [key, value] = splitPair(pair);
    const param = Object.hasOwn(keys, key) ? keys[key] : undefined;
    if (param === undefined) fail(`unknown search key (use ${Object.keys(keys).join(', ')})`);
    if (Object.hasOwn(params, param)) fail(`${param} is given twice`);
    if (param === 'limit' || param === 'offset') params[param] = wholeNumber(value, param, 'search');
    else params[param] = value;
  }
  return params;
}

function splitPair(pair: string): [string, string] {
  const split = pair.indexOf('=');
  if (split === -1) fail('each part of the query must be key=value');
  try {
    return [pair.slice(0, split), decodeURIComponent(pair.slice(split + 1))];
  } catch {
    return fail('a value holds a malformed %-escape');
  }
}

function fail(message: string): never {
  throw new UsageError(message, ['search']);
}
