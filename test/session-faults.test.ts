/**
 * Issue 7, items 6 and 8 to 12 and 16: the session against aborted and impatient callers, failing stores, clock
 * skew, proxies in front of the refresh endpoint, corrupt shared storage, and servers that add fields to the pair.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  type SessionEvent,
  SessionExpiredError,
  StorageUnavailableError,
  TimeoutError,
  type TokenStore,
  UsersClient,
  type UsersClientOptions,
} from '../src/index.ts';
import { fileTokenStore } from '../src/node/index.ts';
import { createFakeUsersService, type FakeUsersServiceOptions, seededAdmin } from '../src/testing/index.ts';
import { useCleanup } from './support/cleanup.ts';
import { recordingStore } from './support/recording-store.ts';
import { twoTabs } from './support/two-tabs.ts';

const minute = 60_000;
const refreshPath = '/users/tokens/refresh';
const credentials = { username: seededAdmin.username, password: seededAdmin.password };

function setup(service: FakeUsersServiceOptions = {}, tokenStore?: TokenStore) {
  const clock = { now: Date.parse('2026-03-01T12:00:00Z') };
  const fake = createFakeUsersService({ now: () => clock.now, ...service });
  const memory = recordingStore();
  const events: SessionEvent[] = [];
  const client = (options: Partial<UsersClientOptions> = {}) =>
    new UsersClient({
      baseUrl: fake.baseUrl,
      fetch: fake.fetch,
      now: () => clock.now,
      retry: 0,
      tokenStore: tokenStore ?? memory.store,
      onSessionChange: (event) => events.push(event),
      ...options,
    });
  const refreshes = () => fake.count('POST', refreshPath);
  const refreshTokensSent = () =>
    fake.requests.filter((request) => request.path === refreshPath).map((r) => r.headers.authorization);
  return { clock, fake, memory, events, client, refreshes, refreshTokensSent };
}

const types = (events: SessionEvent[]) => events.map((event) => event.type);

const cleanup = useCleanup();

describe('item 6: aborted and impatient callers', () => {
  it('sends nothing at all for a call whose signal is already aborted, even when a refresh is due', async () => {
    const { client, clock, fake } = setup();
    const users = client();
    await users.login(credentials);
    clock.now += 61 * minute;
    const sent = fake.requests.length;
    const reason = new Error('gone');
    await expect(users.profile({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(users.refresh({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(fake.requests.length).toBe(sent);
  });

  it("bounds a call's wait on a shared refresh by its own timeout; the refresh goes on for the others", async () => {
    const { client, clock, fake, refreshes } = setup();
    const users = client();
    await users.login(credentials);
    clock.now += 61 * minute;
    fake.fail({ path: refreshPath }, { kind: 'delay', ms: 1_000 });
    const patient = users.profile();
    const started = Date.now();
    const hasty = users.profile({ timeout: 100 });
    await expect(hasty).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(700);
    await expect(patient).resolves.toMatchObject({ role: 'admin' });
    expect(refreshes()).toBe(1);
  });

  it('honours the timeout given to refresh()', async () => {
    const { client, fake } = setup();
    const users = client();
    await users.login(credentials);
    fake.fail({ path: refreshPath }, { kind: 'delay', ms: 1_000 });
    const started = Date.now();
    await expect(users.refresh({ timeout: 100 })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(700);
  });

  it('honours the retry policy given to refresh()', async () => {
    const { client, fake, refreshes } = setup();
    const users = client();
    await users.login(credentials);
    fake.fail({ path: refreshPath, times: 2 }, { kind: 'status', status: 503 });
    const pair = await users.refresh({ retry: { limit: 2, methods: ['post'], delay: () => 10 } });
    expect(pair.access_token).toMatch(/^eyJ/);
    expect(refreshes()).toBe(3);
  });
});

describe('item 8: a store that fails to save a refreshed pair', () => {
  const failures: Array<[string, () => Error]> = [
    ['ENOSPC', () => Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })],
    ['EROFS', () => Object.assign(new Error('read-only file system'), { code: 'EROFS' })],
    ['EACCES', () => Object.assign(new Error('permission denied'), { code: 'EACCES' })],
    ['QuotaExceededError', () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')],
  ];

  it.each(failures)(
    'on %s keeps the new pair, never re-sends the spent refresh token, and saves it later',
    async (_name, error) => {
      const { client, clock, memory, events, refreshTokensSent, refreshes } = setup({
        refreshMode: 'rotate',
      });
      const users = client();
      await users.login(credentials);
      const loginPair = memory.stored();
      memory.control.failWrites = error;

      clock.now += 61 * minute;
      await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
      expect(memory.stored()).toEqual(loginPair);
      const failed = events.find((event) => event.type === 'persist-failed');
      expect(failed?.cause).toBeInstanceOf(Error);

      clock.now += 61 * minute;
      await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
      expect(refreshes()).toBe(2);
      const sent = refreshTokensSent();
      expect(new Set(sent).size).toBe(sent.length);

      memory.control.failWrites = undefined;
      await users.profile();
      const latest = await users.refresh();
      expect(memory.stored()?.refresh_token).toBe(latest.refresh_token);
      expect(types(events)).not.toContain('expired');
    },
  );

  it('refreshes when the store cannot even take its lock (a read-only directory), and reports the unsaved pair', async () => {
    const { clock, memory, client, events, refreshes } = setup();
    const readOnly = () => Object.assign(new Error('read-only file system'), { code: 'EROFS' });
    const store: TokenStore = {
      ...memory.store,
      lock: async () => {
        throw readOnly();
      },
    };
    const users = client({ tokenStore: store });
    await users.login(credentials);
    memory.control.failWrites = readOnly;
    clock.now += 61 * minute;
    await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
    expect(refreshes()).toBe(1);
    expect(types(events)).toEqual(['signed-in', 'refreshed', 'persist-failed']);
  });

  it('keeps a login whose save failed, and saves it on a later call', async () => {
    const { client, memory, events } = setup();
    const users = client();
    memory.control.failWrites = () => Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    const pair = await users.login(credentials);
    expect(types(events)).toEqual(['signed-in', 'persist-failed']);
    await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
    memory.control.failWrites = undefined;
    await users.profile();
    expect(memory.stored()?.access_token).toBe(pair.access_token);
  });
});

describe('item 9: a failed load is retried', () => {
  it('recovers after a store whose subscribe throws once', async () => {
    const { client, memory } = setup();
    let attempts = 0;
    const store: TokenStore = {
      ...memory.store,
      subscribe: () => {
        attempts++;
        if (attempts === 1) throw new Error('watch failed');
        return () => undefined;
      },
    };
    const users = client({ tokenStore: store });
    await expect(users.login(credentials)).resolves.toMatchObject({ access_token: expect.any(String) });
    await expect(users.login(credentials)).resolves.toMatchObject({ access_token: expect.any(String) });
    await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
    await users.profile();
    expect(attempts).toBe(2); // tried again once, then listening
  });

  it('recovers after a store whose first write throws, when starting from given tokens', async () => {
    const { client, clock, memory, fake, events } = setup();
    const tokens = await new UsersClient({ baseUrl: fake.baseUrl, fetch: fake.fetch }).login(credentials);
    let thrown = false;
    const store: TokenStore = {
      ...memory.store,
      set: (session) => {
        if (!thrown) {
          thrown = true;
          throw new Error('disk full');
        }
        return memory.store.set(session);
      },
    };
    const bearers = () =>
      fake.requests
        .filter((request) => request.path === '/users/profile')
        .map((r) => r.headers.authorization);
    const users = client({ tokenStore: store, tokens });
    // The store refused the given pair: the call still goes out with it, and the refusal is reported.
    await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
    expect(thrown).toBe(true);
    expect(types(events)).toEqual(['persist-failed']);
    expect(events[0]?.cause).toMatchObject({ message: 'disk full' });
    expect(bearers()).toEqual([`Bearer ${tokens.access_token}`]);
    // The write was tried again and took: the store now holds the given pair.
    expect(memory.stored()).toMatchObject({
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token,
    });
    await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
    expect(bearers().at(-1)).toBe(`Bearer ${tokens.access_token}`);
    clock.now += minute; // so the new login's pair differs from the given one
    const fresh = await users.login(credentials);
    expect(fresh).toMatchObject({ access_token: expect.any(String) });
    expect(fresh.access_token).not.toBe(tokens.access_token);
    expect(types(events)).toEqual(['persist-failed', 'signed-in']);
    expect(memory.stored()).toMatchObject({
      access_token: fresh.access_token,
      refresh_token: fresh.refresh_token,
    });
    await users.profile();
    expect(bearers()).toHaveLength(3);
    expect(bearers().at(-1)).toBe(`Bearer ${fresh.access_token}`);
    expect(fake.requests.at(-1)?.path).toBe('/users/profile');
  });
});

describe('item 10: clock skew between the client and the server', () => {
  const steady = async (skew: number) => {
    const { client, clock, refreshes } = setup({ refreshMode: 'supermq', idleTimeout: 10 * minute });
    const users = client({ now: () => clock.now + skew });
    await users.login(credentials);
    for (let step = 0; step < 20; step++) {
      clock.now += 2 * minute; // a request every two minutes for 40 minutes
      await users.profile();
    }
    return refreshes();
  };

  it('keeps a SuperMQ session alive with the client clock 6 minutes behind', async () => {
    // One keep-alive refresh every five minutes of use, measured from receipt: 40 / 6 (every third step).
    await expect(steady(-6 * minute)).resolves.toBeLessThanOrEqual(14);
  });

  it('keeps a SuperMQ session alive with the client clock 30 minutes behind', async () => {
    await expect(steady(-30 * minute)).resolves.toBeGreaterThan(0);
  });

  it('does not refresh before every call with the client clock an hour ahead', async () => {
    const { client, clock, refreshes } = setup();
    const users = client({ now: () => clock.now + 60 * minute });
    await users.login(credentials);
    for (let step = 0; step < 4; step++) {
      clock.now += minute;
      await users.profile();
    }
    expect(refreshes()).toBe(0);
    clock.now += 57 * minute; // 61 minutes after login: the access token has expired
    await users.profile();
    expect(refreshes()).toBe(1);
  });

  it('reads the receipt time that another client stored with the pair', async () => {
    const { client, clock, refreshes, memory } = setup();
    const ahead = () => clock.now + 60 * minute;
    await client({ now: ahead }).login(credentials);
    expect(memory.stored()?.received_at).toBe(ahead());
    clock.now += 2 * minute;
    await client({ now: ahead }).profile(); // a second process, starting from the store
    expect(refreshes()).toBe(0);
  });
});

describe('item 11: a refusal from something in front of the users service', () => {
  it.each([
    [
      'an HTML 404',
      404,
      '<html><body>404 Not Found</body></html>',
      { 'content-type': 'text/html' },
      NotFoundError,
      '<html><body>404 Not Found</body></html>',
    ],
    ['a bare 403', 403, undefined, {}, PermissionDeniedError, ''],
    ['a plain-text 400', 400, 'Bad Request', {}, BadRequestError, 'Bad Request'],
  ] as const)(
    'treats %s on the refresh as transient',
    async (_name, status, body, headers, ErrorClass, serverMessage) => {
      const { client, clock, fake, memory, events, refreshes } = setup();
      const users = client();
      await users.login(credentials);
      const before = memory.stored();
      clock.now += 61 * minute;
      fake.fail(
        { path: refreshPath },
        { kind: 'status', status, ...(body !== undefined && { body }), headers },
      );
      const error = await users.profile().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ status, serverMessage });
      expect(error).not.toBeInstanceOf(SessionExpiredError);
      expect(memory.stored()).toEqual(before);
      expect(types(events)).not.toContain('expired');
      await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
      expect(refreshes()).toBe(2);
    },
  );

  it("still ends the session on the service's own JSON refusal", async () => {
    const { client, clock, fake, memory, events } = setup();
    const users = client();
    await users.login(credentials);
    clock.now += 61 * minute;
    fake.fail({ path: refreshPath }, { kind: 'status', status: 404, body: { message: 'entity not found' } });
    await expect(users.profile()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(memory.stored()).toBeUndefined();
    expect(types(events)).toContain('expired');
  });
});

describe('item 12: an unreadable shared session is unknown, not signed out', () => {
  it('keeps a watching tab signed in through a corrupt broadcast value, and keeps sending its bearer', async () => {
    const { client, fake } = setup();
    const { storage, key, tabA, tabB } = twoTabs(`corrupt-${crypto.randomUUID()}`, { locks: null });
    const events: string[] = [];
    const a = client({ tokenStore: tabA });
    const b = client({
      tokenStore: tabB,
      onSessionChange: (event) => events.push(event.type),
    });
    cleanup.push(async () => {
      a.dispose();
      b.dispose();
    });
    const pair = await a.login(credentials);
    await b.profile();
    storage.setItem(key, '{"access_token": "half');
    const channel = new BroadcastChannel(key);
    channel.postMessage({ from: 'elsewhere', value: '{"access_token": "half' });
    channel.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).toEqual([]);
    await expect(b.profile()).resolves.toMatchObject({ role: 'admin' });
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${pair.access_token}`);
  });

  it('refreshes with the session it holds when the shared file is corrupt at refresh time', async () => {
    const { client, clock, events, refreshes } = setup();
    const dir = await mkdtemp(join(tmpdir(), 'mu-corrupt-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'session.json');
    const users = client({ tokenStore: fileTokenStore(path) });
    cleanup.push(async () => users.dispose());
    await users.login(credentials);
    await writeFile(path, '{"access_token": "trunc');
    clock.now += 61 * minute;
    await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
    expect(refreshes()).toBe(1);
    expect(types(events)).not.toContain('expired');
    expect(types(events)).not.toContain('signed-out');
    expect(JSON.parse(await readFile(path, 'utf8')).access_token).toMatch(/^eyJ/);
  });
});

describe('item 12 at start-up: a client that holds nothing yet and finds the store unreadable', () => {
  it('sends no call without a bearer, says why, and reads the store again on the next call', async () => {
    const { client, fake } = setup();
    const dir = await mkdtemp(join(tmpdir(), 'mu-unknown-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'session.json');
    const tokens = await new UsersClient({ baseUrl: fake.baseUrl, fetch: fake.fetch }).login(credentials);
    await writeFile(path, '{"access_token": "trunc');
    const users = client({ tokenStore: fileTokenStore(path) });
    cleanup.push(async () => users.dispose());
    const sent = fake.requests.length;
    await expect(users.profile()).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(fake.requests.length).toBe(sent);
    // The file becomes readable again (another process finished writing it): the next call uses it.
    const server = { url: fake.baseUrl, backend: 'supermq' };
    await writeFile(
      path,
      JSON.stringify({ ...tokens, server, received_at: Date.parse('2026-03-01T12:00:00Z') }),
    );
    await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${tokens.access_token}`);
  });
});

describe('item 16: only what the session needs is stored', () => {
  it('drops fields a server adds to the token pair', async () => {
    const fake = createFakeUsersService();
    const dir = await mkdtemp(join(tmpdir(), 'mu-fields-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'session.json');
    const users = new UsersClient({
      baseUrl: fake.baseUrl,
      tokenStore: fileTokenStore(path),
      fetch: async (input, init) => {
        const response = await fake.fetch(input, init);
        const url = input instanceof Request ? input.url : String(input);
        if (!url.includes('/users/tokens/')) return response;
        const body = await response.json();
        return Response.json(
          { ...body, id_token: 'secret-extra', scope: 'everything' },
          { status: response.status },
        );
      },
    });
    cleanup.push(async () => users.dispose());
    const pair = await users.login(credentials);
    expect(pair).toMatchObject({ id_token: 'secret-extra' }); // unknown fields still reach the caller
    await users.refresh();
    const stored = JSON.parse(await readFile(path, 'utf8'));
    expect(Object.keys(stored).sort()).toEqual(['access_token', 'received_at', 'refresh_token', 'server']);
  });
});
