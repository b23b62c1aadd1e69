/**
 * The valid shape of a `UsersClient`'s options, checked once when the client is made.
 *
 * @module
 */
import * as z from 'zod/mini';
import { httpOptionsSchema } from './http-options.ts';
import { bearerSchema } from './schemas.ts';
import type { TokenStore } from './types.ts';

const isFunction = (value: unknown): boolean => typeof value === 'function';
const fn = <T>(what: string) => z.custom<T>(isFunction, `${what} must be a function`);
const optionalFunction = (value: unknown): boolean => value === undefined || isFunction(value);

const storeSchema = z.custom<TokenStore>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    ['get', 'set', 'clear'].every((name) =>
      isFunction((value as unknown as Record<string, unknown>)[name]),
    ) &&
    ['lock', 'subscribe'].every((name) =>
      optionalFunction((value as unknown as Record<string, unknown>)[name]),
    ),
  'must be a TokenStore: get, set and clear functions (lock and subscribe optional)',
);

const nonNegative = z
  .number('must be a number of milliseconds')
  .check(z.minimum(0, 'must not be negative'), z.maximum(Number.MAX_SAFE_INTEGER));

/**
 * Every option of `UsersClient`: the HTTP settings ({@link httpOptionsSchema}) and the session's. Unknown keys pass
 * through untouched.
 */
export const clientOptionsSchema = z.looseObject(
  {
    ...httpOptionsSchema.def.shape,
    tokens: z.optional(
      z.object(
        { access_token: z.optional(bearerSchema), refresh_token: z.optional(bearerSchema) },
        'must be an object of { access_token?, refresh_token? }',
      ),
    ),
    accessToken: z.optional(bearerSchema),
    tokenStore: z.optional(storeSchema),
    onSessionChange: z.optional(fn<(event: unknown) => void>('onSessionChange')),
    refreshMargin: z.optional(nonNegative),
    keepAlive: z.optional(
      z.union([z.literal(false), nonNegative], 'must be false or a number of milliseconds'),
    ),
    now: z.optional(fn<() => number>('now')),
  },
  'options must be an object with at least a baseUrl',
);
