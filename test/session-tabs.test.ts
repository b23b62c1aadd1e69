import { describe, expect, it } from 'vitest';
import { type TokenStore, UsersClient, webStorageTokenStore } from '../src/index.ts';
import { createFakeUsersService } from '../src/testing/index.ts';
import { MemoryStorage } from './support/memory-storage.ts';
import { twoTabs } from './support/two-tabs.ts';

// Web Locks are the default only in browsers and workers, so this Node test asks for them by name.
describe.each([
  ['Web Locks', navigator.locks],
  ['the storage fallback lock', null],
] as const)('two tabs on one web storage, with %s', (lockName, locks) => {
  // Older Node releases have no navigator.locks: there this row would run the fallback under another name.
  it.skipIf(locks === undefined)(
    'refresh an expired session once, and both tabs end with the same pair',
    async () => {
      const clock = { now: Date.parse('2026-03-01T12:00:00Z') };
      const fake = createFakeUsersService({ refreshMode: 'rotate', now: () => clock.now });
      const { storage, key, tabA, tabB } = twoTabs(`tabs-${lockName}`, { locks });
      const tab = (tokenStore: TokenStore) =>
        new UsersClient({
          baseUrl: fake.baseUrl,
          fetch: fake.fetch,
          now: () => clock.now,
          tokenStore,
        });
      const [a, b] = [tab(tabA), tab(tabB)];
      await a.login({ username: 'admin', password: '12345678' });
      await b.profile(); // the second tab picks the session up from storage

      clock.now += 61 * 60_000;
      const results = await Promise.allSettled([
        ...[1, 2, 3].map(() => a.profile()),
        ...[1, 2, 3].map(() => b.profile()),
      ]);
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      expect(fake.count('POST', '/users/tokens/refresh')).toBe(1);

      await a.profile();
      await b.profile();
      const [fromA, fromB] = fake.requests.slice(-2).map((request) => request.headers.authorization);
      const stored = JSON.parse(storage.getItem(key) ?? '{}');
      expect(fromA).toBe(`Bearer ${stored.access_token}`);
      expect(fromB).toBe(fromA);
      a.dispose();
      b.dispose();
    },
  );
});

describe('a tab that logs out', () => {
  it('signs the other tab out too', async () => {
    const fake = createFakeUsersService();
    const { tabA, tabB } = twoTabs('k');
    const events: string[] = [];
    const a = new UsersClient({
      baseUrl: fake.baseUrl,
      fetch: fake.fetch,
      tokenStore: tabA,
    });
    const b = new UsersClient({
      baseUrl: fake.baseUrl,
      fetch: fake.fetch,
      tokenStore: tabB,
      onSessionChange: (event) => events.push(event.type),
    });
    await a.login({ username: 'admin', password: '12345678' });
    await b.profile();
    await a.logout();
    await expect.poll(() => events).toEqual(['signed-out']);
    await expect(b.profile()).rejects.toMatchObject({ status: 401 });
    expect(fake.requests.at(-1)?.headers.authorization).toBeUndefined();
    a.dispose();
    b.dispose();
  });
});

describe('two tabs of one server on the default, per-server key', () => {
  it('share one session: a login in one reaches the other, and a logout signs both out', async () => {
    const fake = createFakeUsersService();
    const storage = new MemoryStorage();
    const events: string[] = [];
    const tab = (onSessionChange?: (event: { type: string }) => void) =>
      new UsersClient({
        baseUrl: fake.baseUrl,
        fetch: fake.fetch,
        tokenStore: webStorageTokenStore(storage, undefined, { locks: null }),
        ...(onSessionChange && { onSessionChange }),
      });
    const a = tab();
    const b = tab((event) => events.push(event.type));
    await b.health();
    await expect(b.profile()).rejects.toMatchObject({ status: 401 }); // b is listening, with no session yet
    const pair = await a.login({ username: 'admin', password: '12345678' });
    await expect.poll(() => events).toEqual(['signed-in']);
    await b.profile();
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${pair.access_token}`);
    await a.logout();
    await expect.poll(() => events).toEqual(['signed-in', 'signed-out']);
    a.dispose();
    b.dispose();
  });
});
