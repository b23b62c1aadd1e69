/**
 * Reads a session that a token store kept as JSON text.
 *
 * @module
 */
import * as z from 'zod/mini';
import { StorageUnavailableError } from './errors.ts';
import { bearerSchema, finiteSchema } from './schemas.ts';
import type { StoredSession } from './stored-session.ts';

// A bearer token is visible ASCII; anything else in a stored token is damage, and would break the header.
const token = bearerSchema;

/**
 * The stored format. Other fields are kept as they are: a client never writes any (it stores only what it needs),
 * but a store wrapped by an application (such as the CLI's, which records a profile) may add its own.
 */
const storedSessionSchema = z.looseObject({
  access_token: token,
  refresh_token: token,
  server: z.optional(z.object({ url: z.string(), backend: z.string() })),
  received_at: z.optional(finiteSchema.check(z.refine((value) => value > 0))),
});

/**
 * Reads a stored session: `undefined` when there is none, and an error when there is one that cannot be read.
 *
 * Shared with the Node file store.
 *
 * @internal
 * @remarks
 * A missing value is no session. Anything else that is not a session (empty, which is what a file being rewritten
 * in place looks like for a moment, not JSON, the wrong shape, a token with spaces or control characters) rejects with {@link StorageUnavailableError}, whose message quotes nothing of
 * the value: the client then treats the session as unknown (it keeps what it holds in memory) rather than signed
 * out. Other fields are kept. Sessions written by earlier versions (a bare pair) read as a pair without
 * `server`, which a client treats as absent.
 *
 * @param raw - The stored text, or `null`/`undefined` when there is none.
 * @returns The session, or `undefined`.
 * @throws {@link StorageUnavailableError} when the value is present but is not a stored session.
 *
 * @example
 * ```ts
 * parseTokenPair('{"access_token":"a","refresh_token":"r"}'); // { access_token: 'a', refresh_token: 'r' }
 * parseTokenPair(null); // undefined
 * parseTokenPair('{"access_token":'); // throws StorageUnavailableError
 * ```
 */
export function parseTokenPair(raw: string | null | undefined): StoredSession | undefined {
  if (raw === null || raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw unreadable();
  }
  const parsed = z.safeParse(storedSessionSchema, value);
  if (!parsed.success) throw unreadable();
  return parsed.data;
}

function unreadable(): StorageUnavailableError {
  return new StorageUnavailableError('The stored session is unreadable (corrupt or not a session)');
}
