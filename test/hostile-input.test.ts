import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  InputValidationError,
  MagistralaError,
  ResponseValidationError,
  type TokenPair,
  UsersClient,
  type UsersClientOptions,
} from '../src/index.ts';
import { jane, pair } from './support/fixtures.ts';

// Items 3 and 5: whatever a caller or a server hands the SDK, it answers with its own typed errors, and bad input
// sends nothing. A recording fetch stands in for the network.

const tokens = await pair();

function recorder(reply: () => Response = () => Response.json(jane)) {
  const sent: Request[] = [];
  const fetch = async (input: Request | URL | string, init?: RequestInit) => {
    sent.push(new Request(input, init));
    return reply();
  };
  return { sent, fetch };
}

const base = 'http://users.test';

/** Calls `make` and resolves with what it threw or rejected with. */
async function thrown(make: () => unknown): Promise<unknown> {
  try {
    await make();
  } catch (error) {
    return error;
  }
  return undefined;
}

const badTokens = ['a\r\nX-Injected: 1', 'a\nb', 'a\rb', 'a\u0000b', 'a b', 'tok\u00e9n', ''];

describe('item 3: tokens that cannot be a header value', () => {
  it.each(badTokens)('withAccessToken(%j) is an InputValidationError', async (token) => {
    const { sent, fetch } = recorder();
    const users = new UsersClient({ baseUrl: base, fetch });
    const error = await thrown(() => users.withAccessToken(token));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ issues: [{ path: 'token' }] });
    if (token) expect(String(error)).not.toContain(token);
    expect(sent).toHaveLength(0);
  });

  it.each(badTokens.filter(Boolean))('accessToken: %j is an InputValidationError', async (token) => {
    const error = await thrown(() => new UsersClient({ baseUrl: base, accessToken: token }));
    expect(error).toMatchObject({ name: 'InputValidationError', issues: [{ path: 'accessToken' }] });
  });

  it.each([
    [{ refresh_token: 'r\r\nx' }, 'tokens.refresh_token'],
    [{ access_token: 'a\u0000', refresh_token: tokens.refresh_token }, 'tokens.access_token'],
    [{ access_token: 42 }, 'tokens.access_token'],
    ['a string', 'tokens'],
  ])('tokens: %j is an InputValidationError', async (given, path) => {
    const error = await thrown(
      () => new UsersClient({ baseUrl: base, tokens: given as unknown as Partial<TokenPair> }),
    );
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues.map((issue) => issue.path)).toContain(path);
  });

  it('a reset token with CR/LF is an InputValidationError and nothing is sent', async () => {
    const { sent, fetch } = recorder();
    const users = new UsersClient({ baseUrl: base, fetch });
    await expect(
      users.resetPassword({ token: 'reset\r\nX-Evil: 1', password: 'p4ssword', confirmPassword: 'p4ssword' }),
    ).rejects.toMatchObject({ name: 'InputValidationError', issues: [{ path: 'token' }] });
    expect(sent).toHaveLength(0);
  });

  it('a login reply whose pair holds CR/LF is a ResponseValidationError, and nothing is adopted', async () => {
    const hostile = { access_token: 'evil\r\nX-Injected: 1', refresh_token: tokens.refresh_token };
    let answer = () => Response.json(hostile, { status: 201 });
    const { sent, fetch } = recorder(() => answer());
    const users = new UsersClient({ baseUrl: base, fetch });
    const error = await users.login({ username: 'admin', password: '12345678' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ issues: [{ path: 'access_token' }] });
    expect(inspect(error, { depth: 10 })).not.toContain('evil');
    answer = () => Response.json(jane);
    await users.profile();
    expect(sent[1]?.headers.get('authorization')).toBeNull();
  });

  it('a refresh reply whose pair holds NUL is a ResponseValidationError, and the session keeps its pair', async () => {
    let answer = () => Response.json({ ...tokens, refresh_token: 'r\u0000' }, { status: 201 });
    const { sent, fetch } = recorder(() => answer());
    const users = new UsersClient({ baseUrl: base, fetch, tokens });
    await expect(users.refresh()).rejects.toBeInstanceOf(ResponseValidationError);
    answer = () => Response.json(jane);
    await users.profile();
    expect(sent.at(-1)?.headers.get('authorization')).toBe(`Bearer ${tokens.access_token}`);
  });

  it('a bad pair that a store hands over for this very server is refused as unreadable, quoting nothing', async () => {
    const bad = {
      access_token: `${tokens.access_token}\nX-Injected: 1`,
      refresh_token: tokens.refresh_token,
      server: { url: base, backend: 'supermq' },
      received_at: Date.now(),
    };
    const store = { get: () => bad, set: () => undefined, clear: () => undefined };
    const { sent, fetch } = recorder();
    const users = new UsersClient({ baseUrl: base, fetch, tokenStore: store });
    const error = await users.profile().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MagistralaError);
    const printed = `${inspect(error, { depth: 10 })} ${JSON.stringify(error)}`;
    expect(printed).not.toContain(tokens.access_token);
    expect(sent).toHaveLength(0);
  });

  it("a runtime's error inside a request (a hook that throws, quoting the bearer) becomes a MagistralaError that quotes nothing", async () => {
    const { sent, fetch } = recorder();
    const users = new UsersClient({
      baseUrl: base,
      fetch,
      accessToken: tokens.access_token,
      hooks: {
        beforeRequest: [
          ({ request }) => {
            throw new TypeError(`invalid header value: ${request.headers.get('authorization')}`);
          },
        ],
      },
    });
    const error = await users.profile().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MagistralaError);
    expect(error).toMatchObject({ name: 'MagistralaError', message: 'GET /users/profile could not be sent' });
    expect((error as Error).cause).toBeUndefined();
    const printed = `${inspect(error, { depth: 10 })} ${JSON.stringify(error)}`;
    expect(printed).not.toContain(tokens.access_token);
    expect(sent).toHaveLength(0);
  });
});

