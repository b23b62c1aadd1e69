import { describe, expect, it } from 'vitest';
import {
  memoryTokenStore,
  type TokenPair,
  type TokenStore,
  UsersClient,
  type UsersPage,
} from '../src/index.ts';
import { jane, pair } from './support/fixtures.ts';
import { base, empty, json, type Sent, serve } from './support/wire.ts';

const tokens = await pair();
const page: UsersPage = { total: 1, offset: 0, limit: 10, users: [jane] };
const id = jane.id;

interface Row {
  /** The method call, as a user writes it. */
  readonly call: (users: UsersClient) => Promise<unknown>;
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string>;
  /** The JSON body expected, or `undefined` for none. */
  readonly body?: unknown;
  /** The bearer expected: the session's access token unless told otherwise; `null` for none. */
  readonly bearer?: string | null;
  readonly reply: () => Response;
  readonly result: unknown;
}

const rows: Record<string, Row> = {
  create: {
    call: (users) =>
      users.create({
        first_name: 'jane',
        last_name: 'doe',
        email: 'janicedoe@example.com',
        credentials: { username: 'janicedoe', secret: '12345678' },
        tags: ['a'],
      }),
    method: 'POST',
    path: '/users',
    body: {
      first_name: 'jane',
      last_name: 'doe',
      email: 'janicedoe@example.com',
      credentials: { username: 'janicedoe', secret: '12345678' },
      tags: ['a'],
    },
    reply: json(jane, 201),
    result: jane,
  },
  login: {
    call: (users) => users.login({ username: 'admin', password: '12345678' }),
    method: 'POST',
    path: '/users/tokens/issue',
    body: { username: 'admin', password: '12345678' },
    bearer: null,
    reply: json(tokens, 201),
    result: tokens,
  },
  refresh: {
    call: (users) => users.refresh(),
    method: 'POST',
    path: '/users/tokens/refresh',
    bearer: tokens.refresh_token,
    reply: json(tokens, 201),
    result: tokens,
  },
  get: {
    call: (users) => users.get(id),
    method: 'GET',
    path: `/users/${id}`,
    reply: json(jane),
    result: jane,
  },
  profile: {
    call: (users) => users.profile(),
    method: 'GET',
    path: '/users/profile',
    reply: json(jane),
    result: jane,
  },
  list: {
    call: (users) =>
      users.list({
        limit: 10,
        offset: 20,
        order: 'username',
        dir: 'asc',
        status: 'all',
        metadata: { team: 'ops' },
        tags: { all: ['a', 'b'] },
        only_total: true,
        created_from: new Date('2025-01-01T00:00:00Z'),
      }),
    method: 'GET',
    path: '/users',
    query: {
      limit: '10',
      offset: '20',
      order: 'username',
      dir: 'asc',
      status: 'all',
      metadata: '{"team":"ops"}',
      tags: 'a+b',
      only_total: 'true',
      created_from: '2025-01-01T00:00:00.000Z',
    },
    reply: json({ total: 1, limit: 10, users: [jane] }),
    result: page,
  },
  search: {
    call: (users) => users.search({ username: 'jan', limit: 5 }),
    method: 'GET',
    path: '/users/search',
    query: { username: 'jan', limit: '5' },
    reply: json({ total: 1, limit: 5, users: [jane] }),
    result: { ...page, limit: 5 },
  },
  update: {
    call: (users) => users.update(id, { first_name: 'Janice', metadata: { aoty: '1' } }),
    method: 'PATCH',
    path: `/users/${id}`,
    body: { first_name: 'Janice', metadata: { aoty: '1' } },
    reply: json({ ...jane, first_name: 'Janice' }),
    result: { ...jane, first_name: 'Janice' },
  },
  updateTags: {
    call: (users) => users.updateTags(id, ['light 1', 'light 2']),
    method: 'PATCH',
    path: `/users/${id}/tags`,
    body: { tags: ['light 1', 'light 2'] },
    reply: json({ ...jane, tags: ['light 1', 'light 2'] }),
    result: { ...jane, tags: ['light 1', 'light 2'] },
  },
  updateEmail: {
    call: (users) => users.updateEmail(id, 'Janice@example.com'),
    method: 'PATCH',
    path: `/users/${id}/email`,
    body: { email: 'Janice@example.com' },
    reply: json({ ...jane, email: 'Janice@example.com' }),
    result: { ...jane, email: 'Janice@example.com' },
  },
  updateUsername: {
    call: (users) => users.updateUsername(id, 'Janice'),
    method: 'PATCH',
    path: `/users/${id}/username`,
    body: { username: 'Janice' },
    reply: json({ ...jane, credentials: { username: 'Janice' } }),
    result: { ...jane, credentials: { username: 'Janice' } },
  },
  updateProfilePicture: {
    call: (users) => users.updateProfilePicture(id, 'https://example.com/p.png'),
    method: 'PATCH',
    path: `/users/${id}/picture`,
    body: { profile_picture: 'https://example.com/p.png' },
    reply: json({ ...jane, profile_picture: 'https://example.com/p.png' }),
    result: { ...jane, profile_picture: 'https://example.com/p.png' },
  },
  updateRole: {
    call: (users) => users.updateRole(id, 'admin'),
    method: 'PATCH',
    path: `/users/${id}/role`,
    body: { role: 'admin' },
    reply: json({ ...jane, role: 'admin' }),
    result: { ...jane, role: 'admin' },
  },
  updatePassword: {
    call: (users) => users.updatePassword('12345678', '123456789'),
    method: 'PATCH',
    path: '/users/secret',
    body: { old_secret: '12345678', new_secret: '123456789' },
    reply: json(jane),
    result: jane,
  },
  requestPasswordReset: {
    call: (users) => users.requestPasswordReset('jane@example.com'),
    method: 'POST',
    path: '/password/reset-request',
    body: { email: 'jane@example.com' },
    bearer: null,
    reply: json({ msg: 'Email with reset link is sent' }, 201),
    result: undefined,
  },
  resetPassword: {
    call: (users) =>
      users.resetPassword({ token: 'reset-jwt', password: 'new pass 1', confirmPassword: 'new pass 1' }),
    method: 'PUT',
    path: '/password/reset',
    body: { password: 'new pass 1', confirm_password: 'new pass 1' },
    bearer: 'reset-jwt',
    reply: json({}, 201),
    result: undefined,
  },
  enable: {
    call: (users) => users.enable(id),
    method: 'POST',
    path: `/users/${id}/enable`,
    reply: json(jane),
    result: jane,
  },
  disable: {
    call: (users) => users.disable(id),
    method: 'POST',
    path: `/users/${id}/disable`,
    reply: json({ ...jane, status: 'disabled' }),
    result: { ...jane, status: 'disabled' },
  },
  delete: {
    call: (users) => users.delete(id),
    method: 'DELETE',
    path: `/users/${id}`,
    reply: empty(204),
    result: undefined,
  },
  listRefreshTokens: {
    call: (users) => users.listRefreshTokens(),
    method: 'GET',
    path: '/users/tokens/refresh-tokens',
    reply: json({ refresh_tokens: [{ id: 'session-1', description: 'laptop' }] }),
    result: [{ id: 'session-1', description: 'laptop' }],
  },
  revokeRefreshToken: {
    call: (users) => users.revokeRefreshToken('session-2'),
    method: 'POST',
    path: '/users/tokens/revoke',
    body: { token_id: 'session-2' },
    reply: empty(204),
    result: undefined,
  },
  sendVerification: {
    call: (users) => users.sendVerification(),
    method: 'POST',
    path: '/users/send-verification',
    reply: empty(200),
    result: undefined,
  },
  verifyEmail: {
    call: (users) => users.verifyEmail('abc+/='),
    method: 'GET',
    path: '/verify-email',
    query: { token: 'abc+/=' },
    bearer: null,
    reply: empty(200),
    result: undefined,
  },
  health: {
    call: (users) => users.health(),
    method: 'GET',
    path: '/health',
    bearer: null,
    reply: json({ status: 'pass', version: '0.18.0', description: 'users service' }),
    result: { status: 'pass', version: '0.18.0', description: 'users service' },
  },
};

