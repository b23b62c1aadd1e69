/**
 * The SuperMQ users service (and Magistrala up to v0.30): the REST API of `api-contract.md`.
 *
 * @module
 */

import type { User } from '../../entities.ts';
import type { Http, Method } from '../../http.ts';
import { path } from '../../path.ts';
import { toQuery } from '../../query.ts';
import {
  healthSchema,
  refreshTokensSchema,
  tokenPairSchema,
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
    refresh: (refreshToken, renew) =>
      http.send({
        method: 'post',
        path: 'users/tokens/refresh',
        auth: { bearer: refreshToken },
        reply: tokenPairSchema,
        options: renew,
      }),
  }),
  operations: ({ http }) => supermqOperations(http),
};

function supermqOperations(http: Http): Operations {
  type Options = RequestOptions | undefined;
  const user = (method: Method, target: string, json: unknown, options: Options): Promise<User> =>
    http.send({ method, path: target, json, reply: userSchema, options });
  const patch = (id: string, suffix: string, json: object, options: Options) =>
    user('patch', path`users/${id}` + suffix, json, options);
  const page = (target: string, params: Parameters<typeof toQuery>[0], options: Options) =>
    http.send({ method: 'get', path: target, query: toQuery(params), reply: usersPageSchema, options });
  return {
    create: (json, options) => user('post', 'users', json, options),
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
    get: (id, options) => user('get', path`users/${id}`, undefined, options),
    profile: (options) => user('get', 'users/profile', undefined, options),
    list: (params, options) => page('users', params, options),
    search: (params, options) => page('users/search', params, options),
    update: (id, input, options) => patch(id, '', input, options),
    updateTags: (id, tags, options) => patch(id, '/tags', { tags }, options),
    updateEmail: (id, email, options) => patch(id, '/email', { email }, options),
    updateUsername: (id, username, options) => patch(id, '/username', { username }, options),
    updateProfilePicture: (id, url, options) => patch(id, '/picture', { profile_picture: url }, options),
    updateRole: (id, role, options) => patch(id, '/role', { role }, options),
    updatePassword: (oldPassword, newPassword, options) =>
      user('patch', 'users/secret', { old_secret: oldPassword, new_secret: newPassword }, options),
    requestPasswordReset: (email, options) =>
      http.send({ method: 'post', path: 'password/reset-request', auth: 'none', json: { email }, options }),
    resetPassword: ({ token, password, confirmPassword }, options) => {
      const json = { password, confirm_password: confirmPassword };
      return http.send({ method: 'put', path: 'password/reset', auth: { bearer: token }, json, options });
    },
    enable: (id, options) => user('post', path`users/${id}/enable`, undefined, options),
    disable: (id, options) => user('post', path`users/${id}/disable`, undefined, options),
    delete: (id, options) => http.send({ method: 'delete', path: path`users/${id}`, options }),
    listRefreshTokens: (options) =>
      http.send({ method: 'get', path: 'users/tokens/refresh-tokens', reply: refreshTokensSchema, options }),
    revokeRefreshToken: (id, options) =>
      http.send({ method: 'post', path: 'users/tokens/revoke', json: { token_id: id }, options }),
    sendVerification: (options) => http.send({ method: 'post', path: 'users/send-verification', options }),
    verifyEmail: (token, options) => {
      const query = new URLSearchParams({ token });
      return http.send({ method: 'get', path: 'verify-email', query, auth: 'none', options });
    },
    health: (options) =>
      http.send({ method: 'get', path: 'health', auth: 'none', reply: healthSchema, options }),
  };
}