/** An object whose `key` getter throws. */
const throwing = <T extends object>(base: T, key: string): T =>
  Object.defineProperty({ ...base }, key, {
    enumerable: true,
    get() {
      throw new Error('getter says no');
    },
  });

const cyclic = (): Record<string, unknown> => {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
};

const trap = new Proxy(
  {},
  {
    get() {
      throw new TypeError('proxy says no');
    },
    ownKeys() {
      throw new TypeError('proxy says no');
    },
    getOwnPropertyDescriptor() {
      throw new TypeError('proxy says no');
    },
  },
);

describe('item 5: hostile client options', () => {
  const cases: Array<[string, unknown]> = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'http://users.test'],
    ['a Proxy that throws', trap],
    ['a throwing baseUrl getter', throwing({ baseUrl: base }, 'baseUrl')],
    ['a throwing timeout getter', throwing({ baseUrl: base }, 'timeout')],
    ['timeout: 1e12', { baseUrl: base, timeout: 1e12 }],
    ['timeout: -1', { baseUrl: base, timeout: -1 }],
    ['timeout: NaN', { baseUrl: base, timeout: Number.NaN }],
    ['timeout: Infinity', { baseUrl: base, timeout: Number.POSITIVE_INFINITY }],
    ['timeout: "1000"', { baseUrl: base, timeout: '1000' }],
    ['totalTimeout: 2^31', { baseUrl: base, totalTimeout: 2 ** 31 }],
    ['retry: -1', { baseUrl: base, retry: -1 }],
    ['retry: NaN', { baseUrl: base, retry: Number.NaN }],
    ['retry: 1.5', { baseUrl: base, retry: 1.5 }],
    ['retry: 1e9', { baseUrl: base, retry: 1e9 }],
    ['retry: { limit: -1 }', { baseUrl: base, retry: { limit: -1 } }],
    ['retry: { statusCodes: ["500"] }', { baseUrl: base, retry: { statusCodes: ['500'] } }],
    [
      'retry: { maxRetryAfter: Infinity }',
      { baseUrl: base, retry: { maxRetryAfter: Number.POSITIVE_INFINITY } },
    ],
    ['maxResponseBytes: 0', { baseUrl: base, maxResponseBytes: 0 }],
    ['maxResponseBytes: Infinity', { baseUrl: base, maxResponseBytes: Number.POSITIVE_INFINITY }],
    ['fetch: "yes"', { baseUrl: base, fetch: 'yes' }],
    ['headers with CR/LF', { baseUrl: base, headers: { 'x-api-key': 'k\r\nX-Injected: 1' } }],
    ['headers with a bad name', { baseUrl: base, headers: { 'bad name': 'v' } }],
    ['headers: a string', { baseUrl: base, headers: 'x: y' }],
    ['validateResponses: "lax"', { baseUrl: base, validateResponses: 'lax' }],
    ['refreshMargin: NaN', { baseUrl: base, refreshMargin: Number.NaN }],
    ['keepAlive: -1', { baseUrl: base, keepAlive: -1 }],
    ['tokenStore without get', { baseUrl: base, tokenStore: { set() {}, clear() {} } }],
    ['onSessionChange: 1', { baseUrl: base, onSessionChange: 1 }],
    ['now: "today"', { baseUrl: base, now: 'today' }],
    ['baseUrl: 42', { baseUrl: 42 }],
  ];

  it.each(cases)('new UsersClient(%s) is an InputValidationError', async (_what, options) => {
    const error = await thrown(() => new UsersClient(options as UsersClientOptions));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(String(error)).not.toContain('k\r\n');
  });

  it("a retry policy's delay that throws ends the call with a MagistralaError, not its exception", async () => {
    const fetch = async () => new Response(null, { status: 503 });
    const delay = () => {
      throw new TypeError('delay says no');
    };
    const users = new UsersClient({ baseUrl: base, fetch, retry: { limit: 1, delay } });
    const error = await users.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MagistralaError);
    expect(error).toMatchObject({ message: 'GET /health could not be sent' });
  });

  it('accepts the edges of every range', () => {
    expect(
      () =>
        new UsersClient({
          baseUrl: base,
          timeout: 2 ** 31 - 1,
          totalTimeout: false,
          retry: { limit: 100, maxRetryAfter: 0, backoffLimit: 2 ** 31 - 1, statusCodes: [500] },
          maxResponseBytes: 1,
          refreshMargin: 0,
          keepAlive: false,
        }),
    ).not.toThrow();
  });
});

