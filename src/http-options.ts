/**
 * The valid ranges of the HTTP settings (`timeout`, `retry`, `maxResponseBytes`, …), as schemas: checked once when a
 * client is made and on every call's options, so that a bad value is an `InputValidationError` before anything is
 * sent, never a `RangeError` from a timer or a `TypeError` from `fetch`.
 *
 * @module
 */
import * as z from 'zod/mini';

/** The longest timeout, in ms: `setTimeout`'s ceiling (2^31 − 1, about 24.8 days); a longer one would fire at once. */
export const maxTimeout = 2_147_483_647;
/** The most retries a policy may ask for. */
export const maxRetries = 100;
/** The default `maxResponseBytes`: 10 MiB. */
export const defaultMaxResponseBytes = 10 * 1024 * 1024;

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';
const fn = <T>(what: string) => z.custom<T>(isFunction, `${what} must be a function`);

const milliseconds = (min: number) =>
  z
    .number('must be a number of milliseconds')
    .check(
      z.minimum(min, `must be at least ${min} ms`),
      z.maximum(maxTimeout, `must be at most ${maxTimeout} ms`),
    );

/** A timeout: `1` to {@link maxTimeout} ms, or `false` for none. */
export const timeoutSchema = z.union([z.literal(false), milliseconds(1)], {
  error: `must be false or a number of milliseconds from 1 to ${maxTimeout}`,
});

const retryLimit = z
  .int(`must be a whole number from 0 to ${maxRetries}`)
  .check(z.minimum(0, 'must not be negative'), z.maximum(maxRetries, `must be at most ${maxRetries}`));

const retryPolicyObject = z.object({
  limit: z.optional(retryLimit),
  methods: z.optional(
    z.array(
      z.enum(['get', 'put', 'delete', 'head', 'post', 'patch', 'options', 'trace'], 'must be lower-case'),
    ),
  ),
  statusCodes: z.optional(z.array(z.int().check(z.minimum(100), z.maximum(599)))),
  maxRetryAfter: z.optional(milliseconds(0)),
  backoffLimit: z.optional(milliseconds(0)),
  delay: z.optional(fn<(attempt: number) => number>('delay')),
});

/** A retry policy: a limit from 0 to {@link maxRetries}, or a policy object whose durations fit a timer. */
export const retrySchema = z.union([retryLimit, retryPolicyObject], {
  error: `must be a whole number from 0 to ${maxRetries}, or a retry policy object`,
});

/** A reply size limit in bytes: a whole number from 1 up. */
export const maxResponseBytesSchema = z
  .int('must be a whole number of bytes')
  .check(z.minimum(1, 'must be at least 1 byte'), z.maximum(Number.MAX_SAFE_INTEGER));

const signalSchema = z.custom<AbortSignal>(
  (value) => typeof AbortSignal !== 'undefined' && value instanceof AbortSignal,
  'must be an AbortSignal',
);

const headersSchema = z.record(z.string(), z.string('must be a string')).check(
  z.refine((headers) => {
    try {
      new Headers(headers);
      return true;
    } catch {
      return false;
    }
  }, 'must hold valid header names and values (no line breaks or control characters)'),
);

const hooksSchema = z.custom<object>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((list) => Array.isArray(list) && list.every(isFunction)),
  'must map hook names to lists of functions',
);

/** A client's HTTP settings (see `HttpOptions`). Unknown keys are dropped. */
export const httpOptionsSchema = z.object({
  baseUrl: z.union([z.string(), z.custom<URL>((value) => value instanceof URL)], 'must be a URL or a string'),
  fetch: z.optional(fn<typeof fetch>('fetch')),
  headers: z.optional(headersSchema),
  timeout: z.optional(timeoutSchema),
  totalTimeout: z.optional(timeoutSchema),
  retry: z.optional(retrySchema),
  hooks: z.optional(hooksSchema),
  validateResponses: z.optional(z.enum(['strict', 'off'], "must be 'strict' or 'off'")),
  maxResponseBytes: z.optional(maxResponseBytesSchema),
});

/** One call's options (see `RequestOptions`): `undefined`, or an object of known keys. */
export const requestOptionsSchema = z.optional(
  z.object(
    {
      signal: z.optional(signalSchema),
      timeout: z.optional(timeoutSchema),
      retry: z.optional(retrySchema),
      maxResponseBytes: z.optional(maxResponseBytesSchema),
    },
    'must be an object of { signal, timeout, retry, maxResponseBytes }',
  ),
);
