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
  ResponseValidationError,
  TimeoutError,
} from './errors.ts';
import type { FetchFunction, RequestOptions, ResponseValidation, RetryPolicy } from './types.ts';
import { issuesOf } from './validate.ts';

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
  /** Per-attempt timeout in ms (default 10 000; `false`: none). */
  readonly timeout?: number | false | undefined;
  /** Bound on a whole call with its retries, in ms (default: none). */
  readonly totalTimeout?: number | false | undefined;
  /** Retries of idempotent requests (default 2); see {@link RetryPolicy}. */
  readonly retry?: RetryPolicy | undefined;
  /** ky hooks, for logging or instrumentation. */
  readonly hooks?: Hooks | undefined;
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
  readonly options?: RequestOptions | undefined;
}

/** What a {@link Call} resolves to. */
export type Reply<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

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
  /** The settings this instance was made from, for clients derived from it. */
  readonly options: HttpOptions;

  constructor(options: HttpOptions, auth?: Authenticator) {
    // Only the HTTP settings are kept: a client's options also hold its tokens, which must not travel further.
    const { baseUrl, fetch, headers, timeout, totalTimeout, retry, hooks, validateResponses } = options;
    this.options = { baseUrl, fetch, headers, timeout, totalTimeout, retry, hooks, validateResponses };
    this.#auth = auth;
    this.#base = baseOf(options.baseUrl);
    this.#validate = options.validateResponses !== 'off';
    this.#ky = ky.create({
      headers: { accept: 'application/json', ...options.headers },
      timeout: options.timeout ?? 10_000,
      totalTimeout: options.totalTimeout ?? false,
      retry: retryOf(options.retry),
      throwHttpErrors: true,
      ...(options.hooks && { hooks: options.hooks }),
      // Passed only when given: ky then reads the global fetch per request, so msw installed later still sees it.
      ...(options.fetch && { fetch: options.fetch }),
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
  async send<S extends z.ZodMiniType | undefined = undefined>(call: Call<S>): Promise<Reply<S>> {
    const auth = call.auth ?? 'session';
    const authenticator = auth === 'session' ? this.#auth : undefined;
    const signal = call.options?.signal;
    const bearer =
      typeof auth === 'object'
        ? auth.bearer
        : authenticator && (await abortable(authenticator.token(), signal));
    try {
      return await this.#attempt(call, bearer);
    } catch (error) {
      if (!(authenticator && bearer !== undefined && isUnauthorized(error))) throw error;
      return this.#attempt(call, await abortable(authenticator.rejected(bearer, error), signal));
    }
  }

  async #attempt<S extends z.ZodMiniType | undefined>(
    call: Call<S>,
    bearer: string | undefined,
  ): Promise<Reply<S>> {
    const url = this.#base + call.path + (call.query?.size ? `?${call.query}` : '');
    const method = call.method.toUpperCase();
    const signal = call.options?.signal;
    let response: Response;
    try {
      response = await this.#ky(url, requestOptions(call, bearer));
    } catch (error) {
      throw await failure(error, method, url, signal);
    }
    if (!call.reply) {
      // Not awaited: cancelling one branch of a tee'd body (msw 2 keeps a clone of every mocked reply) settles only
      // when the other branch is cancelled too, which may be never.
      response.body?.cancel().catch(() => undefined);
      return undefined as Reply<S>;
    }
    return this.#parse(call.reply, await readJson(response, method, url), method, url) as Reply<S>;
  }

  #parse(schema: z.ZodMiniType, body: unknown, method: string, url: string): unknown {
    const result = z.safeParse(schema, body);
    if (result.success) return result.data;
    if (!this.#validate) return body;
    throw new ResponseValidationError(issuesOf(result.error), method, withoutQuery(url));
  }
}

function requestOptions(call: Call<z.ZodMiniType | undefined>, bearer: string | undefined): Options {
  const headers: Record<string, string> = {};
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  // The server answers 415 to a POST, PUT or PATCH without it, even when there is no body (the refresh call).
  if (call.method !== 'get' && call.method !== 'delete') headers['content-type'] = 'application/json';
  return {
    method: call.method,
    headers,
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
  return error;
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