const session = (): UsersClient => new UsersClient({ baseUrl: base, tokens, retry: 0 });

describe('every operation sends what the server expects and returns what it answered', () => {
  it.each(Object.entries(rows))('%s', async (_name, row) => {
    const sent = serve(row.reply);
    await expect(row.call(session())).resolves.toEqual(row.result);

    expect(sent).toHaveLength(1);
    const [request] = sent as [Sent];
    expect(request.method).toBe(row.method);
    expect(request.path).toBe(`/api/users${row.path}`);
    expect(Object.fromEntries(request.query)).toEqual(row.query ?? {});
    expect(request.body === '' ? undefined : JSON.parse(request.body)).toEqual(row.body);
    const bearer = row.bearer === undefined ? tokens.access_token : row.bearer;
    expect(request.headers.get('authorization')).toBe(bearer === null ? null : `Bearer ${bearer}`);
    if (row.method !== 'GET' && row.method !== 'DELETE') {
      expect(request.headers.get('content-type')).toBe('application/json');
    }
  });

  it('covers every public method of UsersClient', () => {
    const methods = Object.getOwnPropertyNames(UsersClient.prototype).filter(
      (name) => name !== 'constructor',
    );
    const elsewhere = ['withAccessToken', 'logout', 'sessionDeadline', 'listAll', 'searchAll', 'dispose'];
    expect(methods.filter((name) => !(name in rows) && !elsewhere.includes(name))).toEqual([]);
  });
});

