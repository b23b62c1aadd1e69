/**
 * The rules of a `UsersClient`'s options, checked once when the client is made.
 *
 * @module
 */
import * as z from 'zod/mini';
import { between, httpOptionRules, isFunction } from './http-options.ts';
import { bearerSchema } from './schemas.ts';
import type { Rules } from './validate.ts';

const bearer = [
  (value: unknown) => z.safeParse(bearerSchema, value).success,
  'must be a non-empty string of visible ASCII characters (no spaces, line breaks or controls)',
] as const;
const ms = (value: unknown) => between(0, Number.MAX_SAFE_INTEGER)(value);

/**
 * Every option of `UsersClient`: the HTTP settings ({@link httpOptionRules}) and the session's. Options without a
 * rule are copied as they are.
 *
 * @example
 * ```ts
 * const options = parseSettings<UsersClientOptions>(given, clientOptionRules);
 * ```
 */
export const clientOptionRules: Rules = {
  ...httpOptionRules,
  tokens: { access_token: bearer, refresh_token: bearer },
  accessToken: bearer,
  tokenStore: [
    (value) => {
      const store = value as Record<string, unknown>;
      const optional = (name: string) => store[name] === undefined || isFunction(store[name]);
      return (
        ['get', 'set', 'clear'].every((name) => isFunction(store[name])) &&
        optional('lock') &&
        optional('subscribe')
      );
    },
    'must be a TokenStore: get, set and clear functions (lock and subscribe optional)',
  ],
  onSessionChange: [isFunction, 'must be a function'],
  refreshMargin: [ms, 'must be 0 ms or more'],
  keepAlive: [(value) => value === false || ms(value), 'must be false or 0 ms or more'],
  now: [isFunction, 'must be a function'],
  backend: [(value) => value === 'supermq' || value === 'atom', "must be 'supermq' or 'atom'"],
};
