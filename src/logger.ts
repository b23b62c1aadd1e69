/**
 * The SDK's logging: the level filter, the structured events, and the redaction of anything that may carry a
 * secret (headers, bodies, query strings). It knows no HTTP library.
 *
 * @module
 */

/**
 * Where log events go: anything with `debug`, `info`, `warn` and `error`, such as `console` or a pino logger.
 *
 * @remarks
 * Each event is logged as two arguments: a short message (`'magistrala-users: response'`) and one plain object
 * ({@link LogEvent}) holding no token, password or secret.
 *
 * @example
 * ```ts
 * const users = new UsersClient({ baseUrl, logger: console, logLevel: 'debug' });
 * ```
 */
export interface Logger {
  /**
   * Every attempt and response.
   *
   * @example
   * ```ts
   * logger.debug('magistrala-users: response', { event: 'response', status: 200 });
   * ```
   */
  debug(message: string, event: LogEvent): void;
  /**
   * Session changes and replays after a refused token.
   *
   * @example
   * ```ts
   * logger.info('magistrala-users: signed-in', { event: 'signed-in' });
   * ```
   */
  info(message: string, event: LogEvent): void;
  /**
   * Retries, a refresh that failed while the session was kept, a store that refused to save.
   *
   * @example
   * ```ts
   * logger.warn('magistrala-users: retry', { event: 'retry', attempt: 2, status: 503 });
   * ```
   */
  warn(message: string, event: LogEvent): void;
  /**
   * A call that failed for good.
   *
   * @example
   * ```ts
   * logger.error('magistrala-users: failed', { event: 'failed', error: { name: 'TimeoutError', message: 'GET /health timed out' } });
   * ```
   */
  error(message: string, event: LogEvent): void;
}

/**
 * The least severe events logged: `'debug'` logs all, `'silent'` none. A `logger` given without a level logs
 * from `'info'` up; without a `logger` nothing is logged.
 *
 * @example
 * ```ts
 * const level: LogLevel = process.env.DEBUG ? 'debug' : 'warn';
 * ```
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * One structured log event. Fields that do not apply are absent.
 *
 * @example
 * ```ts
 * const logger = { ...console, warn: (message: string, event: LogEvent) => metrics.count(event.event) };
 * ```
 */
export interface LogEvent {
  /** What happened: `request`, `response`, `retry`, `replay`, `failed`, or a session event type. */
  readonly event: string;
  /** The call's id, sent as `X-Request-ID`. */
  readonly requestId?: string;
  /** Upper-case HTTP method. */
  readonly method?: string;
  /** The URL's path, never its query string. */
  readonly path?: string;
  /** The attempt, from 1, counted across retries and the replay after a refused token. */
  readonly attempt?: number;
  /** The reply's status. */
  readonly status?: number;
  /** Milliseconds since the call (for `response`: the attempt) began. */
  readonly durationMs?: number;
  /** For failures: the error's name and message (the SDK's messages hold no secret). */
  readonly error?: {
    /** The error's class name, e.g. `TimeoutError`. */
    readonly name: string;
    /** Its message. */
    readonly message: string;
  };
}

/**
 * Logs an event at a level; what {@link logTo} returns.
 *
 * @example
 * ```ts
 * const log: Log = logTo(console, 'info');
 * log('warn', 'retry', { event: 'retry', attempt: 2 });
 * ```
 */
export type Log = (level: Exclude<LogLevel, 'silent'>, message: string, event: LogEvent) => void;

const levels = ['debug', 'info', 'warn', 'error', 'silent'];

/**
 * A {@link Log} that passes events at `threshold` and above to `logger` (default `'info'`); an exception the
 * logger throws is swallowed.
 *
 * @example
 * ```ts
 * logTo(console, 'debug')('debug', 'request', { event: 'request', method: 'GET', path: '/health' });
 * ```
 */
export function logTo(logger: Logger | undefined, threshold: LogLevel = 'info'): Log {
  const floor = levels.indexOf(threshold);
  return (level, message, event) => {
    if (!logger || levels.indexOf(level) < floor) return;
    try {
      logger[level](`magistrala-users: ${message}`, event);
    } catch {
      // A logger's failure must not fail the call it reports on.
    }
  };
}

/** Body fields and query parameters whose values are secrets. */
const secretKeys = new Set([
  'password',
  'secret',
  'old_secret',
  'new_secret',
  'confirm_password',
  'token',
  'access_token',
  'refresh_token',
]);
/** Headers whose values are secrets. */
const secretHeaders = ['authorization', 'cookie', 'set-cookie'];

/**
 * What replaces a secret.
 *
 * @example
 * ```ts
 * redact({ password: 'x' }); // { password: redacted }
 * ```
 */
export const redacted = '[redacted]';

/**
 * A copy of `value` with every secret field ({@link redacted}) replaced, at any depth; headers lose
 * `Authorization` and cookies, URLs the values of secret query parameters.
 *
 * @example
 * ```ts
 * redact({ username: 'ada', password: '12345678' }); // { username: 'ada', password: '[redacted]' }
 * ```
 */
export function redact(value: unknown): unknown {
  if (value instanceof Headers) {
    const copy = new Headers(value);
    for (const name of secretHeaders) if (copy.has(name)) copy.set(name, redacted);
    return copy;
  }
  if (value instanceof URL) {
    const copy = new URL(value);
    for (const key of [...copy.searchParams.keys()]) {
      if (secretKeys.has(key)) copy.searchParams.set(key, redacted);
    }
    return copy;
  }
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) {
    return value;
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      secretKeys.has(key) || secretHeaders.includes(key.toLowerCase()) ? redacted : redact(item),
    ]),
  );
}

/**
 * A request body that is safe to show: JSON with its secret fields redacted, anything else (not JSON) redacted
 * whole; `undefined` or `''` as it is.
 *
 * @example
 * ```ts
 * redactBody('{"password":"x"}'); // '{"password":"[redacted]"}'
 * ```
 */
export function redactBody(text: unknown): unknown {
  if (typeof text !== 'string' || text === '') return text;
  try {
    return JSON.stringify(redact(JSON.parse(text)));
  } catch {
    return redacted;
  }
}

/**
 * A copy of `request` that is safe to show: secret headers, query parameters and JSON body fields redacted.
 *
 * @example
 * ```ts
 * const shown = await redactRequest(request);
 * console.log(shown.headers.get('authorization')); // [redacted]
 * ```
 */
export async function redactRequest(request: Request): Promise<Request> {
  const body = redactBody(request.body ? await request.clone().text() : undefined);
  return new Request(String(redact(new URL(request.url))), {
    method: request.method,
    headers: redact(request.headers) as Headers,
    ...(body !== undefined && { body: body as string }),
  });
}
