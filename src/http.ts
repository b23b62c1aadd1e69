/**
 * The one place where requests are made: base URL, headers, bearer, timeout, retries, the replay after a refused
 * token, and the mapping of every failure to the SDK's errors. It knows no endpoint.
 *
 * @module
 */
import ky, {
  type Hooks,
  HTTPError,
  TimeoutError as KyTimeoutError,
  NetworkError,
  type Options,
  type RetryOptions,
} from 'ky';
import * as z from 'zod/mini';
import { abortable } from './abortable.ts';
import {
  ApiError,
  ConnectionError,
  errorFromResponse,
  InputValidationError,
  MagistralaError,
  ResponseValidationError,
  TimeoutError,
  UnexpectedRedirectError,
} from './errors.ts';
import { defaultMaxResponseBytes, httpOptionRules, requestOptionRules } from './http-options.ts';
import type { LogEvent } from './logger.ts';
import { type Log, type Logger, type LogLevel, logTo, redact, redactBody, redactRequest } from './logger.ts';
import { readReply } from './read-reply.ts';
import { requestId } from './request-id.ts';
import type { FetchFunction, RequestOptions, ResponseValidation, RetryPolicy } from './types.ts';
import { issuesOf, parseSettings } from './validate.ts';

/** Lower-case HTTP methods the users service uses. */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Supplies bearer tokens to {@link Http} and is told when the server refuses one.
 *
 * @example
 * ```ts
 * const fixed: Authenticator = { token: async () => 'pat_…', rejected: async (_sent, error) => Promise.reject(error) };
 * ```
 */
export interface Authenticator {
  /** The bearer for the next request (refreshing first if it must), or `undefined` to send none. */
  token(): Promise<string | undefined>;
  /** The server answered 401 to `sent`: resolves with the bearer to replay the request with once, or rejects. */
  rejected(sent: string, error: ApiError): Promise<string>;
}

/**
 * The HTTP settings of a client: shared by every request it makes, and by clients derived from it.
 *
 * @example
 * ```ts
 * const options: HttpOptions = { baseUrl: 'https://iot.example.com/api/users', timeout: 5_000, retry: 3 };
 * ```
 */
export interface HttpOptions {
  /** The users service root, e.g. `http://localhost:9002`; a path prefix such as `/api/users` is kept. */
  readonly baseUrl: string | URL;
  /** The `fetch` to use (default: the global `fetch`, looked up per request). */
  readonly fetch?: FetchFunction | undefined;
  /** Headers sent with every request. */
  readonly headers?: Record<string, string> | undefined;
  /**
   * Per-attempt timeout in ms, covering the whole reply, body included (default 10 000; 1 to 2 147 483 647, or
   * `false`: none).
   */
  readonly timeout?: number | false | undefined;
  /**
   * Bound on a whole call, in ms: every attempt, the backoff between them and the replay after a refused token
   * (default: none; 1 to 2 147 483 647, or `false`).
   */
  readonly totalTimeout?: number | false | undefined;
  /** Retries of idempotent requests (default 2; 0 to 100); see {@link RetryPolicy}. */
  readonly retry?: RetryPolicy | undefined;
  /**
   * The most bytes a reply may bring (default 10 MiB = 10 485 760): a longer one is cut off and rejects with
   * `ResponseTooLargeError`, error replies included.
   */
  readonly maxResponseBytes?: number | undefined;
  /**
   * ky hooks, for instrumentation. They see a redacted copy of each request and of ky's options (no
   * `Authorization`, cookie, password, secret or token): a `Response` they return is used, a `Request` is not.
   */
  readonly hooks?: Hooks | undefined;
  /** Receives structured events for every attempt, response, retry, refresh and session change (default: none). */
  readonly logger?: Logger | undefined;
  /** The least severe events passed to `logger` (default `'info'` when there is a logger). */
  readonly logLevel?: LogLevel | undefined;
  /** `'strict'` (default) rejects replies of the wrong shape with `ResponseValidationError`; `'off'` accepts them. */
  readonly validateResponses?: ResponseValidation | undefined;
}

/** Who authorises a request: the client's session (or static token), nobody, or a given bearer. */
export type Auth = 'session' | 'none' | { readonly bearer: string };

