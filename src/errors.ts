/**
 * Every error the SDK throws, and the one table that maps an HTTP status to its class.
 *
 * @module
 */

const lineage = Symbol.for('magistrala-users.error-lineage');

/**
 * One problem found in a value: where (a dotted path, `''` for the value itself) and what is wrong.
 *
 * @example
 * ```ts
 * const issue: Issue = { path: 'credentials.username', message: 'must not be empty' };
 * if (error instanceof InputValidationError) for (const { path, message } of error.issues) console.log(path, message);
 * ```
 */
export interface Issue {
  /** Dotted path to the offending field, e.g. `credentials.username`; `''` for the value as a whole. */
  readonly path: string;
  /** What is wrong, in words. Never contains the offending value. */
  readonly message: string;
}

/**
 * The base class of every error this SDK throws (except an aborted call, which rejects with the signal's reason).
 *
 * @remarks
 * Its `message`, `toString()` and `toJSON()` never contain a token, a password or a secret.
 *
 * @example
 * ```ts
 * try {
 *   await users.get(id);
 * } catch (error) {
 *   if (error instanceof MagistralaError) console.error(error.name, error.message);
 * }
 * ```
 */
export class MagistralaError extends Error {
  /** The class's name, kept as data: minifiers may rename classes, and copies of a class must agree. */
  static readonly kind: string = 'MagistralaError';
  /** The kinds of this error's classes, most specific first: what `instanceof` checks. */
  declare readonly [lineage]: readonly string[];
  /**
   * The id of the call that failed, as sent in its `X-Request-ID` header (the same across its retries and its replay
   * after a refused token); `undefined` for an error raised before any call, such as an `InputValidationError`.
   */
  requestId?: string;

  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    const kinds: string[] = [];
    for (let type = new.target; type !== Error.prototype.constructor; type = Object.getPrototypeOf(type)) {
      if (Object.hasOwn(type, 'kind')) kinds.push(type.kind);
    }
    Object.defineProperty(this, lineage, { value: kinds });
    this.name = new.target.kind;
  }

  /**
   * `instanceof` that also recognises errors from another copy of this package (its CommonJS and ESM builds, two
   * bundles, another realm), by the class names each error carries.
   *
   * @example
   * ```ts
   * const cjs = require('magistrala-users');
   * new cjs.NotFoundError(init) instanceof NotFoundError; // true, although the two classes differ
   * ```
   */
  static override [Symbol.hasInstance]<T>(
    this: abstract new (
      ...args: never[]
    ) => T,
    value: unknown,
  ): value is T {
    const kinds = (value as { [lineage]?: unknown } | null | undefined)?.[lineage];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` was asked about, often a subclass.
    return Array.isArray(kinds) && kinds.includes((this as unknown as typeof MagistralaError).kind);
  }

  /**
   * A plain, secret-free view for loggers and `JSON.stringify`.
   *
   * @example
   * ```ts
   * console.log(JSON.stringify(error)); // {"name":"NotFoundError","message":"GET /users/42 failed with 404: entity not found",…}
   * ```
   */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this.requestId && { requestId: this.requestId }) };
  }
}

/**
 * What an {@link ApiError} is built from: the reply and the request it answers.
 *
 * @example
 * ```ts
 * const error = new ApiError({ status: 503, body: { message: 'unavailable' }, method: 'GET', url: 'http://users.test/health' });
 * ```
 */
export interface ApiErrorInit {
  /** HTTP status of the reply. */
  readonly status: number;
  /** The reply body: parsed JSON, text, or `undefined` when empty. */
  readonly body: unknown;
  /** Request method, upper case. */
  readonly method: string;
  /** Request URL without its query string (a query may hold a token). */
  readonly url: string;
  /** Reply headers. */
  readonly headers?: Headers;
}

/**
 * The server answered with a non-2xx status.
 *
 * @remarks
 * `message` is the server's own message, read from a `{message}` or `{error, message}` body or from plain text,
 * after the method and path. Subclasses per status let callers branch with `instanceof`; see
 * {@link errorFromResponse}.
 *
 * @example
 * ```ts
 * try {
 *   await users.create(input);
 * } catch (error) {
 *   if (error instanceof ApiError && error.serverMessage === 'username not available') askForAnotherName();
 *   else throw error;
 * }
 * ```
 */
export class ApiError extends MagistralaError {
  static override readonly kind: string = 'ApiError';
  /** HTTP status of the reply. */
  declare readonly status: number;
  /** The reply body: parsed JSON, text, or `undefined` when empty. */
  declare readonly body: unknown;
  /** Request method, upper case. */
  declare readonly method: string;
  /** Request URL without its query string. */
  declare readonly url: string;
  /** The server's message alone (`''` when the reply had none). */
  declare readonly serverMessage: string;

  constructor(init: ApiErrorInit) {
    const serverMessage = messageOf(init.body);
    const path = new URL(init.url).pathname;
    super(`${init.method} ${path} failed with ${init.status}${serverMessage ? `: ${serverMessage}` : ''}`);
    this.status = init.status;
    this.body = init.body;
    this.method = init.method;
    this.url = init.url;
    this.serverMessage = serverMessage;
  }

  /**
   * A plain, secret-free view for loggers and `JSON.stringify`: name, message, status, method and URL.
   *
   * @example
   * ```ts
   * console.log(JSON.stringify(error)); // {"name":"NotFoundError",…,"status":404,"method":"GET","url":"…/users/42"}
   * ```
   */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, method: this.method, url: this.url };
  }
}

/**
 * 400: the server rejected the input (validation, duplicates such as `username not available`).
 *
 * @example
 * ```ts
 * if (error instanceof BadRequestError) showFormError(error.serverMessage);
 * ```
 */
export class BadRequestError extends ApiError {
  static override readonly kind: string = 'BadRequestError';
}

/**
 * 401: missing, invalid or expired credentials (also a wrong password at login or `email not verified`).
 *
 * @example
 * ```ts
 * if (error instanceof AuthenticationError) redirectToLogin();
 * ```
 */
export class AuthenticationError extends ApiError {
  static override readonly kind: string = 'AuthenticationError';
}

/**
 * 403: authenticated, but not allowed (for example a role change by a non-admin).
 *
 * @example
 * ```ts
 * if (error instanceof PermissionDeniedError) showForbidden();
 * ```
 */
export class PermissionDeniedError extends ApiError {
  static override readonly kind: string = 'PermissionDeniedError';
}

/**
 * 404: no such entity, or one the caller may not see (the server answers 404 rather than 403 for most admin-only
 * operations).
 *
 * @example
 * ```ts
 * const user = await users.get(id).catch((e) => (e instanceof NotFoundError ? undefined : Promise.reject(e)));
 * ```
 */
export class NotFoundError extends ApiError {
  static override readonly kind: string = 'NotFoundError';
}

/**
 * 409: a conflict (older servers answered duplicates this way).
 *
 * @example
 * ```ts
 * if (error instanceof ConflictError) console.warn('already exists');
 * ```
 */
export class ConflictError extends ApiError {
  static override readonly kind: string = 'ConflictError';
}

/**
 * 422: the request was understood but could not be carried out (`status already assigned`,
 * `user already verified`, …).
 *
 * @example
 * ```ts
 * if (error instanceof UnprocessableEntityError) console.warn(error.serverMessage);
 * ```
 */
export class UnprocessableEntityError extends ApiError {
  static override readonly kind: string = 'UnprocessableEntityError';
}

/**
 * 429: too many requests. `retryAfter` is the server's `Retry-After`, in milliseconds, when it sent one.
 *
 * @example
 * ```ts
 * if (error instanceof RateLimitError) await sleep(error.retryAfter ?? 1000);
 * ```
 */
export class RateLimitError extends ApiError {
  static override readonly kind: string = 'RateLimitError';
  /** How long the server asked to wait, in milliseconds, if it said. */
  declare readonly retryAfter: number | undefined;

  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfter = retryAfterOf(init.headers?.get('retry-after'));
  }
}

/**
 * 3xx: the server answered with a redirect, which the SDK never follows (the users service never redirects, and
 * following one would re-send the body, the bearer and custom headers to wherever it points).
 *
 * @remarks
 * `status` is the redirect's status, or `0` for a browser's opaque redirect (`response.type === 'opaqueredirect'`),
 * whose target the browser hides. `location` is the target's origin and path, resolved against the request URL;
 * its query, fragment and credentials are dropped, and the message names only its origin. The body is not read,
 * and the error is not retried. Usually the base URL is wrong: `http://` where the server redirects to `https://`,
 * or a path the gateway moved.
 *
 * @example
 * ```ts
 * try {
 *   await users.login({ username, password });
 * } catch (error) {
 *   if (error instanceof UnexpectedRedirectError) console.error(`check baseUrl: the server points to ${error.location}`);
 * }
 * ```
 */
export class UnexpectedRedirectError extends ApiError {
  static override readonly kind: string = 'UnexpectedRedirectError';
  /** Where the redirect pointed (origin and path only), or `undefined` when the runtime hides it. */
  declare readonly location: string | undefined;

  constructor(init: ApiErrorInit) {
    super({ ...init, body: undefined });
    this.location = locationOf(init.headers?.get('location'), init.url);
    const path = new URL(init.url).pathname;
    const target = this.location === undefined ? '' : ` to ${new URL(this.location).origin}`;
    this.message = `${init.method} ${path} was redirected (${init.status})${target}; redirects are not followed`;
  }
}

/**
 * 5xx: the server failed. Upstream 500s carry no body, so `serverMessage` is often `''`.
 *
 * @example
 * ```ts
 * if (error instanceof InternalServerError) reportOutage(error.status);
 * ```
 */
export class InternalServerError extends ApiError {
  static override readonly kind: string = 'InternalServerError';
}

/**
 * No response: the connection failed (DNS, refused, reset). The original error is the `cause`.
 *
 * @example
 * ```ts
 * if (error instanceof ConnectionError) showOfflineBanner();
 * ```
 */
export class ConnectionError extends MagistralaError {
  static override readonly kind: string = 'ConnectionError';
}

/**
 * No response in time: the per-attempt `timeout` or the `totalTimeout` ran out.
 *
 * @example
 * ```ts
 * await users.list({}, { timeout: 2_000 }).catch((e) => e instanceof TimeoutError && retryLater());
 * ```
 */
export class TimeoutError extends MagistralaError {
  static override readonly kind: string = 'TimeoutError';
}

/**
 * The reply was larger than `maxResponseBytes` (default 10 MiB): the SDK stopped reading it and aborted the request.
 *
 * @remarks
 * Raised as soon as the reply's `Content-Length` or the bytes actually received pass the limit, so an endless or
 * huge body costs at most that much memory. It is not retried: a server that sent too much once will do it again.
 * Raise the limit per client or per call (`maxResponseBytes`) if a legitimate reply needs more.
 *
 * @example
 * ```ts
 * try {
 *   await users.list({ limit: 100 });
 * } catch (error) {
 *   if (error instanceof ResponseTooLargeError) await users.list({ limit: 100 }, { maxResponseBytes: 2 * error.limit });
 * }
 * ```
 */
export class ResponseTooLargeError extends MagistralaError {
  static override readonly kind: string = 'ResponseTooLargeError';
  /** The limit that was passed, in bytes. */
  declare readonly limit: number;
  /** Request method, upper case. */
  declare readonly method: string;
  /** Request URL without its query string. */
  declare readonly url: string;

  /**
   * @param limit - The limit that was passed, in bytes.
   * @param method - Request method, upper case.
   * @param url - Request URL without its query string.
   */
  constructor(limit: number, method: string, url: string) {
    super(`${method} ${new URL(url).pathname} replied with more than ${limit} bytes`);
    this.limit = limit;
    this.method = method;
    this.url = url;
  }
}

/** Base of the two errors that carry a list of {@link Issue}s. */
abstract class IssuesError extends MagistralaError {
  /** Every problem found. */
  declare readonly issues: readonly Issue[];

  constructor(summary: string, issues: readonly Issue[]) {
    super(
      printable(
        `${summary}: ${issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ')}`,
        maxMessageLength * 4,
      ),
    );
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/**
 * The input given to a method is wrong. Thrown before anything is sent; `issues` lists every problem.
 *
 * @example
 * ```ts
 * try {
 *   await users.create({ first_name: '', last_name: 'Doe', email: 'nope', credentials: { username: 'j', secret: '' } });
 * } catch (error) {
 *   if (error instanceof InputValidationError) for (const issue of error.issues) console.log(issue.path, issue.message);
 * }
 * ```
 */
export class InputValidationError extends IssuesError {
  static override readonly kind: string = 'InputValidationError';

  constructor(issues: readonly Issue[]) {
    super('Invalid input', issues);
  }
}

/**
 * The server's reply does not have the expected shape. Set `validateResponses: 'off'` to accept it anyway.
 *
 * @example
 * ```ts
 * if (error instanceof ResponseValidationError) console.error(error.issues);
 * ```
 */
export class ResponseValidationError extends IssuesError {
  static override readonly kind: string = 'ResponseValidationError';
  /** Request method, upper case. */
  declare readonly method: string;
  /** Request URL without its query string. */
  declare readonly url: string;

  constructor(issues: readonly Issue[], method: string, url: string) {
    super(`Unexpected reply to ${method} ${new URL(url).pathname}`, issues);
    this.method = method;
    this.url = url;
  }
}

/**
 * The session has ended and the user must log in again: the server refused the refresh token (expired, revoked,
 * account disabled), the refresh token's own expiry passed, or the session was signed out meanwhile.
 *
 * @remarks
 * When the server refused the refresh, `cause` is its {@link ApiError}: a disabled account shows as an
 * {@link AuthenticationError} whose `serverMessage` is `failed to login in disabled user`.
 *
 * @example
 * ```ts
 * users = new UsersClient({ baseUrl, onSessionChange: (e) => e.type === 'expired' && showLogin() });
 * await users.profile().catch((e) => e instanceof SessionExpiredError && showLogin());
 * ```
 */
export class SessionExpiredError extends MagistralaError {
  static override readonly kind: string = 'SessionExpiredError';
}

/**
 * Thrown when a lock shared by tabs or processes could not be taken in time.
 *
 * @remarks
 * The holder is alive and still working (a holder that died is taken over instead), so the caller may try
 * again later. Neither the message nor any field holds a token.
 *
 * @example
 * ```ts
 * try {
 *   await store.lock?.(refresh);
 * } catch (error) {
 *   if (error instanceof LockTimeoutError) console.warn(`${error.lockName} is busy, try again later`);
 * }
 * ```
 */
export class LockTimeoutError extends MagistralaError {
  static override readonly kind: string = 'LockTimeoutError';
  /** The lock's name: a storage key, a Web Locks name or a lock file's path. */
  declare readonly lockName: string;
  /** How long the caller waited, in milliseconds. */
  declare readonly timeoutMs: number;

  /**
   * @param lockName - The lock's name: a storage key, a Web Locks name or a lock file's path.
   * @param timeoutMs - How long the caller waited, in milliseconds.
   * @param options - `cause`, when a lower-level error ended the wait.
   */
  constructor(lockName: string, timeoutMs: number, options?: ErrorOptions) {
    super(`Timed out after ${timeoutMs} ms waiting for the lock "${lockName}"`, options);
    this.lockName = lockName;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Thrown by {@link webStorageTokenStore} when no storage was given and `globalThis.localStorage` is missing
 * or refuses access.
 *
 * @example
 * ```ts
 * const store = typeof localStorage === 'undefined' ? memoryTokenStore() : webStorageTokenStore();
 * ```
 */
export class StorageUnavailableError extends MagistralaError {
  static override readonly kind: string = 'StorageUnavailableError';
}

/**
 * The server behind this client cannot do what was asked (an operation, or one of its parameters, has no
 * equivalent there). Nothing was sent.
 *
 * @remarks
 * Raised before any request, never by guessing an emulation: on ATOM, for example, `listRefreshTokens()` and a
 * `list()` ordered by `username` have no equivalent. `operation` names the method (and parameter), `backend` the server.
 *
 * @example
 * ```ts
 * try {
 *   await users.listRefreshTokens();
 * } catch (error) {
 *   if (error instanceof UnsupportedOperationError) console.warn(`${error.operation} is not on ${error.backend}`);
 * }
 * ```
 */
export class UnsupportedOperationError extends MagistralaError {
  static override readonly kind: string = 'UnsupportedOperationError';
  /** The method, and the parameter when only that is unsupported, e.g. `list(order)`. */
  declare readonly operation: string;
  /** The backend that cannot do it, e.g. `atom`. */
  declare readonly backend: string;

  /**
   * @param operation - The method, and the parameter when only that is unsupported, e.g. `list(order)`.
   * @param backend - The backend that cannot do it.
   */
  constructor(operation: string, backend: string) {
    super(`${operation} is not supported by the ${backend} backend`);
    this.operation = operation;
    this.backend = backend;
  }
}

type ApiErrorClass = new (init: ApiErrorInit) => ApiError;

const byStatus: Readonly<Record<number, ApiErrorClass>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/**
 * Builds the {@link ApiError} subclass for a reply's status: the one status → class table.
 *
 * @example
 * ```ts
 * const error = errorFromResponse({ status: 404, body: { message: 'entity not found' }, method: 'GET', url });
 * error instanceof NotFoundError; // true
 * ```
 */
export function errorFromResponse(init: ApiErrorInit): ApiError {
  const ErrorClass =
    byStatus[init.status] ??
    (init.status >= 500
      ? InternalServerError
      : init.status >= 300 && init.status < 400
        ? UnexpectedRedirectError
        : ApiError);
  return new ErrorClass(init);
}

/** The longest `serverMessage` kept, in characters; longer ones are cut and end with `…`. */
const maxMessageLength = 1000;
/** The longest `retryAfter`, in ms: a server's word is not worth waiting on for longer than an hour. */
const maxRetryAfter = 3_600_000;

function messageOf(body: unknown): string {
  if (typeof body === 'string') return printable(body, maxMessageLength);
  if (typeof body !== 'object' || body === null) return '';
  const { message, error, errors } = body as { message?: unknown; error?: unknown; errors?: unknown };
  // A GraphQL reply reports its failures in `errors[]`: the first one's message is the server's.
  if (Array.isArray(errors)) return messageOf(errors[0]);
  const parts = [message, error].filter((part): part is string => typeof part === 'string' && part !== '');
  return printable(parts.join(': '), maxMessageLength);
}

// Escape sequences whole (CSI, OSC and the other string controls, 7-bit and 8-bit), so that no remnant such as
// "]0;title" is left behind; then every other C0 or C1 control, DEL and the bidirectional overrides.
const escapeSequences =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[\x20-\x2f]*[\x30-\x7e]?/gu;
const spacing = /[\t\n\v\f\r]+/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const controls = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Text from a server made safe to print: escape sequences and control characters removed (line breaks and tabs
 * become spaces), trimmed, and cut at `max` characters without splitting a surrogate pair.
 */
function printable(text: string, max: number): string {
  // Bound the work before the regular expressions run: a 10 MiB message would otherwise be scanned whole.
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const clean = head.replace(escapeSequences, '').replace(spacing, ' ').replace(controls, '').trim();
  if (clean.length <= max && head.length === text.length) return clean;
  let cut = clean.slice(0, max - 1);
  if (/[\ud800-\udbff]$/u.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function retryAfterOf(header: string | null | undefined): number | undefined {
  if (header == null) return undefined;
  const value = header.trim();
  // Seconds, as the RFC says (digits), or as lenient servers write them (a fraction, an exponent): capped either way.
  if (/^\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(value)) return Math.min(maxRetryAfter, Number(value) * 1000);
  // An HTTP date starts with its day name or ends in GMT; anything else (negative, hex, words) says nothing.
  const date = /^[a-z]{3},/i.test(value) || /gmt$/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.min(maxRetryAfter, Math.max(0, date - Date.now()));
}

function locationOf(header: string | null | undefined, requestUrl: string): string | undefined {
  if (header == null) return undefined;
  try {
    const url = new URL(header, requestUrl);
    return `${url.origin}${url.pathname}`;
  } catch {
    return undefined;
  }
}
