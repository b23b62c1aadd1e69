/**
 * Passwords: changing one's own, and the reset flow by mail.
 *
 * @module
 */
import { findEnabledUser, findUser } from './access-checks.ts';
import { authenticate } from './authenticate.ts';
import { HttpError } from './http-error.ts';
import { renderUser } from './render-user.ts';
import { readJsonBody, stringField } from './request-body.ts';
import { jsonResponse } from './responses.ts';
import type { RouteHandler } from './route-context.ts';
import { touch } from './stored-user.ts';
import { TokenRole, TokenType } from './token-issuer.ts';

/**
 * How long a password-recovery token lives: 5 minutes.
 *
 * @example
 * ```ts
 * await state.tokens.sign(claims, state.now() + recoveryTokenLifetime);
 * ```
 */
export const recoveryTokenLifetime = 5 * 60 * 1000;

/**
 * `PATCH /users/secret`: changes the caller's password. Both passwords are required, the new one must pass the
 * password rule, and a wrong old one gives 401 `invalid credentials`. Replies with the user without
 * `profile_picture`.
 *
 * @example
 * ```ts
 * routes.push({ method: 'PATCH', pattern: '/users/secret', handler: updateSecret });
 * ```
 */
export const updateSecret: RouteHandler = async (context) => {
  const { state } = context;
  const caller = await authenticate(context, 'verified');
  const body = readJsonBody(context);
  const oldSecret = stringField(body, 'old_secret');
  const newSecret = stringField(body, 'new_secret');
  if (oldSecret === '' || newSecret === '') throw HttpError.badRequest('missing password');
  if (!state.settings.passwordPattern.test(newSecret)) {
    throw HttpError.badRequest('password does not meet the requirements');
  }
  if (findUser(state, caller.sub).secret !== oldSecret) throw HttpError.unauthorized('invalid credentials');
  const user = findEnabledUser(state, caller.sub);
  user.secret = newSecret;
  touch(user, caller.sub, state.now());
  return jsonResponse(200, renderUser(user, 'changed'));
};

/**
 * `POST /password/reset-request`: mails an enabled user a link holding a 5-minute recovery token (type 2).
 *
 * @remarks
 * The mail lands in `service.outbox`. An unknown email gives 404 (the server reveals which addresses exist).
 * Replies 201 `{"msg": "Email with reset link is sent"}`.
 *
 * @example
 * ```ts
 * routes.push({ method: 'POST', pattern: '/password/reset-request', handler: requestPasswordReset });
 * ```
 */
export const requestPasswordReset: RouteHandler = async (context) => {
  const { state } = context;
  const email = stringField(readJsonBody(context), 'email');
  if (email === '') throw HttpError.badRequest('missing email');
  const user = state.users.findEnabledByEmail(email);
  if (!user) throw HttpError.notFound();
  const claims = {
    sub: user.id,
    type: TokenType.recovery,
    role: user.role === 'admin' ? TokenRole.admin : TokenRole.user,
    verified: user.verifiedAt !== null,
  };
  const token = await state.tokens.sign(claims, state.now() + recoveryTokenLifetime);
  const link = `${state.settings.passwordResetUrl}?token=${encodeURIComponent(token)}`;
  state.outbox.push({ to: user.email, kind: 'password-reset', token, link });
  return jsonResponse(201, { msg: 'Email with reset link is sent' });
};

/**
 * `PUT /password/reset`: sets a new password; the recovery token from the mail is the bearer (a `token` field in
 * the body is ignored, as the server ignores it). Replies 201 `{}`.
 *
 * @example
 * ```ts
 * routes.push({ method: 'PUT', pattern: '/password/reset', handler: resetPassword });
 * ```
 */
export const resetPassword: RouteHandler = async (context) => {
  const { state } = context;
  const caller = await authenticate(context, 'any');
  const body = readJsonBody(context);
  const password = stringField(body, 'password');
  const confirmation = stringField(body, 'confirm_password');
  if (password === '') throw HttpError.badRequest('missing password');
  if (confirmation === '') throw HttpError.badRequest('missing conf password');
  if (password !== confirmation) throw HttpError.badRequest('invalid reset password');
  if (!state.settings.passwordPattern.test(password)) {
    throw HttpError.badRequest('password does not meet the requirements');
  }
  const user = findEnabledUser(state, caller.sub);
  user.secret = password;
  touch(user, user.id, state.now());
  return jsonResponse(201, {});
};
