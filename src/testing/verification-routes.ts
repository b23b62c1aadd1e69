/**
 * Email verification: sending the link, and following it.
 *
 * @module
 */
import { findUser } from './access-checks.ts';
import { authenticate } from './authenticate.ts';
import { HttpError } from './http-error.ts';
import { QueryReader } from './query-reader.ts';
import { emptyResponse } from './responses.ts';
import type { RouteHandler } from './route-context.ts';
import type { StoredUser } from './stored-user.ts';
import type { VerificationClaim, VerificationRecord } from './verification-links.ts';

/**
 * `POST /users/send-verification`: mails the caller a verification link (into `service.outbox`); 422
 * `user already verified` when there is nothing to verify. No Content-Type check. Replies 200 with no body.
 *
 * @example
 * ```ts
 * routes.push({ method: 'POST', pattern: '/users/send-verification', handler: sendVerification });
 * ```
 */
export const sendVerification: RouteHandler = async (context) => {
  const { state } = context;
  const caller = await authenticate(context, 'any');
  const user = findUser(state, caller.sub);
  if (user.verifiedAt !== null) throw HttpError.unprocessable('user already verified');
  const token = state.verifications.issue(user.id, user.email, state.now());
  const link = `${state.settings.verificationUrl}?token=${encodeURIComponent(token)}`;
  state.outbox.push({ to: user.email, kind: 'verification', token, link });
  return emptyResponse(200);
};

/**
 * `GET /verify-email?token=…`: marks the user verified. Replies 200 with no body.
 *
 * @remarks
 * No auth. An empty token gives 400 `invalid verification`; a garbled token, or one that does not match the
 * user's latest link or current email, 422 `invalid verification`; a used or expired link 500 with an empty body
 * (as the server does); an already verified user 422 `user already verified`. The caller should refresh
 * afterwards to get a token with `verified: true`.
 *
 * @example
 * ```ts
 * routes.push({ method: 'GET', pattern: '/verify-email', handler: verifyEmail });
 * ```
 */
export const verifyEmail: RouteHandler = async (context) => {
  const { state } = context;
  // Read as every query parameter is: a repeated one is 400 `invalid query parameters`.
  const token = new QueryReader(context.query).text('token');
  if (token === '') throw HttpError.badRequest('invalid verification');
  const claim = state.verifications.decode(token);
  const record = claim ? state.verifications.get(claim.userId) : undefined;
  const user = claim ? state.users.get(claim.userId) : undefined;
  if (!claim || !record || !user || !isSameLink(claim, record, user)) {
    throw HttpError.unprocessable('invalid verification');
  }
  if (record.used || state.now() > record.expiresAt) throw HttpError.internal();
  if (user.verifiedAt !== null) throw HttpError.unprocessable('user already verified');
  record.used = true;
  user.verifiedAt = state.now();
  return emptyResponse(200);
};

function isSameLink(claim: VerificationClaim, record: VerificationRecord, user: StoredUser): boolean {
  return record.otp === claim.otp && record.email === claim.email && user.email === claim.email;
}
