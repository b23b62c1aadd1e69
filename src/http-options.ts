/**
 * The valid ranges of the HTTP settings (`timeout`, `retry`, `maxResponseBytes`, …): checked once when a client is
 * made and on every call's options, so that a bad value is an `InputValidationError` before anything is sent, never
 * a `RangeError` from a timer or a `TypeError` from `fetch`.
 *
 * @module
 */
import type { RequestOptions } from './types.ts';
import { parseSettings, type Rules } from './validate.ts';

/**
 * The longest timeout, in ms: `setTimeout`'s ceiling (2^31 − 1, about 24.8 days); a longer one would fire at once.
 *
 * @example
 * ```ts
 * new UsersClient({ baseUrl, timeout: maxTimeout }); // the longest allowed
 * ```
 */
export const maxTimeout = 2_147_483_647;
/**
 * The most retries a policy may ask for.
 *
 * @example
 * ```ts
 * new UsersClient({ baseUrl, retry: { limit: maxRetries } });
 * ```
 */
export const maxRetries = 100;
/**
 * The default `maxResponseBytes`: 10 MiB.
 *
 * @example
 * ```ts
 * await users.list({ limit: 100 }, { maxResponseBytes: 2 * defaultMaxResponseBytes });
 * ```
 */
export const defaultMaxResponseBytes = 10 * 1024 * 1024;

/**
 * Whether `value` is a function.
 *
 * @example
 * ```ts
 * const rules: Rules = { fetch: [isFunction, 'must be a function'] };
 * ```
 */
export const isFunction = (value: unknown): boolean => typeof value === 'function';
/**
 * A check that `value` is a number from `min` to `max` (a whole number when `whole`).
 *
 * @example
 * ```ts
 * between(0, 100, true)(2.5); // false
 * ```
 */
export const between =
  (min: number, max: number, whole?: boolean) =>
  (value: unknown): boolean =>
    typeof value === 'number' && value >= min && value <= max && (!whole || Number.isInteger(value));
/**
 * A check that `value` is an object whose every value passes `test`.
 *
 * @example
 * ```ts
 * each((item) => typeof item === 'string')({ 'x-api-key': 'k' }); // true
 * ```
 */
export const each =
  (test: (value: unknown) => boolean) =>
  (value: unknown): boolean =>
    typeof value === 'object' && value !== null && Object.values(value).every(test);

const methods = ['get', 'put', 'delete', 'head', 'post', 'patch', 'options', 'trace'];
const policy: Record<string, (value: unknown) => boolean> = {
  limit: between(0, maxRetries, true),
  methods: (value) => Array.isArray(value) && value.every((method) => methods.includes(method)),
  statusCodes: (value) => Array.isArray(value) && value.every(between(100, 599, true)),
  maxRetryAfter: between(0, maxTimeout),
  backoffLimit: between(0, maxTimeout),
  delay: isFunction,
};

const timeout = [
  (value: unknown) => value === false || between(1, maxTimeout)(value),
  `must be false or 1 to ${maxTimeout} ms`,
] as const;
const retry = [
  (value: unknown) =>
    between(0, maxRetries, true)(value) ||
    (typeof value === 'object' &&
      value !== null &&
      Object.entries(policy).every(([key, test]) => {
        const item = (value as Record<string, unknown>)[key];
        return item === undefined || test(item);
      })),
  `must be a whole number from 0 to ${maxRetries}, or a RetryPolicy within its ranges`,
] as const;
const maxResponseBytes = [
  between(1, Number.MAX_SAFE_INTEGER, true),
  'must be a whole number of bytes, at least 1',
] as const;

/**
 * The rules of a client's HTTP settings (see `HttpOptions`): `baseUrl` required, the rest optional and in range.
 *
 * @example
 * ```ts
 * const settings = parseSettings<HttpOptions>(options, httpOptionRules);
 * ```
 */
export const httpOptionRules: Rules = {
  baseUrl: [(value) => typeof value === 'string' || value instanceof URL, 'must be a URL or a string', true],
  fetch: [isFunction, 'must be a function'],
  headers: [
    (value) =>
      each((item) => typeof item === 'string')(value) && !!new Headers(value as Record<string, string>),
    'must hold valid header names and values (no line breaks or control characters)',
  ],
  timeout,
  totalTimeout: timeout,
  retry,
  hooks: [
    each((list) => Array.isArray(list) && list.every(isFunction)),
    'must map hook names to lists of functions',
  ],
  logger: [
    (value) =>
      ['debug', 'info', 'warn', 'error'].every((name) =>
        isFunction((value as Record<string, unknown> | null)?.[name]),
      ),
    'must have debug, info, warn and error functions',
  ],
  logLevel: [
    (value) => ['debug', 'info', 'warn', 'error', 'silent'].includes(value as string),
    "must be 'debug', 'info', 'warn', 'error' or 'silent'",
  ],
  validateResponses: [(value) => value === 'strict' || value === 'off', "must be 'strict' or 'off'"],
  maxResponseBytes,
};

/**
 * The rules of one call's options (see `RequestOptions`).
 *
 * @example
 * ```ts
 * const options = parseSettings<RequestOptions>(given, requestOptionRules, 'options');
 * ```
 */
export const requestOptionRules: Rules = {
  signal: [(value) => value instanceof AbortSignal, 'must be an AbortSignal'],
  timeout,
  retry,
  maxResponseBytes,
};

/** Copies made by {@link checkRequestOptions}: handed back to it (logout, then the request), they pass as they are. */
const checked = new WeakSet<RequestOptions>();

/**
 * A call's options, checked against {@link requestOptionRules} and copied once; `undefined` when there are none.
 *
 * @remarks
 * `null` is refused like any other non-object: only a missing argument skips the check. A copy this function made
 * is returned as it is, so a method that checks its options before passing them on does not check them twice.
 *
 * @throws {@link InputValidationError} naming each option out of its range; nothing is sent.
 *
 * @example
 * ```ts
 * const options = checkRequestOptions({ timeout: 5_000 }); // { timeout: 5000 }
 * checkRequestOptions(options) === options; // true
 * ```
 */
export function checkRequestOptions(options: unknown): RequestOptions | undefined {
  if (options === undefined || checked.has(options as RequestOptions)) {
    return options as RequestOptions | undefined;
  }
  const copy = parseSettings<RequestOptions>(options, requestOptionRules, 'options');
  checked.add(copy);
  return copy;
}
