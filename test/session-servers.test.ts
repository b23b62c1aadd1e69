/**
 * Issue 8, items 1 to 3 (library): a stored session belongs to the server that issued it. Two users services share
 * one store; a request to one never carries a token the other issued, and neither signs the other out.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultStorageKey,
  memoryTokenStore,
  type SessionEvent,
  type TokenStore,
  UsersClient,
  webStorageTokenStore,
} from '../src/index.ts';
import { fileTokenStore } from '../src/node/index.ts';
import { createFakeUsersService, seededAdmin } from '../src/testing/index.ts';
import { useCleanup } from './support/cleanup.ts';
import { MemoryStorage } from './support/memory-storage.ts';

const minute = 60_000;
const credentials = { username: seededAdmin.username, password: seededAdmin.password };

/**
 * Two fake users services on two origins behind one `fetch` that routes by origin, as the network would, and the
 * tokens each one issued.
 */
function twoServers() {
  const clock = { now: Date.parse('2026-03-01T12:00:00Z') };
  const a = createFakeUsersService({ baseUrl: 'http://users-a.test:9002', now: () => clock.now });
  const b = createFakeUsersService({ baseUrl: 'http://users-b.test:9002/api/users', now: () => clock.now });
  const issued = new Map<typeof a, Set<string>>([
    [a, new Set()],
    [b, new Set()],
  ]);
  const fetch = async (input: Request | URL | string, init?: RequestInit) => {
    const request = new Request(input, init);
    const fake = request.url.startsWith(a.baseUrl) ? a : request.url.startsWith(b.baseUrl) ? b : undefined;
    if (!fake) throw new TypeError('fetch failed: no such host');
    const response = await fake.fetch(request);
    if (new URL(request.url).pathname.includes('/users/tokens/') && response.ok) {
      const body = await response.clone().json();
      for (const token of [body?.access_token, body?.refresh_token]) if (token) issued.get(fake)?.add(token);
    }
    return response;
  };
  /** Every bearer `to` received that `from` issued: must stay empty. */
  const leaked = (from: typeof a, to: typeof a) =>
    to.requests
      .map((request) => request.headers.authorization?.replace(/^Bearer /, ''))
      .filter((token): token is string => token !== undefined && (issued.get(from)?.has(token) ?? false));
  const client = (fake: typeof a, tokenStore: TokenStore, events?: SessionEvent['type'][]) =>
    new UsersClient({
      baseUrl: fake.baseUrl,
      fetch,
      now: () => clock.now,
      retry: 0,
      tokenStore,
      ...(events && { onSessionChange: (event: SessionEvent) => events.push(event.type) }),
    });
  return { clock, a, b, fetch, leaked, client };
}

const cleanup = useCleanup();