/** One request, described. */
export interface Call<S extends z.ZodMiniType | undefined = undefined> {
  readonly method: Method;
  /** Path under the base URL, without a leading slash, segments already encoded. */
  readonly path: string;
  readonly query?: URLSearchParams | undefined;
  readonly json?: unknown;
  /** Who authorises it (default `'session'`). */
  readonly auth?: Auth;
  /** The reply's schema; without one the reply body is ignored and the call resolves to `undefined`. */
  readonly reply?: S;
  /** For protocols that report failures in a 2xx body (GraphQL): the status the body stands for, if it is one. */
  readonly refusal?: ((body: unknown) => number | undefined) | undefined;
  readonly options?: RequestOptions | undefined;
}

/** What a {@link Call} resolves to. */
export type Reply<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

const defaultTimeout = 10_000;

const defaultRetry = {
  limit: 2,
  methods: ['get', 'put', 'delete', 'head'],
  statusCodes: [408, 429, 500, 502, 503, 504],
  afterStatusCodes: [413, 429, 503],
  maxRetryAfter: 30_000,
  backoffLimit: 10_000,
  jitter: true,
  retryOnTimeout: true,
};

/**
 * Sends requests for a client: the single ky instance and everything around it.
 *
 * @example
 * ```ts
 * const http = new Http({ baseUrl: 'http://localhost:9002' });
 * const health = await http.send({ method: 'get', path: 'health', auth: 'none', reply: healthSchema });
 * ```
 */
export class Http {
  readonly #base: string;
  readonly #ky: typeof ky;
  readonly #validate: boolean;
  readonly #auth: Authenticator | undefined;
  readonly #fetch: FetchFunction | undefined;
  readonly #maxResponseBytes: number;
  /** An `X-Request-ID` the app set in `headers`: it wins over a generated one. */
  readonly #givenId: string | null;
  /** Logs an event, or drops it below the client's `logLevel`. */
  readonly log: Log;
  /** The settings this instance was made from, for clients derived from it. */
  readonly options: HttpOptions;

