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
import { checkRequestOptions, defaultMaxResponseBytes, httpOptionRules } from './http-options.ts';
import type { LogEvent } from './logger.ts';
import { type Log, type Logger, type LogLevel, logTo, redact, redactBody, redactRequest } from './logger.ts';
import { quickParse } from './quick-parse.ts';
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
 * const fixed: Authenticator = { bearer: () => 'pat_…', rejected: async (_sent, error) => Promise.reject(error) };
 * ```
 */
export interface Authenticator {
  /**
   * The bearer for the next request (refreshing first if it must), or `undefined` to send none: at once when it is
   * ready, which spares the common call a promise and a timer.
   */
  bearer(): string | undefined | Promise<string | undefined>;
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

/**
 * The retry policy of a client that sets none, as ky options: what differs from ky's own defaults, which already are
 * 2 retries and `Retry-After` honoured on 413, 429 and 503.
 *
 * @example
 * ```ts
 * await ky(url, { retry: defaultRetry }); // retried as the SDK would retry it
 * ```
 */
export const defaultRetry = {
  methods: ['get', 'put', 'delete', 'head'],
  statusCodes: [408, 429, 500, 502, 503, 504],
  maxRetryAfter: 30_000,
  backoffLimit: 10_000,
  jitter: true,
  retryOnTimeout: true,
};

/** What every {@link Http} made from one set of options shares: the settings, checked once, and ky's options. */
interface Shared {
  readonly options: HttpOptions;
  readonly base: string;
  /** The options every request passes to ky, all but the per-call ones; none that equals ky's default. */
  readonly defaults: Options;
  readonly headers: Record<string, string>;
  readonly validate: boolean;
  readonly fetch: FetchFunction | undefined;
  readonly maxResponseBytes: number;
  /** An `X-Request-ID` the app set in `headers`: it wins over a generated one. */
  readonly givenId: string | null;
  readonly log: Log;
  /** Whether a logger listens: without one, no event is built. */
  readonly logs: boolean;
  /** Whether the app's hooks look at responses: then ky gets each reply with its body. */
  readonly seesResponses: boolean;
}

/** A successful reply handed to ky with its body already read, and that body. */
interface Kept {
  response?: Response;
  bytes?: Uint8Array<ArrayBuffer>;
}
const utf8 = new TextDecoder();

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
  readonly #shared: Shared;
  readonly #auth: Authenticator | undefined;

  /**
   * @param options - The settings, or an `Http` whose settings (already checked) to share.
   * @throws {@link InputValidationError} when a setting is out of its range (nothing is ever sent).
   */
  constructor(options: HttpOptions | Http, auth?: Authenticator) {
    this.#auth = auth;
    this.#shared = options instanceof Http ? options.#shared : shared(options);
  }

  /** Logs an event, or drops it below the client's `logLevel`. */
  get log(): Log {
    return this.#shared.log;
  }

  /** The settings this instance was made from, for clients derived from it. */
  get options(): HttpOptions {
    return this.#shared.options;
  }

  /** The same settings with another authenticator. */
  withAuth(auth: Authenticator | undefined): Http {
    return new Http(this, auth);
  }

  /**
   * Sends one call, replays it once with a new bearer if the server refuses the one it carried, and resolves with
   * the parsed reply.
   */
  async send<S extends z.ZodMiniType | undefined = undefined>(given: Call<S>): Promise<Reply<S>> {
    const options = checkRequestOptions(given.options);
    const call: Call<S> = options === given.options ? given : { ...given, options };
    const trace: Trace = { id: this.#shared.givenId ?? requestId(), attempts: 0, started: performance.now() };
    const auth = call.auth ?? 'session';
    const authenticator = auth === 'session' ? this.#auth : undefined;
    const signal = options?.signal;
    // Nothing is sent for a call already aborted, not even the refresh its bearer would need.
    if (signal?.aborted) throw signal.reason;
    // Waiting on a refresh that others share is bounded by this call's own timeout; the refresh goes on.
    const wait = options?.timeout ?? this.options.timeout ?? defaultTimeout;
    try {
      const ready = typeof auth === 'object' ? auth.bearer : authenticator?.bearer();
      // Waited for only when it is not ready (a refresh, a first load): the common call costs no promise or timer.
      const bearer = ready instanceof Promise ? await abortable(ready, signal, wait) : ready;
      try {
        return await this.#attempt(call, bearer, trace);
      } catch (error) {
        if (!(authenticator && bearer !== undefined && isUnauthorized(error))) throw error;
        this.#log('info', 'replay', trace, call, 'replay', { status: 401 });
        return await this.#attempt(
          call,
          await abortable(authenticator.rejected(bearer, error), signal, wait),
          trace,
        );
      }
    } catch (error) {
      if (error instanceof MagistralaError) error.requestId ??= trace.id;
      this.#log('error', 'failed', trace, call, 'failed', { error: errorOf(error) });
      throw error;
    }
  }

  /** Logs one event of `call`, building its fields only when a logger listens. */
  #log(
    level: Exclude<LogLevel, 'silent'>,
    message: string,
    trace: Trace,
    call: Call<z.ZodMiniType | undefined>,
    event: string,
    more?: Partial<LogEvent>,
  ): void {
    if (!this.#shared.logs) return;
    this.#shared.log(level, message, {
      event,
      requestId: trace.id,
      method: call.method.toUpperCase(),
      path: new URL(this.#shared.base + call.path).pathname,
      attempt: trace.attempts,
      durationMs: Math.round(performance.now() - trace.started),
      ...more,
    });
  }

  async #attempt<S extends z.ZodMiniType | undefined>(
    call: Call<S>,
    bearer: string | undefined,
    trace: Trace,
  ): Promise<Reply<S>> {
    const { base, maxResponseBytes } = this.#shared;
    const url = base + call.path + (call.query?.size ? `?${call.query}` : '');
    const method = call.method.toUpperCase();
    const signal = call.options?.signal;
    const kept: Kept = {};
    let response: Response;
    try {
      const limit = call.options?.maxResponseBytes ?? maxResponseBytes;
      const fetch = this.#bounded(limit, call, trace, kept);
      const total = this.#remaining(trace.started, method, url);
      response = await ky(url, requestOptions(call, this.#shared, bearer, trace.id, fetch, total));
    } catch (error) {
      throw await failure(error, method, url, signal);
    }
    if (!call.reply) {
      // Not awaited: cancelling one branch of a tee'd body (msw 2 keeps a clone of every mocked reply) settles only
      // when the other branch is cancelled too, which may be never.
      response.body?.cancel().catch(() => undefined);
      return undefined as Reply<S>;
    }
    const read = kept.response === response ? kept.bytes : undefined;
    const body = parseReply(read ?? new Uint8Array(await response.arrayBuffer()), method, url);
    const status = call.refusal?.(body);
    if (status !== undefined) {
      throw errorFromResponse({ status, body, method, url: withoutQuery(url), headers: response.headers });
    }
    return this.#parse(call.reply, body, method, url) as Reply<S>;
  }

  /** What is left of the client's `totalTimeout` for this call, which began at `started`. */
  #remaining(started: number, method: string, url: string): number | undefined {
    const total = this.options.totalTimeout;
    if (typeof total !== 'number') return undefined;
    const remaining = Math.floor(total - (performance.now() - started));
    if (remaining < 1) throw new TimeoutError(`${method} ${new URL(url).pathname} timed out`);
    return remaining;
  }

  /**
   * The `fetch` ky calls for each attempt: it refuses redirects and reads the whole body, at most `limit` bytes, so
   * that ky's per-attempt timeout and `totalTimeout` cover the body too and a reset mid-body is a network error that
   * ky retries like any other.
   */
  #bounded(limit: number, call: Call<z.ZodMiniType | undefined>, trace: Trace, kept: Kept): FetchFunction {
    let tries = 0;
    let outcome: Partial<LogEvent> = {};
    return async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const method = request.method;
      trace.attempts++;
      if (tries++ > 0) this.#log('warn', 'retry', trace, call, 'retry', outcome);
      this.#log('debug', 'request', trace, call, 'request');
      const sent = performance.now();
      let response: Response;
      try {
        response = await (this.#shared.fetch ?? globalThis.fetch)(input, init);
      } catch (error) {
        outcome = { error: errorOf(error) };
        this.#log('debug', 'no response', trace, call, 'no-response', outcome);
        throw error;
      }
      outcome = { status: response.status };
      this.#log('debug', 'response', trace, call, 'response', {
        ...outcome,
        durationMs: Math.round(performance.now() - sent),
      });
      const status = response.status;
      if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
        void response.body?.cancel().catch(() => undefined);
        const url = withoutQuery(request.url);
        const init = { status, body: undefined, method, url, headers: response.headers };
        throw status === 0 ? new UnexpectedRedirectError(init) : errorFromResponse(init);
      }
      if (status < 200 || status > 599) return response;
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = await readReply(response, limit, request);
      } catch (error) {
        if (error instanceof MagistralaError || request.signal.aborted) throw error;
        // Headers arrived, then the connection failed: for ky that is a network error, retried like any other.
        throw new NetworkError(request, { cause: error as Error });
      }
      // A success goes back to ky as it came, its body (already read) kept aside: nothing in ky reads it, and a new
      // Response would cost a copy of the headers and a second stream. Errors and the app's hooks read the body.
      if (status < 300 && !this.#shared.seesResponses) {
        kept.response = response;
        kept.bytes = bytes;
        return response;
      }
      const empty = status === 204 || status === 205;
      return new Response(empty ? null : bytes, {
        status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
  }

  #parse(schema: z.ZodMiniType, body: unknown, method: string, url: string): unknown {
    const quick = quickParse(schema, body);
    if (quick !== undefined) return quick;
    const result = z.safeParse(schema, body);
    if (result.success) return result.data;
    if (!this.#shared.validate) return body;
    throw new ResponseValidationError(issuesOf(result.error), method, withoutQuery(url));
  }
}

/** Checks `options` and works out what every request made with them shares. */
function shared(options: HttpOptions): Shared {
  const settings = parseSettings<HttpOptions>(options, httpOptionRules);
  const { baseUrl, fetch, headers = {}, timeout, retry, hooks, logger, logLevel } = settings;
  return {
    // Only the HTTP settings are kept: a client's options also hold its tokens, which must not travel further.
    options: Object.fromEntries(
      Object.keys(httpOptionRules).map((key) => [key, settings[key as keyof HttpOptions]]),
    ) as unknown as HttpOptions,
    base: baseOf(baseUrl),
    defaults: {
      // No totalTimeout: each call passes what is left of it (see #remaining).
      ...(timeout !== undefined && timeout !== defaultTimeout && { timeout }),
      retry: retryOf(retry),
      // The users services never redirect; following one would re-send the body, bearer and headers elsewhere.
      redirect: 'manual',
      ...(hooks && { hooks: redacting(hooks) }),
    },
    headers: { accept: 'application/json', ...headers },
    validate: settings.validateResponses !== 'off',
    fetch,
    maxResponseBytes: settings.maxResponseBytes ?? defaultMaxResponseBytes,
    givenId: new Headers(headers).get('x-request-id'),
    log: logTo(logger, logLevel),
    logs: logger !== undefined && logLevel !== 'silent',
    seesResponses: (hooks?.afterResponse?.length ?? 0) > 0,
  };
}

function requestOptions(
  call: Call<z.ZodMiniType | undefined>,
  { defaults, headers: common }: Shared,
  bearer: string | undefined,
  id: string,
  fetch: FetchFunction,
  totalTimeout: number | undefined,
): Options {
  const headers: Record<string, string> = { ...common, 'x-request-id': id };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  // The server answers 415 to a POST, PUT or PATCH without it, even when there is no body (the refresh call).
  if (call.method !== 'get' && call.method !== 'delete') headers['content-type'] = 'application/json';
  const options: Options = { ...defaults, headers, fetch };
  if (call.method !== 'get') options.method = call.method;
  if (totalTimeout !== undefined) options.totalTimeout = totalTimeout;
  if (call.json !== undefined) options.json = call.json;
  const given = call.options;
  if (given?.signal) options.signal = given.signal;
  if (given?.timeout !== undefined) options.timeout = given.timeout;
  if (given?.retry !== undefined) options.retry = retryOf(given.retry);
  return options;
}

function parseReply(read: Uint8Array, method: string, url: string): unknown {
  const text = utf8.decode(read);
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
