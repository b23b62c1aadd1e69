/**
 * What the CLI reads from a token's claims, without verifying it: the server is the judge of validity.
 *
 * @module
 */
import type { JWTPayload } from 'jose';
import { decodeJwt } from 'jose/jwt/decode';

/**
 * The claims of `token`, or `undefined` when it is not a JWT.
 *
 * @remarks
 * Nothing is verified: the claims only steer what the CLI sends, and the server checks every token it receives.
 *
 * @example
 * ```ts
 * tokenClaims(pair.refresh_token)?.jti; // the refresh session's id
 * tokenClaims('not a token'); // undefined
 * ```
 */
export function tokenClaims(token: string): JWTPayload | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

/**
 * Tells whether `token`'s `exp` has passed at `now`.
 *
 * @remarks
 * A token without a readable `exp` counts as not expired: the CLI does not know better than the server.
 *
 * @param now - Epoch milliseconds.
 *
 * @example
 * ```ts
 * if (hasExpired(saved.access_token, Date.now())) await client.refresh();
 * ```
 */
export function hasExpired(token: string, now: number): boolean {
  const exp = tokenClaims(token)?.exp;
  return typeof exp === 'number' && exp * 1000 <= now;
}
