/**
 * What the fake users service and the fake ATOM have in common.
 *
 * @module
 */
import type { Fault, FaultMatcher, FaultQueue } from './faults.ts';
import { type ListenOptions, type LoopbackServer, listenOnLoopback } from './loopback-server.ts';
import type { OutboxMail } from './outbox-mail.ts';
import type { RecordedRequest } from './recorded-request.ts';
import type { RequestHandler } from './request-handler.ts';
import { createServiceFetch, type FetchFunction } from './service-fetch.ts';

/**
 * A running fake service: {@link FakeUsersService} and {@link FakeAtomService} both are one. Reach it through
 * `fetch`, msw or a loopback server; inspect what it received and sent; inject faults; start over.
 *
 * @example
 * ```ts
 * const service: FakeService = createFakeUsersService(); // or createFakeAtomService()
 * const server = await service.listen();
 * service.fail({ path: '/health' }, { kind: 'status', status: 503 });
 * expect(service.count('GET', '/health')).toBe(0);
 * await server.close();
 * ```
 */
export interface FakeService {
  /** The base URL given in the options (or the default), without a trailing slash. */
  readonly baseUrl: string;
  /** A `fetch` that sends requests to this service: pass it as an HTTP client's `fetch` option. */
  readonly fetch: FetchFunction;
  /** Every request received, oldest first. Holds credentials as sent: assert on it, never print it. */
  readonly requests: readonly RecordedRequest[];
  /** Every mail sent (password resets, verifications), oldest first. Holds live tokens: never print it. */
  readonly outbox: readonly OutboxMail[];
  /** Serves one `Request` directly; a dropped connection resolves to `Response.error()`. */
  readonly handle: RequestHandler;
  /**
   * Starts a real HTTP server on 127.0.0.1: `listen()`, `listen(9002)` or `listen({ port, cors })`. Port 0, the
   * default, picks a free one; CORS is off unless asked for. Node, Bun and Deno.
   *
   * @example
   * ```ts
   * const { url, close } = await service.listen({ cors: true });
   * const users = new UsersClient({ baseUrl: url });
   * ```
   */
  listen(options?: number | ListenOptions): Promise<LoopbackServer>;
  /**
   * Fails the next `matcher.times` (default 1) matching requests with `fault`; returns a function that withdraws it.
   *
   * @example
   * ```ts
   * const withdraw = service.fail({ method: 'GET', path: '/health', times: 2 }, { kind: 'status', status: 503 });
   * withdraw(); // if it is no longer wanted
   * ```
   */
  fail(matcher: FaultMatcher, fault: Fault): () => void;
  /**
   * How many requests were received, optionally only those with `method` and a `path` (exact, or matching a pattern).
   *
   * @example
   * ```ts
   * expect(service.count('POST', '/users/tokens/refresh')).toBe(1);
   * expect(service.count('GET', /^\/users\/[^/]+$/)).toBe(3);
   * ```
   */
  count(method?: string, path?: string | RegExp): number;
  /**
   * Back to the start: only the seeded admin, no sessions, mails, logged requests or faults. The signing key stays.
   *
   * @example
   * ```ts
   * afterEach(() => service.reset());
   * ```
   */
  reset(): void;
}

/**
 * What a fake is made of, for {@link fakeService}.
 *
 * @internal
 */
export interface FakeServiceParts {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The base URL's path, without a trailing slash (`''` at the root). */
  readonly basePath: string;
  /** Serves one request, logging it in `log` and taking faults from `faults`. */
  readonly handle: RequestHandler;
  /** The request log the handler writes. */
  readonly log: RecordedRequest[];
  /** The faults the handler takes. */
  readonly faults: FaultQueue;
  /** The mails the service sends. */
  readonly outbox: readonly OutboxMail[];
  /** Puts the service's own state back to the start (the log and the faults are cleared here). */
  readonly resetState: () => void;
}

/**
 * The members every fake has, made from its parts; each fake adds its own.
 *
 * @internal
 * @param parts - The fake's handler, log, faults, outbox and state reset.
 * @returns The {@link FakeService} members.
 *
 * @example
 * ```ts
 * const service: FakeUsersService = { ...fakeService({ baseUrl, basePath, handle, log, faults, outbox, resetState }), jwks };
 * ```
 */
export function fakeService(parts: FakeServiceParts): FakeService {
  const { baseUrl, basePath, handle, log, faults } = parts;
  return {
    baseUrl,
    fetch: createServiceFetch(handle, baseUrl),
    requests: log,
    outbox: parts.outbox,
    handle,
    listen: (options) =>
      listenOnLoopback(handle, basePath, typeof options === 'number' ? { port: options } : options),
    fail: (matcher, fault) => faults.add(matcher, fault),
    count: (method, path) => log.filter((entry) => isCounted(entry, method, path)).length,
    reset: () => {
      parts.resetState();
      faults.clear();
      log.length = 0;
    },
  };
}

function isCounted(entry: RecordedRequest, method?: string, path?: string | RegExp): boolean {
  if (method !== undefined && entry.method !== method.toUpperCase()) return false;
  if (path === undefined) return true;
  return typeof path === 'string' ? entry.path === path : path.test(entry.path);
}
