/**
 * Fault injection: scripted failures for the next requests that match.
 *
 * @module
 */
import type { JsonValue } from './json-value.ts';

/**
 * A failure to inject into a request.
 *
 * - `status`: answer with `status` and `body` instead of serving the request (an object or list body is sent as
 *   JSON, a string as plain text, no body as an empty JSON reply like a Go 500).
 * - `delay`: wait `ms` milliseconds, then serve the request normally. An aborted request stops waiting.
 * - `drop`: drop the connection: `service.fetch` rejects with a `TypeError` as `fetch` does on a network error,
 *   msw answers with a network error, and the loopback server destroys the socket.
 * - `malformed-json`: answer with `status` (default 200), `Content-Type: application/json` and a truncated JSON body.
 *
 * Every fault but `delay` answers without touching the service's state.
 *
 * @example
 * ```ts
 * service.fail({ method: 'POST', path: '/users/tokens/refresh' }, { kind: 'status', status: 503 });
 * service.fail({ path: /^\/users/, times: 2 }, { kind: 'drop' });
 * ```
 */
export type Fault =
  | {
      /** Answer with a status of your choosing instead of serving the request. */
      readonly kind: 'status';
      /** The status to answer with. */
      readonly status: number;
      /** The body: a string as plain text, an object or list as JSON (default: none, an empty JSON reply). */
      readonly body?: string | { readonly [key: string]: JsonValue } | readonly JsonValue[];
      /** Extra response headers, such as `Retry-After`. */
      readonly headers?: Readonly<Record<string, string>>;
    }
  | {
      /** Serve the request, but only after a pause. */
      readonly kind: 'delay';
      /** The pause, in milliseconds. */
      readonly ms: number;
    }
  | {
      /** Drop the connection without answering (a network error for the client). */
      readonly kind: 'drop';
    }
  | {
      /** Answer with a body that claims to be JSON and is not. */
      readonly kind: 'malformed-json';
      /** The status to answer with (default 200). */
      readonly status?: number;
    };

/**
 * Which requests a fault applies to; omitted fields match anything.
 *
 * @example
 * ```ts
 * service.fail({ method: 'GET', path: /^\/users\//, times: 3 }, { kind: 'status', status: 502 });
 * ```
 */
export interface FaultMatcher {
  /** The request method, any case. */
  readonly method?: string;
  /** The path relative to the service root (`/users/profile`), exactly, or a pattern it must match. */
  readonly path?: string | RegExp;
  /** How many matching requests to fail; default 1. `Infinity` fails them all. */
  readonly times?: number;
}

interface Rule {
  readonly matcher: FaultMatcher;
  readonly fault: Fault;
  remaining: number;
}

/**
 * The pending faults of one service, consumed first-registered-first by the requests they match.
 *
 * @example
 * ```ts
 * const faults = new FaultQueue();
 * faults.add({ path: '/health' }, { kind: 'drop' });
 * faults.take('GET', '/health'); // { kind: 'drop' }, and the rule is used up
 * ```
 */
export class FaultQueue {
  #rules: Rule[] = [];

  /** Adds a fault for the next `matcher.times` matching requests; returns a function that withdraws it. */
  add(matcher: FaultMatcher, fault: Fault): () => void {
    const rule: Rule = { matcher, fault, remaining: matcher.times ?? 1 };
    this.#rules.push(rule);
    return () => {
      this.#rules = this.#rules.filter((other) => other !== rule);
    };
  }

  /** The fault for a request, using up one of its times, or `undefined` when none applies. */
  take(method: string, path: string): Fault | undefined {
    const rule = this.#rules.find((candidate) => matches(candidate.matcher, method, path));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.#rules = this.#rules.filter((other) => other !== rule);
    return rule.fault;
  }

  /** Withdraws every pending fault. */
  clear(): void {
    this.#rules = [];
  }
}

/**
 * Carries out a fault: the reply to send instead of serving the request (`Response.error()` for a dropped
 * connection), or `undefined` to serve it after all (a delay).
 *
 * @example
 * ```ts
 * const reply = await applyFault(fault, request.signal);
 * if (reply) return reply;
 * ```
 */
export async function applyFault(fault: Fault, signal: AbortSignal): Promise<Response | undefined> {
  switch (fault.kind) {
    case 'delay':
      await sleep(fault.ms, signal);
      return undefined;
    case 'drop':
      return Response.error();
    case 'malformed-json':
      return new Response('{"id": "', {
        status: fault.status ?? 200,
        headers: { 'Content-Type': 'application/json' },
      });
    case 'status':
      return statusReply(fault);
  }
}

function statusReply(fault: Extract<Fault, { kind: 'status' }>): Response {
  const { body } = fault;
  const isText = typeof body === 'string';
  const contentType = isText ? 'text/plain; charset=utf-8' : 'application/json';
  const text = body === undefined ? null : isText ? body : `${JSON.stringify(body)}\n`;
  const bodyless = fault.status === 204 || fault.status === 205 || fault.status === 304;
  return new Response(bodyless ? null : text, {
    status: fault.status,
    headers: { 'Content-Type': contentType, ...fault.headers },
  });
}

function matches(matcher: FaultMatcher, method: string, path: string): boolean {
  if (matcher.method !== undefined && matcher.method.toUpperCase() !== method.toUpperCase()) return false;
  if (matcher.path === undefined) return true;
  return typeof matcher.path === 'string' ? matcher.path === path : matcher.path.test(path);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
