/**
 * Login, refresh, and the refresh sessions: `/users/tokens/…`.
 *
 * @module
 */
import { authenticate, authenticationFailed } from './authenticate.ts';
import { HttpError } from './http-error.ts';
import type { JsonObject } from './json-value.ts';
import type { RenewedSession } from './refresh-sessions.ts';
import { readJsonBody, requireJsonContentType, stringField } from './request-body.ts';
import { emptyResponse, jsonResponse } from './responses.ts';
import type { RouteHandler, ServiceState } from './route-context.ts';
import type { StoredUser } from './stored-user.ts';
import { TokenRole, type TokenRoleValue, TokenType } from './token-issuer.ts';

/**
 * `POST /users/tokens/issue`: logs in with a username or an email address and opens a refresh session.
 *
 * @remarks
 * Only enabled users are found (404 for unknown, disabled or deleted ones); a wrong password gives 401
 * `invalid credentials`. The access token has no `jti`; the refresh token's `jti` names the new session, which
 * `description` labels. Replies 201 with `{access_token, refresh_token}`.
 *
 * @example
 * ```ts
 * routes.push({ method: 'POST', pattern: '/users/tokens/issue', handler: issueToken });
 * ```
 */
export const issueToken: RouteHandler = async (context) => {
  const { state } = context;
  const body = readJsonBody(context);
  const identity = stringField(body, 'username');
  const password = stringField(body, 'password');
  if (identity === '') throw HttpError.badRequest('missing username / email');
  if (password === '') throw HttpError.badRequest('missing password');
  const user = state.users.findEnabledByLogin(identity);
  if (!user) throw HttpError.notFound();
  if (user.secret !== password) throw HttpError.unauthorized('invalid credentials');
  const expiresAt = wholeSeconds(state.now() + state.settings.refreshTokenTtl);
  const jti = state.sessions.start(user.id, stringField(body, 'description'), expiresAt);
  const role = user.role === 'admin' ? TokenRole.admin : TokenRole.user;
  return jsonResponse(201, await signPair(state, user, role, { jti, expiresAt }, false));
};

/**
 * `POST /users/tokens/refresh`: the refresh token is the bearer, and `Content-Type: application/json` is required
 * although there is no body.
 *
 * @remarks
 * A disabled user gets 401 `failed to login in disabled user`; a token that is not a refresh token 422
 * `failed to issue token`; a refresh token whose session is gone (revoked, expired, idle, or reused under strict
 * rotation) 401. The new tokens keep the old `role` claim and read `verified` afresh; the access token carries the
 * refresh token's `jti`. Replies 201.
 *
 * @example
 * ```ts
 * routes.push({ method: 'POST', pattern: '/users/tokens/refresh', handler: refreshToken });
 * ```
 */
export const refreshToken: RouteHandler = async (context) => {
  const { state } = context;
  const caller = await authenticate(context, 'any');
  requireJsonContentType(context.request);
  const user = state.users.get(caller.sub);
  if (!user) throw HttpError.unauthorized(authenticationFailed);
  if (user.status === 'disabled') throw HttpError.unauthorized('failed to login in disabled user');
  if (caller.type !== TokenType.refresh || caller.jti === undefined) {
    throw HttpError.unprocessable('failed to issue token');
  }
  const renewed = state.sessions.refresh(caller.jti);
  if (!renewed) throw HttpError.unauthorized(authenticationFailed);
  return jsonResponse(201, await signPair(state, user, caller.role, renewed, true));
};

/**
 * `POST /users/tokens/revoke`: ends the session whose refresh-token `jti` is `token_id`, whoever owns it; an unknown
 * id still gives 204. Access tokens already issued stay valid until they expire.
 *
 * @example
 * ```ts
 * routes.push({ method: 'POST', pattern: '/users/tokens/revoke', handler: revokeRefreshToken });
 * ```
 */
export const revokeRefreshToken: RouteHandler = async (context) => {
  await authenticate(context, 'any');
  const tokenId = stringField(readJsonBody(context), 'token_id');
  if (tokenId === '') throw HttpError.badRequest('missing entity id');
  context.state.sessions.revoke(tokenId);
  return emptyResponse(204);
};

/**
 * `GET /users/tokens/refresh-tokens`: the caller's active sessions as `{"refresh_tokens": [{id, description?}]}`,
 * or `{"refresh_tokens": null}` when there are none.
 *
 * @example
 * ```ts
 * routes.push({ method: 'GET', pattern: '/users/tokens/refresh-tokens', handler: listRefreshTokens });
 * ```
 */
export const listRefreshTokens: RouteHandler = async (context) => {
  const caller = await authenticate(context, 'any');
  const sessions: JsonObject[] = context.state.sessions.list(caller.sub).map((session) => ({ ...session }));
  return jsonResponse(200, { refresh_tokens: sessions.length > 0 ? sessions : null });
};

async function signPair(
  state: ServiceState,
  user: StoredUser,
  role: TokenRoleValue,
  session: RenewedSession,
  accessCarriesJti: boolean,
): Promise<JsonObject> {
  const base = { sub: user.id, role, verified: user.verifiedAt !== null };
  const accessClaims = { ...base, type: TokenType.access, ...(accessCarriesJti ? { jti: session.jti } : {}) };
  const accessExpiry = state.now() + state.settings.accessTokenTtl;
  const [access, refresh] = await Promise.all([
    state.tokens.sign(accessClaims, accessExpiry),
    state.tokens.sign({ ...base, type: TokenType.refresh, jti: session.jti }, session.expiresAt),
  ]);
  return { access_token: access, refresh_token: refresh };
}

function wholeSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000) * 1000;
}
