import { SignJWT } from 'jose';
import { createFakeUsersService } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import { adminToken, login, manualClock, send, signUp } from './helpers.ts';

const missingBearer = { message: 'missing or invalid bearer user token' };
const authFailed = { message: 'failed to perform authentication over the entity' };

describe('authentication', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a lower-case bearer prefix', 'bearer x.y.z'],
    ['a Basic credential', 'Basic YWRtaW46MTIzNDU2Nzg='],
    ['an empty bearer', 'Bearer '],
  ])('answers 401 with the bearer message for %s', async (_, authorization) => {
    const service = createFakeUsersService();
    const reply = await send(service, 'GET', '/users/profile', {
      ...(authorization === undefined ? {} : { headers: { Authorization: authorization } }),
    });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual(missingBearer);
  });

  it('answers 401 with the authentication message for a token it did not sign', async () => {
    const service = createFakeUsersService();
    const forged = await new SignJWT({ sub: 'x', type: 0, role: 2, verified: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('supermq.auth')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not the key'));
    const reply = await send(service, 'GET', '/users/profile', { token: forged });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual(authFailed);
  });

  it('rejects a personal access token it cannot verify', async () => {
    const service = createFakeUsersService();
    const reply = await send(service, 'GET', '/users/profile', { token: 'pat_abc' });
    expect(reply).toMatchObject({ status: 401, json: authFailed });
  });

  it('rejects an access token once the injected clock passes its expiry', async () => {
    const clock = manualClock();
    const service = createFakeUsersService({ now: clock.now, accessTokenTtl: 60_000 });
    const token = await adminToken(service);
    const fresh = await send(service, 'GET', '/users/profile', { token });
    clock.advance(60_000);
    const stale = await send(service, 'GET', '/users/profile', { token });
    expect(fresh.status).toBe(200);
    expect(stale).toMatchObject({ status: 401, json: authFailed });
  });

  it('accepts refresh tokens as bearers on other routes, as the server does in JWKS mode', async () => {
    const service = createFakeUsersService();
    const { refresh_token } = await login(service, 'admin');
    const reply = await send(service, 'GET', '/users/profile', { token: refresh_token });
    expect(reply.status).toBe(200);
  });

  describe('the verified-email gate', () => {
    it('is off by default, so unverified users use every route', async () => {
      const service = createFakeUsersService();
      const { user, token } = await signUp(service);
      const reply = await send(service, 'GET', `/users/${user.id}`, { token });
      expect(reply.status).toBe(200);
    });

    it('when on, answers 401 email not verified on guarded routes and lets the A* routes through', async () => {
      const service = createFakeUsersService({ requireVerifiedEmail: true });
      const { user, token } = await signUp(service);
      const view = await send(service, 'GET', `/users/${user.id}`, { token });
      const profile = await send(service, 'GET', '/users/profile', { token });
      const sessions = await send(service, 'GET', '/users/tokens/refresh-tokens', { token });
      const email = await send(service, 'PATCH', `/users/${user.id}/email`, {
        token,
        body: { email: 'new-address@example.com' },
      });
      expect(view).toMatchObject({ status: 401, json: { message: 'email not verified' } });
      expect([profile.status, sessions.status, email.status]).toEqual([200, 200, 200]);
    });

    it('when on, lets admin-role tokens through', async () => {
      const service = createFakeUsersService({ requireVerifiedEmail: true });
      const reply = await send(service, 'GET', '/users', { token: await adminToken(service) });
      expect(reply.status).toBe(200);
    });
  });

  describe('content type and JSON checks', () => {
    it.each([
      ['POST', '/users/tokens/issue'],
      ['POST', '/users/tokens/revoke'],
      ['PATCH', '/users/me'],
      ['PATCH', '/users/secret'],
      ['PUT', '/password/reset'],
      ['POST', '/password/reset-request'],
    ])('answers 415 on %s %s without a JSON content type', async (method, path) => {
      const service = createFakeUsersService();
      const token = await adminToken(service);
      const reply = await send(service, method, path, { token, rawBody: '{}', contentType: 'text/plain' });
      expect(reply).toMatchObject({ status: 415, json: { message: 'unsupported content type' } });
    });

    it('accepts a content type with a charset suffix', async () => {
      const service = createFakeUsersService();
      const reply = await send(service, 'POST', '/users/tokens/issue', {
        body: { username: 'admin', password: '12345678' },
        contentType: 'application/json; charset=utf-8',
      });
      expect(reply.status).toBe(201);
    });

    it.each([
      ['malformed JSON', '{"username": '],
      ['an empty body', ''],
      ['a JSON list', '[]'],
    ])('answers 400 for %s', async (_, rawBody) => {
      const service = createFakeUsersService();
      const reply = await send(service, 'POST', '/users/tokens/issue', { rawBody });
      expect(reply).toMatchObject({
        status: 400,
        json: { message: 'request body is not a valid JSON, expecting a valid JSON' },
      });
    });

    it.each([
      ['a wrong content type', 'text/plain'],
      ['no content type', null],
    ])(
      'does not check the content type on enable, disable, delete or send-verification (%s)',
      async (_, contentType) => {
        const service = createFakeUsersService();
        const admin = await adminToken(service);
        const { user, token } = await signUp(service);
        // A wrong content type comes with a body, as a client that mislabels one would send it.
        const body = contentType === null ? {} : { rawBody: 'x' };
        const sent = await send(service, 'POST', '/users/send-verification', { token, contentType, ...body });
        const disabled = await send(service, 'POST', `/users/${user.id}/disable`, {
          token,
          contentType,
          ...body,
        });
        const enabled = await send(service, 'POST', `/users/${user.id}/enable`, {
          token: admin,
          contentType,
          ...body,
        });
        const deleted = await send(service, 'DELETE', `/users/${user.id}`, {
          token: admin,
          contentType,
          ...body,
        });
        expect(sent.status).toBe(200);
        expect(service.outbox).toEqual([expect.objectContaining({ to: user.email, kind: 'verification' })]);
        expect(disabled).toMatchObject({ status: 200, json: { id: user.id, status: 'disabled' } });
        expect(enabled).toMatchObject({ status: 200, json: { id: user.id, status: 'enabled' } });
        expect(deleted).toMatchObject({ status: 204, text: '' });
        const after = await send<{ status: string }>(service, 'GET', `/users/${user.id}`, { token: admin });
        expect(after.json.status).toBe('deleted');
        // And each request really went out as labelled.
        const labels = service.requests.slice(-5, -1).map((request) => request.headers['content-type']);
        expect(labels).toEqual(Array(4).fill(contentType ?? undefined));
      },
    );
  });
});
