import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { createFakeUsersService } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import { adminToken, claimsOf, login, manualClock, send, signUp, type TokenPair } from './helpers.ts';

const authFailed = { message: 'failed to perform authentication over the entity' };

function refresh(service: ReturnType<typeof createFakeUsersService>, refreshToken: string) {
  return send<TokenPair>(service, 'POST', '/users/tokens/refresh', {
    token: refreshToken,
    contentType: 'application/json',
  });
}

describe('POST /users/tokens/issue', () => {
  it('logs in by username or by email with 201 and a token pair', async () => {
    const service = createFakeUsersService();
    const byName = await send<TokenPair>(service, 'POST', '/users/tokens/issue', {
      body: { username: 'admin', password: '12345678' },
    });
    const byEmail = await send<TokenPair>(service, 'POST', '/users/tokens/issue', {
      body: { username: 'admin@example.com', password: '12345678' },
    });
    expect(byName.status).toBe(201);
    expect(Object.keys(byName.json).sort()).toEqual(['access_token', 'refresh_token']);
    expect(byEmail.status).toBe(201);
  });

  it('issues EdDSA tokens with kid active and the server claims, verifiable with the JWKS', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1, 12, 0, 0, 500));
    const service = createFakeUsersService({ now: clock.now });
    const pair = await login(service, 'admin');
    const jwks = createLocalJWKSet({ keys: (await service.jwks()).keys ?? [] });
    const access = await jwtVerify(pair.access_token, jwks, { currentDate: new Date(clock.now()) });
    const refreshClaims = claimsOf(pair.refresh_token);
    const iat = Math.floor(clock.now() / 1000);
    expect(decodeProtectedHeader(pair.access_token)).toMatchObject({ alg: 'EdDSA', kid: 'active' });
    expect(access.payload).toEqual({
      iss: 'supermq.auth',
      sub: expect.any(String),
      type: 0,
      role: 2,
      verified: true,
      iat,
      exp: iat + 3600,
    });
    expect(refreshClaims).toMatchObject({ type: 1, role: 2, jti: expect.any(String), exp: iat + 86_400 });
  });

  it('signs with an HMAC when asked, and then publishes no keys', async () => {
    const service = createFakeUsersService({ algorithm: 'HS512' });
    const pair = await login(service, 'admin');
    expect(decodeProtectedHeader(pair.access_token).alg).toBe('HS512');
    expect(await service.jwks()).toEqual({ keys: null });
    expect(await service.verifyToken(pair.access_token)).toMatchObject({ type: 0 });
    expect(await service.verifyToken('not.a.jwt')).toBeUndefined();
  });

  it('gives a normal user role 1 and verified false', async () => {
    const service = createFakeUsersService();
    const { token } = await signUp(service);
    expect(claimsOf(token)).toMatchObject({ role: 1, verified: false });
  });

  it.each([
    [{ password: '12345678' }, 'missing username / email'],
    [{ username: 'admin' }, 'missing password'],
  ])('answers 400 for %j', async (body, message) => {
    const service = createFakeUsersService();
    const reply = await send(service, 'POST', '/users/tokens/issue', { body });
    expect(reply).toMatchObject({ status: 400, json: { message } });
  });

  it('answers 401 for a wrong password and 404 for an unknown, disabled or deleted user', async () => {
    const service = createFakeUsersService();
    const { user, token } = await signUp(service);
    const { user: gone, token: goneToken } = await signUp(service);
    await send(service, 'POST', `/users/${user.id}/disable`, { token });
    await send(service, 'DELETE', `/users/${gone.id}`, { token: goneToken });
    const issue = (username: string, password: string) =>
      send(service, 'POST', '/users/tokens/issue', { body: { username, password } });
    expect(await issue('admin', 'wrong-password')).toMatchObject({
      status: 401,
      json: { message: 'invalid credentials' },
    });
    for (const username of ['nobody', user.credentials.username ?? '', gone.email ?? '']) {
      expect(await issue(username, '12345678')).toMatchObject({
        status: 404,
        json: { message: 'entity not found' },
      });
    }
  });

  it('matches email logins exactly, case included', async () => {
    const service = createFakeUsersService();
    const reply = await send(service, 'POST', '/users/tokens/issue', {
      body: { username: 'Admin@example.com', password: '12345678' },
    });
    expect(reply.status).toBe(404);
  });
});

