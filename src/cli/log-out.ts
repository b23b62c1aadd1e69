/**
 * `logout`: ends the saved session here and, when it can, on the server.
 *
 * @module
 */
import { ApiError, SessionExpiredError } from '../index.ts';
import type { CommandContext } from './context.ts';
import { hasExpired } from './token-claims.ts';

/**
 * Revokes the saved session on the server and clears it here, warning through `context.warn` when an expired access
 * token could not be renewed for the revoke.
 *
 * @remarks
 * The client's `logout()` is best effort: it sends the revoke with the saved access token and clears the session
 * whatever the answer. An access token past its `exp` would make that revoke fail unseen, so it is refreshed first.
 * When that refresh fails the session is cleared anyway and a warning says the server was not told. A session whose
 * refresh token has expired too is over on the server already: there is nothing to tell it, and no warning.
 *
 * @param now - The clock, in epoch milliseconds.
 *
 * @example
 * ```ts
 * await logOut(openContext(invocation, process.env, process.stderr));
 * ```
 */
export async function logOut(context: CommandContext, now: () => number = Date.now): Promise<void> {
  const failure = await renewForRevoke(context, now());
  await context.client.logout();
  if (failure !== undefined) {
    context.warn(`the session was cleared here, but the server could not be told: ${failure}`);
  }
}

/** Refreshes a saved session whose access token has expired; resolves with why that failed, if it did. */
async function renewForRevoke(context: CommandContext, now: number): Promise<string | undefined> {
  const saved = await context.store.get();
  if (!saved || !hasExpired(saved.access_token, now) || hasExpired(saved.refresh_token, now)) {
    return undefined;
  }
  try {
    await context.client.refresh();
    return undefined;
  } catch (error) {
    return reason(error);
  }
}

// The SDK's messages never hold a token; a refused refresh says more through the server's answer than its own.
function reason(error: unknown): string {
  const shown = error instanceof SessionExpiredError && error.cause instanceof ApiError ? error.cause : error;
  return shown instanceof Error ? shown.message : 'unexpected failure';
}