describe('requests', () => {
  it('sends the tag any-filter joined by commas and leaves unset parameters out', async () => {
    const sent = serve(json({ total: 0, users: [] }));
    await session().list({ tags: ['a', 'b'], email: undefined });
    expect(sent[0]?.rawQuery).toBe('?tags=a%2Cb');
  });

  it('sends the tag all-filter with its plus encoded as %2B', async () => {
    const sent = serve(json({ total: 0, users: [] }));
    await session().list({ tags: { all: ['a', 'b'] } });
    expect(sent[0]?.rawQuery).toBe('?tags=a%2Bb');
  });

  it('keeps an id that looks like a path inside its own segment', async () => {
    const sent = serve(json(jane));
    await session().get('../profile');
    expect(sent[0]?.path).toBe('/api/users/users/..%2Fprofile');
  });

  it('encodes reserved characters in ids', async () => {
    const sent = serve(json(jane));
    await session().updateTags('a b?c#d', []);
    expect(sent[0]?.path).toBe('/api/users/users/a%20b%3Fc%23d/tags');
  });

  it('works without a path prefix and with a trailing slash on the base URL', async () => {
    const sent = serve(json(jane));
    await new UsersClient({ baseUrl: 'http://users.test/', tokens }).profile();
    expect(sent[0]?.path).toBe('/users/profile');
  });

  it('sends no Authorization header at all without a session', async () => {
    const sent = serve(json(jane, 201));
    await new UsersClient({ baseUrl: base }).create({
      first_name: 'a',
      last_name: 'b',
      email: 'a@b.co',
      credentials: { username: 'ab', secret: 'x' },
    });
    expect(sent[0]?.headers.has('authorization')).toBe(false);
  });

  it('sends only the fields the caller set', async () => {
    const sent = serve(json(jane));
    await session().update(id, { last_name: 'Doe', first_name: undefined });
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({ last_name: 'Doe' });
  });

  it('sends the headers given in the options with every request', async () => {
    const sent = serve(json(jane));
    await new UsersClient({ baseUrl: base, tokens, headers: { 'x-request-id': 'r-1' } }).profile();
    expect(sent[0]?.headers.get('x-request-id')).toBe('r-1');
  });

  it('uses the fetch given in the options', async () => {
    const seen: string[] = [];
    const fetch = async (input: Request | URL | string) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return Response.json(jane);
    };
    await expect(new UsersClient({ baseUrl: base, tokens, fetch }).profile()).resolves.toEqual(jane);
    expect(seen).toEqual([`${base}/users/profile`]);
  });
});

