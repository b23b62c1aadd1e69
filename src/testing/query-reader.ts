/**
 * Reading query parameters the way the server's helpers do: each at most once, typed, with defaults.
 *
 * @module
 */
import { HttpError } from './http-error.ts';
import { parseTime } from './rfc3339.ts';

/**
 * The server's message for a query parameter it cannot read.
 *
 * @example
 * ```ts
 * throw HttpError.badRequest(invalidQueryMessage);
 * ```
 */
export const invalidQueryMessage = 'invalid query parameters';

const goTrue = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const goFalse = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * Typed access to a query string.
 *
 * @remarks
 * A parameter that appears twice, or does not parse as its type, gives 400 `invalid query parameters`. Parameters
 * nobody reads are ignored, as the server ignores unknown ones.
 *
 * @example
 * ```ts
 * const read = new QueryReader(new URLSearchParams('limit=5'));
 * read.integer('limit', 10); // 5
 * read.text('order'); // ''
 * ```
 */
export class QueryReader {
  readonly #params: URLSearchParams;

  /** Reads from `params`. */
  constructor(params: URLSearchParams) {
    this.#params = params;
  }

  /** The value of `key`, or '' when absent. */
  text(key: string): string {
    const values = this.#params.getAll(key);
    if (values.length > 1) throw HttpError.badRequest(invalidQueryMessage);
    return values[0] ?? '';
  }

  /** The unsigned integer at `key`, or `fallback` when absent. */
  integer(key: string, fallback: number): number {
    if (!this.#params.has(key)) return fallback;
    const value = this.text(key);
    if (!/^\d+$/.test(value)) throw HttpError.badRequest(invalidQueryMessage);
    return Number(value);
  }

  /** The boolean at `key`, read as Go's `strconv.ParseBool` reads it, or `fallback` when absent. */
  boolean(key: string, fallback: boolean): boolean {
    if (!this.#params.has(key)) return fallback;
    const value = this.text(key);
    if (goTrue.has(value)) return true;
    if (goFalse.has(value)) return false;
    throw HttpError.badRequest(invalidQueryMessage);
  }

  /** The RFC 3339 timestamp at `key` as epoch milliseconds, or `undefined` when absent or empty. */
  time(key: string): number | undefined {
    const value = this.text(key);
    if (!value) return undefined;
    const epochMs = parseTime(value);
    if (epochMs === undefined) throw HttpError.badRequest(invalidQueryMessage);
    return epochMs;
  }
}