describe('item 5: hostile call inputs send nothing', () => {
  const calls: Array<[string, (users: UsersClient) => Promise<unknown>]> = [
    ['create with cyclic metadata', (u) => u.create({ ...createInput(), metadata: cyclic() })],
    ['create with BigInt metadata', (u) => u.create({ ...createInput(), metadata: { n: 10n } })],
    ['create with a throwing email getter', (u) => u.create(throwing(createInput(), 'email'))],
    [
      'create with a throwing metadata getter',
      (u) => u.create({ ...createInput(), metadata: throwing({}, 'x') }),
    ],
    ['create with a Proxy', (u) => u.create(trap as never)],
    ['update with cyclic private_metadata', (u) => u.update('x-1', { private_metadata: cyclic() })],
    ['update with a deep metadata', (u) => u.update('x-1', { metadata: deep(10_000) })],
    ['list with BigInt metadata', (u) => u.list({ metadata: { n: 1n } })],
    ['list with cyclic metadata', (u) => u.list({ metadata: cyclic() })],
    ['list(null)', (u) => u.list(null as never)],
    ['search with a Proxy', (u) => u.search(trap as never)],
    ['get with a lone surrogate', (u) => u.get('\ud800')],
    ['updateTags with a Proxy', (u) => u.updateTags('x-1', trap as never)],
    [
      'login with a throwing password getter',
      (u) => u.login(throwing({ username: 'a', password: 'b' }, 'password')),
    ],
    ['profile with timeout: 1e12', (u) => u.profile({ timeout: 1e12 })],
    ['profile with timeout: NaN', (u) => u.profile({ timeout: Number.NaN })],
    ['profile with retry: -1', (u) => u.profile({ retry: -1 })],
    ['profile with retry: NaN', (u) => u.profile({ retry: Number.NaN })],
    ['profile with a fake signal', (u) => u.profile({ signal: { aborted: false } as never })],
    ['profile with a throwing signal getter', (u) => u.profile(throwing({}, 'signal'))],
    ['profile with options: a Proxy', (u) => u.profile(trap as never)],
    ['profile with maxResponseBytes: -1', (u) => u.profile({ maxResponseBytes: -1 })],
    ['health with options: 42', (u) => u.health(42 as never)],
  ];

  it.each(calls)('%s is an InputValidationError', async (_what, call) => {
    const { sent, fetch } = recorder();
    const users = new UsersClient({ baseUrl: base, fetch, tokens });
    const error = await thrown(() => call(users));
    expect(error).toBeInstanceOf(InputValidationError);
    expect(sent).toHaveLength(0);
  });

  it('listAll(null) and searchAll with a throwing getter are InputValidationErrors, and send nothing', async () => {
    const { sent, fetch } = recorder();
    const users = new UsersClient({ baseUrl: base, fetch, tokens });
    const drain = async (pages: () => AsyncIterable<unknown>) => {
      for await (const _ of pages()) {
        // nothing: the walk must fail before its first page
      }
    };
    expect(await thrown(() => drain(() => users.listAll(null as never)))).toBeInstanceOf(
      InputValidationError,
    );
    expect(
      await thrown(() => drain(() => users.searchAll(throwing({ username: 'abc' }, 'limit')))),
    ).toBeInstanceOf(InputValidationError);
    expect(sent).toHaveLength(0);
  });

  it('refresh(null) and logout(null) are InputValidationErrors, and send nothing', async () => {
    const { sent, fetch } = recorder();
    const users = new UsersClient({ baseUrl: base, fetch, tokens });
    expect(await thrown(() => users.refresh(null as never))).toBeInstanceOf(InputValidationError);
    expect(await thrown(() => users.logout(null as never))).toBeInstanceOf(InputValidationError);
    expect(sent).toHaveLength(0);
  });

  it('metadata is read once: a getter that changes its answer cannot change what is sent', async () => {
    const { sent, fetch } = recorder();
    const users = new UsersClient({ baseUrl: base, fetch, tokens });
    let reads = 0;
    const metadata = {
      get nested() {
        reads++;
        if (reads > 1) throw new Error('second read');
        return { ok: true };
      },
    };
    await users.update('x-1', { metadata });
    expect(sent).toHaveLength(1);
    expect(await sent[0]?.json()).toEqual({ metadata: { nested: { ok: true } } });
  });
});

function createInput() {
  return {
    first_name: 'jane',
    last_name: 'doe',
    email: 'jane@example.com',
    credentials: { username: 'janedoe', secret: '12345678' },
  };
}

function deep(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < levels; i++) value = { v: value };
  return value;
}
