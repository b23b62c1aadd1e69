/**
 * `sessions`: the saved sessions, without their tokens.
 *
 * @module
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandContext } from './context.ts';
import { ownerOf } from './server-bound-store.ts';
import { legacySessionPath, sessionsDirectory } from './session-path.ts';
import { tokenClaims } from './token-claims.ts';

/**
 * One saved session as `sessions` prints it: never a token.
 *
 * @example
 * ```ts
 * const line: SavedSessionSummary = { profile: 'default', server: 'http://localhost:9002', current: true };
 * ```
 */
export interface SavedSessionSummary {
  /** The profile it is saved under. */
  readonly profile: string;
  /** The users service that issued it. */
  readonly server: string;
  /** The user's id (the tokens' `sub`), when the tokens say. */
  readonly user?: string;
  /** When the refresh token expires (RFC 3339), when it says: after that the session must log in again. */
  readonly expires_at?: string;
  /** Whether this run's server and profile would use it. */
  readonly current: boolean;
}

/**
 * What `sessions` prints.
 *
 * @example
 * ```ts
 * const { sessions } = (await listSessions(context)) satisfies SessionList;
 * ```
 */
export interface SessionList {
  /** The saved sessions, by profile and server. */
  readonly sessions: SavedSessionSummary[];
  /** A session file from an earlier version, which records no server and is never used, if there is one. */
  readonly ignored?: string;
}

/**
 * Lists the sessions saved under the configuration directory, by profile then server, marking the one this run
 * would use. Tokens are never part of the list: only the user id and expiry read from their claims.
 *
 * @example
 * ```ts
 * const { sessions } = await listSessions(context);
 * ```
 */
export async function listSessions(context: CommandContext): Promise<SessionList> {
  const root = sessionsDirectory(context.env);
  const sessions: SavedSessionSummary[] = [];
  for (const profile of (await entries(root)).sort()) {
    for (const name of (await entries(join(root, profile))).filter((file) => file.endsWith('.json')).sort()) {
      const summary = await summarise(join(root, profile, name), context);
      if (summary) sessions.push(summary);
    }
  }
  const legacy = legacySessionPath(context.env);
  const ignored = (await readJson(legacy)) === undefined ? undefined : legacy;
  return ignored === undefined ? { sessions } : { sessions, ignored };
}

async function summarise(file: string, context: CommandContext): Promise<SavedSessionSummary | undefined> {
  const saved = await readJson(file);
  const owner = ownerOf(saved);
  if (!owner || typeof saved?.refresh_token !== 'string') return undefined;
  const claims = tokenClaims(saved.refresh_token);
  const summary: { -readonly [K in keyof SavedSessionSummary]: SavedSessionSummary[K] } = {
    profile: owner.profile,
    server: owner.server,
    current: owner.server === context.server && owner.profile === context.profile,
  };
  if (typeof claims?.sub === 'string') summary.user = claims.sub;
  if (typeof claims?.exp === 'number') summary.expires_at = new Date(claims.exp * 1000).toISOString();
  return summary;
}

async function entries(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch {
    return [];
  }
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
