import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createFakeAtomService } from '../../src/testing/index.ts';

const post = (path: string, body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  path,
});

async function call(atom: ReturnType<typeof createFakeAtomService>, request: ReturnType<typeof post>) {
  const { path, ...init } = request;
  const reply = await atom.fetch(path, init);
  const text = await reply.text();
  return {
    status: reply.status,
    type: reply.headers.get('content-type'),
    text,
    json: parsed(text),
  };
}

function parsed(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function login(atom: ReturnType<typeof createFakeAtomService>) {
  const reply = await call(atom, post('/auth/login', { identifier: 'admin', secret: '12345678' }));
  return reply.json.token as string;
}

describe('the fake ATOM', () => {
  it('issues ES256 JWTs with a kid that its JWKS verifies, with ATOM claims and REST timestamps ending in Z', async () => {
    const atom = createFakeAtomService();
    const reply = await call(
      atom,
      post('/auth/login', { identifier: 'admin@example.com', secret: '12345678' }),
    );
    expect(reply.status).toBe(200);
    expect(reply.json.expires_at).toMatch(/Z$/);
    const header = decodeProtectedHeader(reply.json.token);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'JWT', kid: expect.stringMatching(/^[\da-f-]{36}$/) });
    const { payload } = await jwtVerify(reply.json.token, createLocalJWKSet((await atom.jwks()) as never), {
      issuer: atom.baseUrl,
      audience: 'magistrala',
    });
    expect(payload).toMatchObject({
      sub: '00000000-0000-0000-0000-000000000001',
      sid: reply.json.session_id,
      tid: null,
    });
  });

  it('refreshSession keeps the session id, and the old JWT stays valid until logout ends both', async () => {
    const atom = createFakeAtomService();
    const old = await login(atom);
    const auth = { authorization: `Bearer ${old}` };
    const renewed = await call(
      atom,
      post('/graphql', { query: 'mutation { refreshSession { token sessionId expiresAt } }' }, auth),
    );
    expect(renewed.json.data.refreshSession.expiresAt).toMatch(/\+00:00$/);
    const fresh = renewed.json.data.refreshSession.token as string;
    expect(fresh).not.toBe(old);
    expect((await atom.fetch('/auth/introspect', { headers: auth })).status).toBe(200);
    await atom.fetch('/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${fresh}` } });
    expect(
      (await call(atom, { method: 'GET', path: '/auth/introspect', headers: auth } as never)).json,
    ).toEqual({
      error: 'session revoked',
    });
  });

  it('past expiry plus the 60 s leeway, a JWT fails the whole GraphQL request, even health', async () => {
    let now = Date.parse('2026-08-01T12:00:00Z');
    const atom = createFakeAtomService({ now: () => now });
    const token = await login(atom);
    now += 3_600_000 + 61_000;
    const reply = await call(
      atom,
      post('/graphql', { query: '{ health }' }, { authorization: `Bearer ${token}` }),
    );
    expect(reply).toMatchObject({
      status: 200,
      json: { data: null, errors: [{ message: 'invalid token: ExpiredSignature' }] },
    });
    now -= 30_000; // inside the leeway, past the session's expiry
    const late = await call(
      atom,
      post(
        '/graphql',
        { query: 'mutation { refreshSession { token } }' },
        { authorization: `Bearer ${token}` },
      ),
    );
    expect(late.json.errors[0].message).toBe('session expired');
  });

  it('answers GraphQL failures as HTTP 200 errors[] with locations and path, data null for a non-null root', async () => {
    const atom = createFakeAtomService();
    const token = await login(atom);
    const id = '5c3b8f6e-9d1a-4c55-8f0e-2b7a1d3e4f50';
    const reply = await call(
      atom,
      post(
        '/graphql',
        { query: 'query($id: ID!) { entity(id: $id) { id } }', variables: { id } },
        { authorization: `Bearer ${token}` },
      ),
    );
    expect(reply).toMatchObject({ status: 200, type: 'application/json' });
    expect(reply.json).toEqual({
      data: null,
      errors: [{ message: `entity ${id} not found`, locations: [{ line: 1, column: 19 }], path: ['entity'] }],
    });
    const anonymous = await call(atom, post('/graphql', { query: '{ entities { total } }' }));
    expect(anonymous.json.errors[0].message).toBe('missing authentication');
  });

  it('keeps introspection off, refuses batches, and 404/405 with empty bodies', async () => {
    const atom = createFakeAtomService();
    expect(
      (await call(atom, post('/graphql', { query: '{ __schema { types { name } } }' }))).json.errors[0]
        .message,
    ).toBe('Unknown field "__schema" on type "QueryRoot".');
    expect(await call(atom, post('/graphql', [{ query: '{ health }' }]))).toMatchObject({
      status: 400,
      text: 'UnsupportedBatch',
    });
    expect(await call(atom, { method: 'GET', path: '/users' } as never)).toMatchObject({
      status: 404,
      text: '',
    });
    expect(await call(atom, { method: 'GET', path: '/graphql' } as never)).toMatchObject({
      status: 405,
      text: '',
    });
  });

  it("rejects like axum's Json extractor, in plain text", async () => {
    const atom = createFakeAtomService();
    expect(await call(atom, post('/auth/login', '{}', { 'content-type': 'text/plain' }))).toMatchObject({
      status: 415,
      text: 'Expected request with `Content-Type: application/json`',
    });
    expect((await call(atom, post('/auth/login', ''))).status).toBe(400);
    expect(await call(atom, post('/auth/login', { identifier: 'admin' }))).toMatchObject({
      status: 422,
      text: 'Failed to deserialize the JSON body into the target type: missing field `secret`',
    });
    const extra = await call(
      atom,
      post('/auth/signup', { name: 'j', email: 'j@example.com', password: '12345678', first_name: 'J' }),
    );
    expect(extra).toMatchObject({ status: 422, type: 'text/plain; charset=utf-8' });
  });

  it('throttles after five failures in 15 minutes with Retry-After 900, and soft-deletes', async () => {
    const atom = createFakeAtomService();
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await call(atom, post('/auth/login', { identifier: 'Admin ', secret: 'x' }))).json).toEqual({
        error: 'invalid credentials',
      });
    }
    const reply = await atom.fetch('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: 'admin', secret: '12345678' }),
    });
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('900');
    expect(await reply.json()).toEqual({ error: 'too many failed login attempts' });
    expect(atom.count('POST', '/auth/login')).toBe(6);
  });

  it('signup users need a verified email to log in; the verification token arrives in the outbox', async () => {
    const atom = createFakeAtomService();
    const signup = await call(
      atom,
      post('/auth/signup', { name: 'jane', email: 'Jane@Example.com', password: '12345678' }),
    );
    expect(signup).toMatchObject({
      status: 202,
      json: { email: 'jane@example.com', verification_required: true },
    });
    const attempt = await call(
      atom,
      post('/auth/login', { identifier: 'jane@example.com', secret: '12345678' }),
    );
    expect(attempt.json).toEqual({ error: 'email verification required' });
    const token = atom.outbox.at(-1)?.token ?? '';
    expect(token).toMatch(/^atomv_[\da-f]{32}_[\da-f]{64}$/);
    expect(
      (await call(atom, { method: 'GET', path: `/auth/email/verify?token=${token}` } as never)).json,
    ).toEqual({ verified: true });
    expect((await call(atom, post('/auth/login', { identifier: 'jane', secret: '12345678' }))).status).toBe(
      200,
    );
  });

  it('prints no token or password', async () => {
    const atom = createFakeAtomService();
    await login(atom);
    expect(JSON.stringify(atom)).toBe(JSON.stringify({ baseUrl: atom.baseUrl, requests: 1, outbox: 0 }));
  });
});
