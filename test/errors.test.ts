import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InputValidationError,
  InternalServerError,
  MagistralaError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  UnprocessableEntityError,
  UsersClient,
} from '../src/index.ts';
import { jane, pair } from './support/fixtures.ts';
import { server } from './support/msw.ts';
import { base, empty, json, serve, text } from './support/wire.ts';

const tokens = await pair();
const users = (options: Partial<ConstructorParameters<typeof UsersClient>[0]> = {}) =>
  new UsersClient({ baseUrl: base, tokens, retry: 0, ...options });

describe('errors from real responses', () => {
  it.each([
    [400, BadRequestError, 'BadRequestError'],
    [401, AuthenticationError, 'AuthenticationError'],
    [403, PermissionDeniedError, 'PermissionDeniedError'],
    [404, NotFoundError, 'NotFoundError'],
    [409, ConflictError, 'ConflictError'],
    [415, ApiError, 'ApiError'],
    [422, UnprocessableEntityError, 'UnprocessableEntityError'],
    [429, RateLimitError, 'RateLimitError'],
    [500, InternalServerError, 'InternalServerError'],
    [503, InternalServerError, 'InternalServerError'],
  ])('maps %i to %O', async (status, ErrorClass, name) => {
    serve(json({ message: 'the server says no' }, status));
    const error = await users({ accessToken: 'pat' })
      .get('x-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(MagistralaError);
    expect(error).toMatchObject({
      name,
      status,
      method: 'GET',
      url: `${base}/users/x-1`,
      serverMessage: 'the server says no',
    });
    expect((error as Error).message).toBe(
      `GET /api/users/users/x-1 failed with ${status}: the server says no`,
    );
  });

  it('reads the older {error, message} body', async () => {
    serve(json({ error: 'entity not found', message: 'failed to view user' }, 404));
    await expect(users().get('x-1')).rejects.toMatchObject({
      serverMessage: 'failed to view user: entity not found',
    });
  });

  it('reads a plain-text body, as chi sends for unknown routes', async () => {
    serve(text('404 page not found\n', 404));
    await expect(users().get('x-1')).rejects.toMatchObject({
      name: 'NotFoundError',
      serverMessage: '404 page not found',
    });
  });

  it('handles the empty body of an upstream 500', async () => {
    serve(empty(500));
    const error = await users()
      .profile()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      serverMessage: '',
      body: undefined,
      message: 'GET /api/users/users/profile failed with 500',
    });
  });

  it('gives RateLimitError the Retry-After delay in milliseconds', async () => {
    serve(empty(429, { 'retry-after': '3' }));
    await expect(users().profile()).rejects.toMatchObject({ name: 'RateLimitError', retryAfter: 3000 });
  });

  it('leaves the query string, which may hold a token, out of the error', async () => {
    serve(empty(500));
    const error = (await users()
      .verifyEmail('secret-verification-token')
      .catch((e: unknown) => e)) as ApiError;
    expect(error.url).toBe(`${base}/verify-email`);
    expect(JSON.stringify(error)).not.toContain('secret-verification-token');
    expect(String(error)).not.toContain('secret-verification-token');
    expect(error.stack).not.toContain('secret-verification-token');
  });

  it('gives ConnectionError when nothing answers', async () => {
    server.use(http.all('http://users.test/*', () => HttpResponse.error()));
    const error = await users()
      .profile()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe('GET /api/users/users/profile could not connect');
  });

  it('gives TimeoutError when the reply is too slow', async () => {
    server.use(http.all('http://users.test/*', () => new Promise<Response>(() => {})));
    const error = await users({ timeout: 50 })
      .profile()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('applies a per-call timeout over the client one', async () => {
    server.use(http.all('http://users.test/*', () => new Promise<Response>(() => {})));
    await expect(users({ timeout: 60_000 }).profile({ timeout: 30 })).rejects.toBeInstanceOf(TimeoutError);
  });

  it('rejects an aborted call with the signal reason', async () => {
    server.use(http.all('http://users.test/*', () => new Promise<Response>(() => {})));
    const controller = new AbortController();
    const call = users().profile({ signal: controller.signal });
    const reason = new Error('user went away');
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });
});

describe('response validation', () => {
  it('rejects a reply of the wrong shape with ResponseValidationError', async () => {
    serve(json({ id: 42 }));
    const error = await users()
      .profile()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues).toEqual([{ path: 'id', message: expect.any(String) }]);
  });

  it("accepts it with validateResponses: 'off'", async () => {
    serve(json({ id: 42 }));
    await expect(users({ validateResponses: 'off' }).profile()).resolves.toEqual({ id: 42 });
  });

  it('rejects a reply that is not JSON', async () => {
    serve(() => new HttpResponse('{oops', { status: 200, headers: { 'content-type': 'application/json' } }));
    await expect(users().profile()).rejects.toMatchObject({
      name: 'ResponseValidationError',
      issues: [{ path: '', message: 'reply is not JSON' }],
    });
  });

  it('lets unknown fields from newer servers through', async () => {
    serve(json({ ...jane, shoe_size: 44 }));
    await expect(users().profile()).resolves.toMatchObject({ shoe_size: 44 });
  });

  it('keeps unknown fields inside nested objects and in every user of a page', async () => {
    const newer = { ...jane, shoe_size: 44, credentials: { username: 'jane', provider: 'oidc' } };
    serve(json({ total: 1, users: [newer], cursor: 'next' }));
    const page = await users().list();
    expect(page).toMatchObject({
      cursor: 'next',
      users: [{ shoe_size: 44, credentials: { provider: 'oidc' } }],
    });
  });

  it('fills the page fields the server omits when they are 0', async () => {
    serve(json({ total: 0 }));
    await expect(users().list()).resolves.toEqual({ total: 0, offset: 0, limit: 0, users: [] });
  });

  it('turns a null refresh-token list into []', async () => {
    serve(json({ refresh_tokens: null }));
    await expect(users().listRefreshTokens()).resolves.toEqual([]);
  });
});