  /** @throws {@link InputValidationError} when a setting is out of its range (nothing is ever sent). */
  constructor(options: HttpOptions, auth?: Authenticator) {
    // Only the HTTP settings are kept: a client's options also hold its tokens, which must not travel further.
    const settings = parseSettings<HttpOptions>(options, httpOptionRules);
    const {
      baseUrl,
      fetch,
      headers,
      timeout,
      totalTimeout,
      retry,
      hooks,
      validateResponses,
      maxResponseBytes,
      logger,
      logLevel,
    } = settings;
    this.options = {
      logger,
      logLevel,
      baseUrl,
      fetch,
      headers,
      timeout,
      totalTimeout,
      retry,
      hooks,
      validateResponses,
      maxResponseBytes,
    };
    this.#auth = auth;
    this.log = logTo(logger, logLevel);
    this.#givenId = new Headers(headers).get('x-request-id');
    this.#base = baseOf(baseUrl);
    this.#validate = validateResponses !== 'off';
    this.#fetch = fetch;
    this.#maxResponseBytes = maxResponseBytes ?? defaultMaxResponseBytes;
    this.#ky = ky.create({
      headers: { accept: 'application/json', ...headers },
      timeout: timeout ?? defaultTimeout,
      totalTimeout: totalTimeout ?? false,
      retry: retryOf(retry),
      throwHttpErrors: true,
      // The users services never redirect; following one would re-send the body, bearer and headers elsewhere.
      redirect: 'manual',
      ...(hooks && { hooks: redacting(hooks) }),
    });
  }

  /** The same settings with another authenticator. */
  withAuth(auth: Authenticator | undefined): Http {
    return new Http(this.options, auth);
  }

  /**
   * Sends one call, replays it once with a new bearer if the server refuses the one it carried, and resolves with
   * the parsed reply.
   */
  async send<S extends z.ZodMiniType | undefined = undefined>(given: Call<S>): Promise<Reply<S>> {
    const options =
      given.options === undefined
        ? undefined
        : parseSettings<RequestOptions>(given.options, requestOptionRules, 'options');
    const call: Call<S> = { ...given, options };
    const started = performance.now();
    const trace: Trace = { id: this.#givenId ?? requestId(), attempts: 0, started };
    const auth = call.auth ?? 'session';
    const authenticator = auth === 'session' ? this.#auth : undefined;
    const signal = call.options?.signal;
    // Nothing is sent for a call already aborted, not even the refresh its bearer would need.
    if (signal?.aborted) throw signal.reason;
    // Waiting on a refresh that others share is bounded by this call's own timeout; the refresh goes on.
    const wait = call.options?.timeout ?? this.options.timeout ?? defaultTimeout;
    try {
      const bearer =
        typeof auth === 'object'
          ? auth.bearer
          : authenticator && (await abortable(authenticator.token(), signal, wait));
      try {
        return await this.#attempt(call, bearer, trace);
      } catch (error) {
        if (!(authenticator && bearer !== undefined && isUnauthorized(error))) throw error;
        this.log('info', 'replay', this.#fields(trace, call, 'replay', { status: 401 }));
        return await this.#attempt(
          call,
          await abortable(authenticator.rejected(bearer, error), signal, wait),
          trace,
        );
      }
    } catch (error) {
      if (error instanceof MagistralaError) error.requestId ??= trace.id;
      this.log('error', 'failed', this.#fields(trace, call, 'failed', { error: errorOf(error) }));
      throw error;
    }
  }

  /** The fields every event of `call` carries. */
  #fields(
    trace: Trace,
    call: Call<z.ZodMiniType | undefined>,
    event: string,
    more?: Partial<LogEvent>,
  ): LogEvent {
    return {
      event,
      requestId: trace.id,
      method: call.method.toUpperCase(),
      path: new URL(this.#base + call.path).pathname,
      attempt: trace.attempts,
      durationMs: Math.round(performance.now() - trace.started),
      ...more,
    };
  }

  async #attempt<S extends z.ZodMiniType | undefined>(
    call: Call<S>,
    bearer: string | undefined,
    trace: Trace,
  ): Promise<Reply<S>> {
    const url = this.#base + call.path + (call.query?.size ? `?${call.query}` : '');
    const method = call.method.toUpperCase();
    const signal = call.options?.signal;
    let response: Response;
    try {
      const limit = call.options?.maxResponseBytes ?? this.#maxResponseBytes;
      const options = requestOptions(
        call,
        bearer,
        trace.id,
        this.#bounded(limit, call, trace),
        this.#remaining(trace.started, method, url),
      );
      response = await this.#ky(url, options);
    } catch (error) {
      throw await failure(error, method, url, signal);
    }
    if (!call.reply) {
      // Not awaited: cancelling one branch of a tee'd body (msw 2 keeps a clone of every mocked reply) settles only
      // when the other branch is cancelled too, which may be never.
      response.body?.cancel().catch(() => undefined);
      return undefined as Reply<S>;
    }
    const body = await readJson(response, method, url);
    const status = call.refusal?.(body);
    if (status !== undefined) {
      throw errorFromResponse({ status, body, method, url: withoutQuery(url), headers: response.headers });
    }
    return this.#parse(call.reply, body, method, url) as Reply<S>;
  }

  /** What is left of the client's `totalTimeout` for this call, which began at `started`. */
  #remaining(started: number, method: string, url: string): number | false {
    const total = this.options.totalTimeout;
    if (typeof total !== 'number') return false;
    const remaining = Math.floor(total - (performance.now() - started));
    if (remaining < 1) throw new TimeoutError(`${method} ${new URL(url).pathname} timed out`);
    return remaining;
  }

  /**
   * The `fetch` ky calls for each attempt: it refuses redirects and reads the whole body, at most `limit` bytes, so
   * that ky's per-attempt timeout and `totalTimeout` cover the body too and a reset mid-body is a network error that
   * ky retries like any other.
   */
  #bounded(limit: number, call: Call<z.ZodMiniType | undefined>, trace: Trace): FetchFunction {
    let tries = 0;
    let outcome: Partial<LogEvent> = {};
    return async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const method = request.method;
      const url = withoutQuery(request.url);
      trace.attempts++;
      if (tries++ > 0) this.log('warn', 'retry', this.#fields(trace, call, 'retry', outcome));
      this.log('debug', 'request', this.#fields(trace, call, 'request'));
      const sent = performance.now();
      let response: Response;
      try {
        response = await (this.#fetch ?? globalThis.fetch)(input, init);
      } catch (error) {
        outcome = { error: errorOf(error) };
        this.log('debug', 'no response', this.#fields(trace, call, 'no-response', outcome));
        throw error;
      }
      outcome = { status: response.status };
      this.log('debug', 'response', {
        ...this.#fields(trace, call, 'response', outcome),
        durationMs: Math.round(performance.now() - sent),
      });
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        void response.body?.cancel().catch(() => undefined);
        const init = { status: response.status, body: undefined, method, url, headers: response.headers };
        throw response.status === 0 ? new UnexpectedRedirectError(init) : errorFromResponse(init);
      }
      if (response.status < 200 || response.status > 599) return response;
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = await readReply(response, limit, method, url);
      } catch (error) {
        if (error instanceof MagistralaError || request.signal.aborted) throw error;
        // Headers arrived, then the connection failed: for ky that is a network error, retried like any other.
        throw new NetworkError(request, { cause: error as Error });
      }
      const empty = response.status === 204 || response.status === 205;
      return new Response(empty ? null : bytes, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
  }

  #parse(schema: z.ZodMiniType, body: unknown, method: string, url: string): unknown {
    const result = z.safeParse(schema, body);
    if (result.success) return result.data;
    if (!this.#validate) return body;
    throw new ResponseValidationError(issuesOf(result.error), method, withoutQuery(url));
  }
}

function requestOptions(
  call: Call<z.ZodMiniType | undefined>,
  bearer: string | undefined,
  id: string,
  fetch: FetchFunction,
  totalTimeout: number | false,
): Options {
  const headers: Record<string, string> = { 'x-request-id': id };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  // The server answers 415 to a POST, PUT or PATCH without it, even when there is no body (the refresh call).
  if (call.method !== 'get' && call.method !== 'delete') headers['content-type'] = 'application/json';
  return {
    method: call.method,
    headers,
    fetch,
    totalTimeout,
    ...(call.json !== undefined && { json: call.json }),
    ...(call.options?.signal && { signal: call.options.signal }),
    ...(call.options?.timeout !== undefined && { timeout: call.options.timeout }),
    ...(call.options?.retry !== undefined && { retry: retryOf(call.options.retry) }),
  };
}

async function readJson(response: Response, method: string, url: string): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ResponseValidationError(
      [{ path: '', message: 'reply is not JSON' }],
      method,
      withoutQuery(url),
    );
  }
}