async function fileStore() {
  const dir = await mkdtemp(join(tmpdir(), 'mu-servers-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'session.json');
  return { path, store: fileTokenStore(path) };
}

const stores: Array<[string, () => Promise<{ a: TokenStore; b: TokenStore; shared: boolean }>]> = [
  [
    'one memory store',
    async () => {
      const store = memoryTokenStore();
      return { a: store, b: store, shared: true };
    },
  ],
  [
    'one file store',
    async () => {
      const { path } = await fileStore();
      return { a: fileTokenStore(path), b: fileTokenStore(path), shared: true };
    },
  ],
  [
    'one web storage, two tabs, default key',
    async () => {
      const storage = new MemoryStorage();
      return {
        a: webStorageTokenStore(storage, undefined, { locks: null }),
        b: webStorageTokenStore(storage, undefined, { locks: null }),
        shared: false,
      };
    },
  ],
];

describe.each(stores)('two servers sharing %s', (_name, makeStores) => {
  it('never sends A’s tokens to B, and B leaves A’s session in place', async () => {
    const { clock, a, b, leaked, client } = twoServers();
    const stores = await makeStores();
    const eventsA: SessionEvent['type'][] = [];
    const userA = client(a, stores.a, eventsA);
    const userB = client(b, stores.b);
    cleanup.push(async () => {
      userA.dispose();
      userB.dispose();
    });
    await userA.login(credentials);

    await expect(userB.profile()).rejects.toMatchObject({ status: 401 });
    await expect(userB.refresh()).rejects.toThrow(/log in first/);
    await userB.logout();
    clock.now += 61 * minute; // A's access token has expired: a refresh is due wherever a session is found
    await expect(userB.profile()).rejects.toMatchObject({ status: 401 });
    expect(b.count('POST', '/users/tokens/refresh')).toBe(0);
    expect(leaked(a, b)).toEqual([]);

    await expect(userA.profile()).resolves.toMatchObject({ role: 'admin' });
    await expect(client(a, stores.a).profile()).resolves.toMatchObject({ role: 'admin' });
    expect(eventsA).toEqual(['signed-in', 'refreshed']);
  });

  it('lets both servers log in; neither signs the other out, and no token crosses over', async () => {
    const { clock, a, b, leaked, client } = twoServers();
    const stores = await makeStores();
    const eventsA: SessionEvent['type'][] = [];
    const eventsB: SessionEvent['type'][] = [];
    const userA = client(a, stores.a, eventsA);
    const userB = client(b, stores.b, eventsB);
    cleanup.push(async () => {
      userA.dispose();
      userB.dispose();
    });
    await userA.login(credentials);
    await userB.login(credentials);
    for (let round = 0; round < 3; round++) {
      clock.now += 61 * minute;
      await expect(userA.profile()).resolves.toMatchObject({ role: 'admin' });
      await expect(userB.profile()).resolves.toMatchObject({ role: 'admin' });
    }
    expect(a.count('POST', '/users/tokens/refresh')).toBe(3);
    expect(b.count('POST', '/users/tokens/refresh')).toBe(3);
    expect(eventsA).not.toContain('signed-out');
    expect(eventsA).not.toContain('expired');
    expect(eventsB).not.toContain('signed-out');
    expect(eventsB).not.toContain('expired');
    await userB.logout();
    await expect(userA.profile()).resolves.toMatchObject({ role: 'admin' });
    if (!stores.shared) {
      // A store with a slot per server keeps A's session for a new client too, after B's logout.
      await expect(client(a, stores.a).profile()).resolves.toMatchObject({ role: 'admin' });
    }
    expect(leaked(a, b)).toEqual([]);
    expect(leaked(b, a)).toEqual([]);
  });
});

describe('two servers on one web storage key, one slot', () => {
  it("a logout on B after B's login replaced A's saved session does not sign A out", async () => {
    const { a, b, leaked, client } = twoServers();
    const storage = new MemoryStorage();
    const eventsA: SessionEvent['type'][] = [];
    const userA = client(a, webStorageTokenStore(storage, 'shared', { locks: null }), eventsA);
    const userB = client(b, webStorageTokenStore(storage, 'shared', { locks: null }));
    cleanup.push(async () => {
      userA.dispose();
      userB.dispose();
    });
    const pair = await userA.login(credentials);
    await userB.login(credentials);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await userB.logout();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(eventsA).toEqual(['signed-in']);
    await expect(userA.profile()).resolves.toMatchObject({ role: 'admin' });
    expect(a.requests.at(-1)?.headers.authorization).toBe(`Bearer ${pair.access_token}`);
    expect(leaked(a, b)).toEqual([]);
  });
});

describe('the stored session names its server', () => {
  it('records the normalised base URL and the backend', async () => {
    const { a, client } = twoServers();
    const { path, store } = await fileStore();
    const userA = client(a, store);
    cleanup.push(async () => userA.dispose());
    await userA.login(credentials);
    const saved = JSON.parse(await readFile(path, 'utf8'));
    expect(saved.server).toEqual({ url: 'http://users-a.test:9002', backend: 'supermq' });
  });

  it('treats the same server spelled differently as the same server', async () => {
    const { a, fetch } = twoServers();
    const store = memoryTokenStore();
    await new UsersClient({ baseUrl: a.baseUrl, fetch, tokenStore: store }).login(credentials);
    const again = new UsersClient({ baseUrl: 'HTTP://Users-A.test:9002/', fetch, tokenStore: store });
    await expect(again.profile()).resolves.toMatchObject({ role: 'admin' });
  });

  it('keys the default web storage entry by server, and keeps defaultStorageKey as its prefix', async () => {
    const { a, b, client } = twoServers();
    const storage = new MemoryStorage();
    const userA = client(a, webStorageTokenStore(storage, undefined, { locks: null }));
    const userB = client(b, webStorageTokenStore(storage, undefined, { locks: null }));
    cleanup.push(async () => {
      userA.dispose();
      userB.dispose();
    });
    await userA.login(credentials);
    await userB.login(credentials);
    const keys = storage.keys().filter((key) => !key.endsWith('.lock'));
    expect(keys.sort()).toEqual([
      `${defaultStorageKey}:supermq:http://users-a.test:9002`,
      `${defaultStorageKey}:supermq:http://users-b.test:9002/api/users`,
    ]);
  });
});

describe('sessions written by the previous version (a bare pair, no server)', () => {
  it.each([
    [
      'the old default web storage key',
      (storage: MemoryStorage) => webStorageTokenStore(storage, undefined, { locks: null }),
      defaultStorageKey,
    ],
    [
      'an explicit web storage key',
      (storage: MemoryStorage) => webStorageTokenStore(storage, 'app.session', { locks: null }),
      'app.session',
    ],
  ])('are absent under %s, sent nowhere, and left in place', async (_name, makeStore, key) => {
    const { a, b, client, fetch } = twoServers();
    const old = await new UsersClient({ baseUrl: a.baseUrl, fetch }).login(credentials);
    const storage = new MemoryStorage();
    const bare = JSON.stringify({ access_token: old.access_token, refresh_token: old.refresh_token });
    storage.setItem(key, bare);
    for (const fake of [a, b]) {
      const users = client(fake, makeStore(storage));
      cleanup.push(async () => users.dispose());
      await expect(users.profile()).rejects.toMatchObject({ status: 401 });
      await users.logout();
      expect(fake.requests.at(-1)?.headers.authorization).toBeUndefined();
    }
    expect(a.count('POST', '/users/tokens/refresh')).toBe(0);
    expect(storage.getItem(key)).toBe(bare);
  });
});
