/**
 * The log entry of one request the fake service received.
 *
 * @module
 */
import type { JsonValue } from './json-value.ts';

/**
 * A request as the service received it, for tests to assert on what a client sent.
 *
 * @remarks
 * It is a test tool and holds credentials exactly as sent (the `authorization` header, passwords in bodies), all
 * readable for assertions. Printed, it shows only its method and path: `JSON.stringify` (through `toJSON`),
 * `util.inspect` and `console.log` (through `Symbol.for('nodejs.util.inspect.custom')`) and the diff of a failing
 * `expect(service.requests)` give `{ method, path }` or `RecordedRequest POST /users/tokens/issue`. Neither method is
 * enumerable, so `toEqual` against a plain object still compares the fields alone.
 *
 * @example
 * ```ts
 * const refresh = service.requests.find((r) => r.path === '/users/tokens/refresh');
 * expect(refresh?.headers['content-type']).toContain('application/json');
 * ```
 */
export interface RecordedRequest {
  /** The method, upper case. */
  readonly method: string;
  /** The full URL as received. */
  readonly url: string;
  /** The path relative to the service root (`/users/profile`), or the whole path when outside it. */
  readonly path: string;
  /** The decoded query parameters: a string per parameter, or a list when it was repeated. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** The headers, with lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body ('' when there was none). */
  readonly body: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  readonly json: JsonValue | undefined;
}

/**
 * Builds the log entry of a request whose body was already read.
 *
 * @example
 * ```ts
 * log.push(recordRequest(request, url, '/users', await request.text()));
 * ```
 */
export function recordRequest(request: Request, url: URL, path: string, body: string): RecordedRequest {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  const method = request.method.toUpperCase();
  const recorded = {
    method,
    url: request.url,
    path,
    query: Object.freeze(query),
    headers: Object.freeze(Object.fromEntries(request.headers)),
    body,
    json: parseJson(body),
  };
  return Object.freeze(Object.defineProperties(recorded, redactedViews(method, path)));
}

/** Non-enumerable `toJSON` and custom-inspect methods that show `method` and `path` alone. */
function redactedViews(method: string, path: string): PropertyDescriptorMap {
  const summary = `RecordedRequest ${method} ${path}`;
  return {
    toJSON: { value: () => ({ method, path }) },
    [Symbol.for('nodejs.util.inspect.custom')]: { value: () => summary },
  };
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}