describe('no secret in any error', () => {
  it('keeps the bearer out of printed timeout, connection, server and session errors', async () => {
    const { inspect } = await import('node:util');
    const bearer = tokens.access_token;
    const printed = async (call: Promise<unknown>) =>
      inspect(await call.catch((e: unknown) => e), { depth: 20 });

    server.use(http.all('http://users.test/*', () => new Promise<Response>(() => {})));
    const timeout = await printed(users({ timeout: 30 }).profile());
    server.use(http.all('http://users.test/*', () => HttpResponse.error()));
    const connection = await printed(users().profile());
    serve(json({ message: 'failed to perform authentication over the entity' }, 401));
    const expired = await printed(users().profile());

    expect(timeout).toContain('TimeoutError');
    expect(connection).toContain('ConnectionError');
    expect(expired).toContain('SessionExpiredError');
    for (const view of [timeout, connection, expired]) {
      expect(view).not.toContain(bearer);
      expect(view).not.toContain(tokens.refresh_token);
    }
  });

  it('keeps passwords and tokens out of messages, strings and JSON', async () => {
    serve(json({ message: 'invalid credentials' }, 401));
    const client = users();
    const failures = await Promise.all([
      client.login({ username: 'admin', password: 'hunter2-password' }).catch((e: unknown) => e),
      client.updatePassword('old-secret-1', 'new-secret-2').catch((e: unknown) => e),
      client
        .resetPassword({ token: 'reset-token-3', password: 'pw-4', confirmPassword: 'pw-5' })
        .catch((e: unknown) => e),
      client
        .create({
          first_name: '',
          last_name: 'x',
          email: 'x',
          credentials: { username: '-', secret: 'pw-6' },
        })
        .catch((e: unknown) => e),
    ]);
    const secrets = [
      'hunter2-password',
      'old-secret-1',
      'new-secret-2',
      'reset-token-3',
      'pw-4',
      'pw-5',
      'pw-6',
    ];
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(MagistralaError);
      const views = [
        String(failure),
        JSON.stringify(failure),
        (failure as Error).stack ?? '',
        (failure as Error).message,
      ];
      for (const secret of [...secrets, tokens.access_token, tokens.refresh_token]) {
        for (const view of views) expect(view).not.toContain(secret);
      }
    }
  });
});