describe('POST /users/tokens/refresh', () => {
  it('needs the JSON content type even without a body', async () => {
    const service = createFakeUsersService();
    const { refresh_token } = await login(service, 'admin');
    const reply = await send(service, 'POST', '/users/tokens/refresh', { token: refresh_token });
    expect(reply).toMatchObject({ status: 415, json: { message: 'unsupported content type' } });
  });

  it('answers 401 without a bearer and 422 for an access token', async () => {
    const service = createFakeUsersService();
    const { access_token } = await login(service, 'admin');
    const none = await send(service, 'POST', '/users/tokens/refresh', { contentType: 'application/json' });
    const access = await refresh(service, access_token);
    expect(none).toMatchObject({ status: 401, json: { message: 'missing or invalid bearer user token' } });
    expect(access).toMatchObject({ status: 422, json: { message: 'failed to issue token' } });
  });

  it('answers 401 failed to login in disabled user for a disabled user', async () => {
    const service = createFakeUsersService();
    const { user, tokens, token } = await signUp(service);
    await send(service, 'POST', `/users/${user.id}/disable`, { token });
    const reply = await refresh(service, tokens.refresh_token);
    expect(reply).toMatchObject({ status: 401, json: { message: 'failed to login in disabled user' } });
  });

  it('still refreshes for a soft-deleted user, as the server checks only for disabled', async () => {
    const service = createFakeUsersService();
    const { user, tokens, token } = await signUp(service);
    await send(service, 'DELETE', `/users/${user.id}`, { token });
    const reply = await refresh(service, tokens.refresh_token);
    expect(reply.status).toBe(201);
  });

  it('keeps the old role claim and reads verified afresh', async () => {
    const service = createFakeUsersService();
    const admin = await adminToken(service);
    const { user, tokens, token } = await signUp(service);
    await send(service, 'POST', '/users/send-verification', { token });
    const mail = service.outbox.at(-1);
    await send(service, 'GET', `/verify-email?token=${mail?.token}`);
    await send(service, 'PATCH', `/users/${user.id}/role`, { token: admin, body: { role: 'admin' } });
    const reply = await refresh(service, tokens.refresh_token);
    expect(claimsOf(reply.json.access_token)).toMatchObject({ role: 1, verified: true });
  });

  it('answers 401 once the refresh token expires, whatever the mode', async () => {
    const clock = manualClock();
    const service = createFakeUsersService({ now: clock.now, refreshTokenTtl: 60_000 });
    const { refresh_token } = await login(service, 'admin');
    clock.advance(60_000);
    expect(await refresh(service, refresh_token)).toMatchObject({ status: 401, json: authFailed });
  });

  describe("in 'rotate' mode (the default)", () => {
    it('issues a refresh token with a new jti and the same absolute expiry', async () => {
      const clock = manualClock();
      const service = createFakeUsersService({ now: clock.now });
      const first = await login(service, 'admin');
      clock.advance(5_000);
      const second = (await refresh(service, first.refresh_token)).json;
      const [before, after] = [claimsOf(first.refresh_token), claimsOf(second.refresh_token)];
      expect(after.jti).not.toBe(before.jti);
      expect(after.exp).toBe(before.exp);
      expect(claimsOf(second.access_token).jti).toBe(after.jti);
      expect(claimsOf(first.access_token)).not.toHaveProperty('jti');
    });

    it('treats a rotated-out refresh token as reuse and revokes the whole session', async () => {
      const service = createFakeUsersService();
      const first = await login(service, 'admin');
      const second = await refresh(service, first.refresh_token);
      const reused = await refresh(service, first.refresh_token);
      const newest = await refresh(service, second.json.refresh_token);
      expect(second.status).toBe(201);
      expect(reused).toMatchObject({ status: 401, json: authFailed });
      expect(newest).toMatchObject({ status: 401, json: authFailed });
    });

    it('lets only one of two concurrent refreshes with the same token win, and then ends the session', async () => {
      const service = createFakeUsersService();
      const { refresh_token } = await login(service, 'admin');
      const replies = await Promise.all([refresh(service, refresh_token), refresh(service, refresh_token)]);
      expect(replies.map((reply) => reply.status).sort()).toEqual([201, 401]);
    });

    it('keeps the login description and lists the current jti', async () => {
      const service = createFakeUsersService();
      const first = await login(service, 'admin', '12345678', 'laptop');
      const second = (await refresh(service, first.refresh_token)).json;
      const list = await send(service, 'GET', '/users/tokens/refresh-tokens', { token: second.access_token });
      expect(list.json).toEqual({
        refresh_tokens: [{ id: claimsOf(second.refresh_token).jti, description: 'laptop' }],
      });
    });
  });

  describe("in 'supermq' mode", () => {
    it('returns a new string with the same jti and exp, and the old string keeps working', async () => {
      const clock = manualClock();
      const service = createFakeUsersService({ now: clock.now, refreshMode: 'supermq' });
      const first = await login(service, 'admin');
      clock.advance(2_000);
      const second = (await refresh(service, first.refresh_token)).json;
      clock.advance(2_000);
      const again = await refresh(service, first.refresh_token);
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(claimsOf(second.refresh_token)).toMatchObject({
        jti: claimsOf(first.refresh_token).jti,
        exp: claimsOf(first.refresh_token).exp,
      });
      expect(claimsOf(second.access_token).jti).toBe(claimsOf(first.refresh_token).jti);
      expect(again.status).toBe(201);
    });

    it('forgets a session idle for longer than the idle timeout, and each refresh extends it', async () => {
      const clock = manualClock();
      const service = createFakeUsersService({
        now: clock.now,
        refreshMode: 'supermq',
        idleTimeout: 600_000,
      });
      const { refresh_token } = await login(service, 'admin');
      clock.advance(599_000);
      const inTime = await refresh(service, refresh_token);
      clock.advance(599_000);
      const stillInTime = await refresh(service, refresh_token);
      clock.advance(600_000);
      const idle = await refresh(service, refresh_token);
      expect([inTime.status, stillInTime.status]).toEqual([201, 201]);
      expect(idle).toMatchObject({ status: 401, json: authFailed });
    });

    it('clears the description after the first refresh', async () => {
      const service = createFakeUsersService({ refreshMode: 'supermq' });
      const first = await login(service, 'admin', '12345678', 'cli');
      const listBefore = await send(service, 'GET', '/users/tokens/refresh-tokens', {
        token: first.access_token,
      });
      await refresh(service, first.refresh_token);
      const listAfter = await send(service, 'GET', '/users/tokens/refresh-tokens', {
        token: first.access_token,
      });
      const jti = claimsOf(first.refresh_token).jti;
      expect(listBefore.json).toEqual({ refresh_tokens: [{ id: jti, description: 'cli' }] });
      expect(listAfter.json).toEqual({ refresh_tokens: [{ id: jti }] });
    });

    it('lets two concurrent refreshes both succeed', async () => {
      const service = createFakeUsersService({ refreshMode: 'supermq' });
      const { refresh_token } = await login(service, 'admin');
      const replies = await Promise.all([refresh(service, refresh_token), refresh(service, refresh_token)]);
      expect(replies.map((reply) => reply.status)).toEqual([201, 201]);
    });
  });
});

