/**
 * The SuperMQ users service (and Magistrala up to v0.30): the REST API of `api-contract.md`.
 *
 * @module
 */
import type { Http } from '../../http.ts';
import { path } from '../../path.ts';
import { toQuery } from '../../query.ts';
import {
  healthSchema,
  refreshTokensSchema,
  tokenPairSchema,
  type User,
  userSchema,
  usersPageSchema,
} from '../../schemas.ts';
import type { RequestOptions } from '../../types.ts';
import type { Backend, Operations } from '../operations.ts';

/**
 * The SuperMQ backend: one REST call per operation, sessions renewed with the refresh token.
 *
 * @example
 * ```ts
 * const operations = supermqBackend.operations({ http, signedIn: async () => true });
 * await operations.get(id);
 * ```
 */
export const supermqBackend: Backend = {
  name: 'supermq',
  renewal: (http) => ({
    refresh: (refreshToken) =>
      http.send({
        method: 'post',
        path: 'users/tokens/refresh',
        auth: { bearer: refreshToken },
        reply: tokenPairSchema,
      }),
  }),
  operations: ({ http }) => supermqOperations(http),
};

function supermqOperations(http: Http): Operations {
  const patch = (
    id: string,
    suffix: string,
    json: object,
    options: RequestOptions | undefined,
  ): Promise<User> => {
    const target = path`users/${id}` + suffix;
    return http.send({ method: 'patch', path: target, json, reply: userSchema, options });
  };
  return {
    create: (json, options) => http.send({ method: 'post', path: 'users', json, reply: userSchema, options }),
    login: (json, options) =>
      http.send({
        method: 'post',
        path: 'users/tokens/issue',
        auth: 'none',
        json,
        reply: tokenPairSchema,
        options,
      }),
    logout: async (session, options) => {
      const revocation = await session.signOut();
      if (!revocation) return;
      const { id: token_id, bearer } = revocation;
      await http
        .send({ method: 'post', path: 'users/tokens/revoke', auth: { bearer }, json: { token_id }, options })
        .catch(() => undefined);
    },
    get: (id, options) => http.send({ method: 'get', path: path`users/${id}`, reply: userSchema, options }),
    profile: (options) => http.send({ method: 'get', path: 'users/profile', reply: userSchema, options }),
    list: (params, options) =>
      http.send({ method: 'get', path: 'users', query: toQuery(params), reply: usersPageSchema, options }),
    search: (params, options) =>
      http.send({
        method: 'get',
        path: 'users/search',
        query: toQuery(params),
        reply: usersPageSchema,
        options,
      }),
    update: (id, input, options) => patch(id, '', input, options),
    updateTags: (id, tags, options) => patch(id, '/tags', { tags }, options),
    updateEmail: (id, email, options) => patch(id, '/email', { email }, options),
    updateUsername: (id, username, options) => patch(id, '/username', { username }, options),
    updateProfilePicture: (id, url, options) => patch(id, '/picture', { profile_picture: url }, options),
    updateRole: (id, role, options) => patch(id, '/role', { role }, options),
    updatePassword: (oldPassword, newPassword, options) =>
      http.send({
        method: 'patch',
        path: 'users/secret',
        json: { old_secret: oldPassword, new_secret: newPassword },
        reply: userSchema,
        options,
      }),
    requestPasswordReset: (email, options) =>
      http.send({ method: 'post', path: 'password/reset-request', auth: 'none', json: { email }, options }),
    resetPassword: ({ token, password, confirmPassword }, options) => {
      const json = { password, confirm_password: confirmPassword };
      return http.send({ method: 'put', path: 'password/reset', auth: { bearer: token }, json, options });
    },
    enable: (id, options) =>
      http.send({ method: 'post', path: path`users/${id}/enable`, reply: userSchema, options }),
    disable: (id, options) =>
      http.send({ method: 'post', path: path`users/${id}/disable`, reply: userSchema, options }),
    delete: (id, options) => http.send({ method: 'delete', path: path`users/${id}`, options }),
    listRefreshTokens: (options) =>
      http.send({ method: 'get', path: 'users/tokens/refresh-tokens', reply: refreshTokensSchema, options }),
    revokeRefreshToken: (id, options) =>
      http.send({ method: 'post', path: 'users/tokens/revoke', json: { token_id: id }, options }),
    sendVerification: (options) => http.send({ method: 'post', path: 'users/send-verification', options }),
    verifyEmail: (token, options) =>
      http.send({
        method: 'get',
        path: 'verify-email',
        query: new URLSearchParams({ token }),
        auth: 'none',
        options,
      }),
    health: (options) =>
      http.send({ method: 'get', path: 'health', auth: 'none', reply: healthSchema, options }),
  };
}
