/**
 * The server's authentication middleware: the bearer token, and the optional verified-email gate.
 *
 * @module
 */
import { HttpError } from './http-error.ts';
import type { RouteContext } from './route-context.ts';
import { TokenRole, type VerifiedClaims } from './token-issuer.ts';

/**
 * The server's message for any token that does not verify (bad signature, expired, not ours).
 *
 * @example
 * ```ts
 * throw HttpError.unauthorized(authenticationFailed);
 * ```
 */
export const authenticationFailed = 'failed to perform authentication over the entity';

/**
 * Which routes the verified-email gate guards: `verified` for most, `any` for the few that unverified users may
 * use (profile, refresh, revoke, the session list, send-verification, email change, password reset).
 *
 * @example
 * ```ts
 * await authenticate(context, 'any'); // profile, refresh, revoke…
 * ```
 */
export type AuthGate = 'verified' | 'any';

/**
 * Authenticates the request's `Authorization: Bearer <jwt>` and returns the token's claims.
 *
 * @remarks
 * The prefix must be exactly `Bearer ` (401 `missing or invalid bearer user token` otherwise). Any valid token of
 * ours passes whatever its `type`, as in the server's JWKS mode; a token that does not verify gets 401
 * `failed to perform authentication over the entity`. With `requireVerifiedEmail` on, a `verified` route also
 * rejects a token whose `verified` claim is false, unless its role claim is admin.
 *
 * @example
 * ```ts
 * const caller = await authenticate(context, 'verified');
 * caller.sub; // the user id
 * ```
 */
export async function authenticate(context: RouteContext, gate: AuthGate): Promise<VerifiedClaims> {
  const header = context.request.headers.get('Authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  if (!token) throw HttpError.unauthorized('missing or invalid bearer user token');
  const claims = await context.state.tokens.verify(token);
  if (!claims) throw HttpError.unauthorized(authenticationFailed);
  const gated = gate === 'verified' && context.state.settings.requireVerifiedEmail;
  if (gated && !claims.verified && claims.role !== TokenRole.admin) {
    throw HttpError.unauthorized('email not verified');
  }
  return claims;
}