describe('refresh sessions', () => {
  it('lists {"refresh_tokens": null} when there are none', async () => {
    const service = createFakeUsersService();
    const pair = await login(service, 'admin');
    await send(service, 'POST', '/users/tokens/revoke', {
      token: pair.access_token,
      body: { token_id: claimsOf(pair.refresh_token).jti },
    });
    const reply = await send(service, 'GET', '/users/tokens/refresh-tokens', { token: pair.access_token });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('{"refresh_tokens":null}\n');
  });

  it('lists only the caller’s own sessions, oldest first', async () => {
    const service = createFakeUsersService();
    const first = await login(service, 'admin', '12345678', 'one');
    const second = await login(service, 'admin', '12345678', 'two');
    await signUp(service);
    const reply = await send(service, 'GET', '/users/tokens/refresh-tokens', { token: second.access_token });
    expect(reply.json).toEqual({
      refresh_tokens: [
        { id: claimsOf(first.refresh_token).jti, description: 'one' },
        { id: claimsOf(second.refresh_token).jti, description: 'two' },
      ],
    });
  });

  it('revokes by jti with 204 so the refresh token stops working, while the access token lives on', async () => {
    const service = createFakeUsersService();
    const pair = await login(service, 'admin');
    const revoke = await send(service, 'POST', '/users/tokens/revoke', {
      token: pair.access_token,
      body: { token_id: claimsOf(pair.refresh_token).jti },
    });
    const refreshed = await refresh(service, pair.refresh_token);
    const profile = await send(service, 'GET', '/users/profile', { token: pair.access_token });
    expect(revoke.status).toBe(204);
    expect(revoke.text).toBe('');
    expect(refreshed).toMatchObject({ status: 401, json: authFailed });
    expect(profile.status).toBe(200);
  });

  it('answers 204 for an unknown token id and 400 for an empty one', async () => {
    const service = createFakeUsersService();
    const token = await adminToken(service);
    const unknown = await send(service, 'POST', '/users/tokens/revoke', {
      token,
      body: { token_id: 'nope' },
    });
    const empty = await send(service, 'POST', '/users/tokens/revoke', { token, body: {} });
    expect(unknown.status).toBe(204);
    expect(empty).toMatchObject({ status: 400, json: { message: 'missing entity id' } });
  });

  it('revokes a rotated session by any of its jtis', async () => {
    const service = createFakeUsersService();
    const first = await login(service, 'admin');
    const second = (await refresh(service, first.refresh_token)).json;
    await send(service, 'POST', '/users/tokens/revoke', {
      token: second.access_token,
      body: { token_id: claimsOf(first.refresh_token).jti },
    });
    expect((await refresh(service, second.refresh_token)).status).toBe(401);
  });
});