describe('static tokens', () => {
  it('authorises with the accessToken option and never refreshes', async () => {
    const sent = serve(json({ message: 'failed to perform authentication over the entity' }, 401));
    const users = new UsersClient({ baseUrl: base, accessToken: 'pat_123' });
    await expect(users.profile()).rejects.toMatchObject({ name: 'AuthenticationError', status: 401 });
    expect(sent.map((request) => [request.path, request.headers.get('authorization')])).toEqual([
      ['/api/users/users/profile', 'Bearer pat_123'],
    ]);
  });

  it('withAccessToken shares the settings and uses the given token', async () => {
    const sent = serve(json(jane));
    const users = new UsersClient({ baseUrl: base, tokens, headers: { 'x-tenant': 't1' } });
    await users.withAccessToken('other-token').profile();
    expect(sent[0]?.headers.get('authorization')).toBe('Bearer other-token');
    expect(sent[0]?.headers.get('x-tenant')).toBe('t1');
  });

  it('rejects login, refresh and logout on a static-token client with a clear error', async () => {
    const users = new UsersClient({ baseUrl: base, accessToken: 'pat_123' });
    await expect(users.login({ username: 'a', password: 'b' })).rejects.toThrow(/static access token/);
    await expect(users.refresh()).rejects.toThrow(/refresh\(\) is not available/);
    await expect(users.withAccessToken('x').logout()).rejects.toThrow(/logout\(\) is not available/);
  });
});

describe('session basics', () => {
  it('stores the pair from login and sends its access token afterwards', async () => {
    const fresh: TokenPair = await pair({ jti: 'session-9' });
    const sent = serve(json(fresh, 201), json(jane));
    const users = new UsersClient({ baseUrl: base });
    await users.login({ username: 'admin', password: '12345678' });
    await users.profile();
    expect(sent[1]?.headers.get('authorization')).toBe(`Bearer ${fresh.access_token}`);
  });

  it('logout revokes the session by the refresh token id and forgets it', async () => {
    const sent = serve(empty(204), json({ message: 'missing or invalid bearer user token' }, 401));
    const users = new UsersClient({ baseUrl: base, tokens, retry: 0 });
    await users.logout();
    expect(sent[0]?.path).toBe('/api/users/users/tokens/revoke');
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({ token_id: 'session-1' });
    expect(sent[0]?.headers.get('authorization')).toBe(`Bearer ${tokens.access_token}`);
    await expect(users.profile()).rejects.toMatchObject({ status: 401 });
    expect(sent[1]?.headers.has('authorization')).toBe(false);
  });

  it('logout clears the session even when the revoke fails', async () => {
    const sent = serve(empty(500), json(jane));
    const users = new UsersClient({ baseUrl: base, tokens, retry: 0 });
    await expect(users.logout()).resolves.toBeUndefined();
    await users.health();
    expect(sent).toHaveLength(2);
    expect(await users.sessionDeadline()).toBeUndefined();
  });

  it('exposes the refresh token expiry as the session deadline', async () => {
    const users = new UsersClient({ baseUrl: base, tokens });
    const deadline = await users.sessionDeadline();
    expect(Math.abs((deadline?.getTime() ?? 0) - (Date.now() + 86_400_000))).toBeLessThan(5_000);
  });
});

describe('disposal', () => {
  it('stops listening to the token store when a `using` block ends', async () => {
    serve(json(jane));
    const listening: string[] = [];
    const store = memoryTokenStore(tokens);
    const shared: TokenStore = {
      ...store,
      subscribe: () => {
        listening.push('subscribed');
        return () => listening.push('unsubscribed');
      },
    };
    {
      using users = new UsersClient({ baseUrl: base, tokenStore: shared, retry: 0 });
      await users.profile();
      expect(listening).toEqual(['subscribed']);
    }
    expect(listening).toEqual(['subscribed', 'unsubscribed']);
  });
});
