/**
 * Reads a session that a token store kept as JSON text.
 *
 * @module
 */
import type { TokenPair } from './entities.ts';
import { tokenPairSchema } from './schemas.ts';

/**
 * Reads a stored token pair: `undefined` for a missing, empty, non-JSON or wrongly shaped value.
 *
 * Shared with the Node file store.
 *
 * @internal
 * @param raw - The stored text, or `null`/`undefined` when there is none.
 * @returns The pair, unknown fields kept, or `undefined`.
 *
 * @example
 * ```ts
 * parseTokenPair('{"access_token":"a","refresh_token":"r"}'); // { access_token: 'a', refresh_token: 'r' }
 * parseTokenPair('{"access_token":'); // undefined
 * ```
 */
export function parseTokenPair(raw: string | null | undefined): TokenPair | undefined {
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = tokenPairSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