async function failure(
  error: unknown,
  method: string,
  url: string,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  if (signal?.aborted) return signal.reason;
  if (error instanceof MagistralaError) return error;
  const where = `${method} ${new URL(url).pathname}`;
  if (error instanceof HTTPError) {
    return errorFromResponse({
      status: error.response.status,
      body: error.data,
      method,
      url: withoutQuery(url),
      headers: error.response.headers,
    });
  }
  // Not ky's error as the cause: it holds the request, whose headers hold the bearer.
  if (error instanceof KyTimeoutError) return new TimeoutError(`${where} timed out`);
  if (error instanceof NetworkError) {
    return new ConnectionError(`${where} could not connect`, { cause: error.cause });
  }
  // Anything else (a runtime's header error, a hook's exception) may quote the request's headers: keep none of it.
  return new MagistralaError(`${where} could not be sent`);
}

/** What a call's log events share: its id, the attempts made so far, and when it began. */
interface Trace {
  readonly id: string;
  attempts: number;
  readonly started: number;
}

function errorOf(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: typeof error, message: '' };
}

function redactOptions(options: unknown): unknown {
  const given = options as { body?: unknown };
  return { ...(redact({ ...given }) as object), body: redactBody(given.body) };
}

/** The user's hooks, each handed a redacted copy of the request and of ky's options. */
function redacting(hooks: Hooks): Hooks {
  const wrap =
    (hook: (...args: never[]) => unknown) =>
    async (state: { request?: Request; options?: unknown } | object): Promise<unknown> => {
      const given = state as { request?: Request; options?: unknown };
      const shown = {
        ...given,
        ...(given.request && { request: await redactRequest(given.request) }),
        ...(given.options !== undefined && { options: redactOptions(given.options) }),
      };
      const result = await (hook as (state: unknown) => unknown)(shown);
      return result instanceof Request ? undefined : result;
    };
  // `init` hooks run synchronously on the options alone: they get a redacted copy, so their changes are dropped.
  const init = (hook: (options: unknown) => void) => (options: object) => hook(redactOptions(options));
  return Object.fromEntries(
    Object.entries(hooks).map(([name, list]) => [name, (list as never[]).map(name === 'init' ? init : wrap)]),
  ) as Hooks;
}

function isUnauthorized(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 401;
}

function baseOf(baseUrl: string | URL): string {
  let url: URL;
  try {
    url = new URL(baseUrl, globalThis.location?.href);
  } catch {
    throw new InputValidationError([{ path: 'baseUrl', message: 'must be an absolute http(s) URL' }]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputValidationError([{ path: 'baseUrl', message: 'must be an http(s) URL' }]);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/`;
}

function retryOf(policy: RetryPolicy | undefined): RetryOptions {
  if (typeof policy === 'number') return { ...defaultRetry, limit: policy };
  const { methods = defaultRetry.methods, statusCodes = defaultRetry.statusCodes, ...rest } = policy ?? {};
  return { ...defaultRetry, ...rest, methods: [...methods], statusCodes: [...statusCodes] };
}

function withoutQuery(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? url : url.slice(0, index);
}