describe('input validation', () => {
  it('lists every problem and sends nothing', async () => {
    const sent = serve(json(jane));
    const error = await users()
      .create({
        first_name: '',
        last_name: 'doe',
        email: 'not-an-email',
        credentials: { username: '-bad--name', secret: '' },
        role: 'root' as 'admin',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputValidationError);
    const paths = (error as InputValidationError).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['first_name', 'email', 'credentials.username', 'credentials.secret', 'role']),
    );
    expect(sent).toHaveLength(0);
  });

  it.each([
    ['an empty id', (c: UsersClient) => c.get('')],
    ['a dot-segment id', (c: UsersClient) => c.get('..')],
    ['a limit of 0', (c: UsersClient) => c.list({ limit: 0 })],
    ['a limit over 100', (c: UsersClient) => c.list({ limit: 101 })],
    ['a negative offset', (c: UsersClient) => c.list({ offset: -1 })],
    ['an unknown order', (c: UsersClient) => c.list({ order: 'age' as 'email' })],
    ['an unknown status', (c: UsersClient) => c.list({ status: 'gone' as 'all' })],
    ['a bad timestamp', (c: UsersClient) => c.list({ created_from: 'yesterday' })],
    ['an empty search', (c: UsersClient) => c.search({})],
    ['a two-letter search username', (c: UsersClient) => c.search({ username: 'ab' })],
    ['an empty new username', (c: UsersClient) => c.updateUsername('x-1', '')],
    ['a new username over 1024 bytes', (c: UsersClient) => c.updateUsername('x-1', 'é'.repeat(513))],
    ['a bad email', (c: UsersClient) => c.updateEmail('x-1', 'jane')],
    ['an empty new password', (c: UsersClient) => c.updatePassword('old', '')],
    ['an unknown role', (c: UsersClient) => c.updateRole('x-1', 'root' as 'admin')],
    ['a login without password', (c: UsersClient) => c.login({ username: 'admin', password: '' })],
    [
      'a reset whose passwords differ',
      (c: UsersClient) => c.resetPassword({ token: 't', password: 'a', confirmPassword: 'b' }),
    ],
    ['an empty verification token', (c: UsersClient) => c.verifyEmail('')],
    ['an empty revoke id', (c: UsersClient) => c.revokeRefreshToken('')],
  ])('rejects %s before sending', async (_what, call) => {
    const sent = serve(json(jane));
    await expect(call(users())).rejects.toBeInstanceOf(InputValidationError);
    expect(sent).toHaveLength(0);
  });

  it('rejects a base URL that is not http(s)', () => {
    expect(() => new UsersClient({ baseUrl: 'ftp://example.com' })).toThrow(InputValidationError);
    expect(() => new UsersClient({ baseUrl: 'not a url' })).toThrow(InputValidationError);
  });
});

describe('retries', () => {
  const fast = { limit: 2, delay: () => 1 };

  it('retries a GET on 503 and then succeeds', async () => {
    const sent = serve(empty(503), empty(503), json(jane));
    await expect(users({ retry: fast }).profile()).resolves.toEqual(jane);
    expect(sent).toHaveLength(3);
  });

  it('gives up after the retry limit', async () => {
    const sent = serve(empty(502));
    await expect(users({ retry: fast }).profile()).rejects.toBeInstanceOf(InternalServerError);
    expect(sent).toHaveLength(3);
  });

  it('retries a GET after a network error', async () => {
    let calls = 0;
    server.use(
      http.all('http://users.test/*', () => {
        calls++;
        return calls === 1 ? HttpResponse.error() : HttpResponse.json(jane);
      }),
    );
    await expect(users({ retry: fast }).profile()).resolves.toEqual(jane);
    expect(calls).toBe(2);
  });

  it('never retries a POST or a PATCH by default', async () => {
    const sent = serve(empty(503));
    await expect(users({ retry: fast }).enable('x-1')).rejects.toBeInstanceOf(InternalServerError);
    await expect(users({ retry: fast }).update('x-1', { first_name: 'a' })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(sent).toHaveLength(2);
  });

  it('does not retry a 4xx', async () => {
    const sent = serve(json({ message: 'entity not found' }, 404));
    await expect(users({ retry: fast }).get('x-1')).rejects.toBeInstanceOf(NotFoundError);
    expect(sent).toHaveLength(1);
  });

  it('honours Retry-After on 429', async () => {
    const sent = serve(empty(429, { 'retry-after': '0' }), json(jane));
    await expect(users({ retry: fast }).profile()).resolves.toEqual(jane);
    expect(sent).toHaveLength(2);
  });

  it('takes a retry policy per call, over the client one', async () => {
    const sent = serve(empty(503));
    await expect(users({ retry: fast }).profile({ retry: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(sent).toHaveLength(1);
    await expect(users({ retry: 0 }).profile({ retry: { limit: 1, delay: () => 1 } })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(sent).toHaveLength(3);
  });

  it('retry: 0 turns retries off', async () => {
    const sent = serve(empty(503));
    await expect(users({ retry: 0 }).profile()).rejects.toBeInstanceOf(InternalServerError);
    expect(sent).toHaveLength(1);
  });
});

describe('instanceof across copies of the package', () => {
  it('recognises errors made by another copy of the classes (CJS and ESM builds, two bundles)', async () => {
    const specifier = '../src/errors.ts?another-copy'; // a query makes the module loader load a second copy
    const copy = (await import(/* @vite-ignore */ specifier)) as typeof import('../src/errors.ts');
    expect(copy.NotFoundError).not.toBe(NotFoundError);
    const error = new copy.NotFoundError({
      status: 404,
      body: undefined,
      method: 'GET',
      url: 'http://x.test/users/1',
    });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(MagistralaError);
    expect(error).not.toBeInstanceOf(ConflictError);
    expect(new Error('plain')).not.toBeInstanceOf(MagistralaError);
    expect({ name: 'NotFoundError' }).not.toBeInstanceOf(NotFoundError);
  });
});
