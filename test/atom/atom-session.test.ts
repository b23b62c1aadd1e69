import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  type SessionEvent,
  SessionExpiredError,
  type TokenPair,
  type TokenStore,
  UsersClient,
  type UsersClientOptions,
} from '../../src/index.ts';
import { fileTokenStore } from '../../src/node/index.ts';
import { createFakeAtomService, type FakeAtomServiceOptions } from '../../src/testing/index.ts';
import { useCleanup } from '../support/cleanup.ts';
import { recordingStore } from '../support/recording-store.ts';
import { runSessionWorker as run } from '../support/run-session-worker.ts';
import { twoTabs } from '../support/two-tabs.ts';

const minute = 60_000;
const admin = { username: 'admin', password: '12345678' };

/** A fake ATOM and clients that share its clock and one store. */
function setup(options: FakeAtomServiceOptions = {}) {
  const clock = { now: Date.parse('2026-08-01T12:00:00Z') };
  const atom = createFakeAtomService({ now: () => clock.now, ...options });
  const events: SessionEvent['type'][] = [];
  const { store, stored } = recordingStore();
  const client = (extra: Partial<UsersClientOptions> = {}) =>
    new UsersClient({
      baseUrl: atom.baseUrl,
      fetch: atom.fetch,
      backend: 'atom',
      now: () => clock.now,
      retry: 0,
      tokenStore: store,
      onSessionChange: (event) => events.push(event.type),
      ...extra,
    });
  const renewals = () => atom.countOperation('refreshSession');
  return { clock, atom, events, store, client, renewals, stored };
}

describe('ATOM sessions', () => {
  it('login stores the one JWT as both halves of the pair, with no refresh token of its own', async () => {
    const { client, stored, atom } = setup();
    const pair = await client().login(admin);
    expect(pair.access_token).toBe(pair.refresh_token);
    // Bound to its server and backend, so a SuperMQ client on the same store never sends it.
    expect(stored()).toMatchObject({ ...pair, server: { url: atom.baseUrl, backend: 'atom' } });
    const login = atom.requests.find((request) => request.path === '/auth/login');
    expect(login?.json).toEqual({ identifier: 'admin', secret: '12345678', kind: 'password' });
    expect(login?.headers.authorization).toBeUndefined();
  });

  it('renews with refreshSession authorised by the current JWT, within the margin before expiry', async () => {
    const { client, clock, atom, renewals, events } = setup();
    const users = client();
    const { access_token: first } = await users.login(admin);
    await users.profile();
    expect(renewals()).toBe(0);
    clock.now += 59.5 * minute;
    await users.profile();
    expect(renewals()).toBe(1);
    const renewal = atom.requests.find((request) =>
      JSON.stringify(request.json ?? '').includes('refreshSession'),
    );
    expect(renewal?.json).toEqual({ query: 'mutation { refreshSession { token } }' });
    expect(renewal?.headers.authorization).toBe(`Bearer ${first}`);
    expect(events).toEqual(['signed-in', 'refreshed']);
    // The session slid: an hour after the first login it still works, with no new login.
    clock.now += 30 * minute;
    await users.profile();
    expect(atom.count('POST', '/auth/login')).toBe(1);
  });

  it('N concurrent calls that need a renewal send exactly one refreshSession', async () => {
    const { client, clock, atom, renewals } = setup();
    const users = client();
    await users.login(admin);
    clock.now += 59.5 * minute;
    atom.fail({ path: '/graphql', times: 1 }, { kind: 'delay', ms: 50 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => users.profile()));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(renewals()).toBe(1);
  });

  it('past expiry: SessionExpiredError and an expired event, with no request sent', async () => {
    const { client, clock, atom, events, stored } = setup();
    const users = client();
    await users.login(admin);
    const before = atom.requests.length;
    clock.now += 61 * minute;
    await expect(users.profile()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(atom.requests.length).toBe(before);
    expect(events).toEqual(['signed-in', 'expired']);
    expect(stored()).toBeUndefined();
  });

  it('sessionDeadline() is the current JWT expiry, moved by each renewal', async () => {
    const { client, clock } = setup();
    const users = client();
    await users.login(admin);
    expect((await users.sessionDeadline())?.getTime()).toBe(clock.now + 60 * minute);
    clock.now += 59.5 * minute;
    await users.refresh();
    expect((await users.sessionDeadline())?.getTime()).toBe(clock.now + 60 * minute);
  });

  it('a 401 on the current token renews once and replays the call once', async () => {
    const { client, atom, renewals } = setup();
    const users = client();
    await users.login(admin);
    atom.fail(
      { method: 'GET', path: '/auth/introspect' },
      { kind: 'status', status: 401, body: { error: 'session expired' } },
    );
    const me = await users.profile();
    expect(me.credentials?.username).toBe('admin');
    expect(renewals()).toBe(1);
    expect(atom.count('GET', '/auth/introspect')).toBe(2);
  });

  it('a GraphQL 401 (HTTP 200 errors[]) renews and replays too', async () => {
    const { client, atom, renewals } = setup();
    const users = client();
    await users.login(admin);
    const { access_token } = (await users.refresh()) as TokenPair;
    atom.fail(
      { path: '/graphql' },
      { kind: 'status', status: 200, body: { data: null, errors: [{ message: 'session expired' }] } },
    );
    const me = await users.get('00000000-0000-0000-0000-000000000001');
    expect(me.id).toBe('00000000-0000-0000-0000-000000000001');
    expect(renewals()).toBe(2);
    const replay = atom.requests.at(-1);
    expect(replay?.headers.authorization).not.toBe(`Bearer ${access_token}`);
  });

  it('a revoked session ends at the renewal: expired event, SessionExpiredError with the refusal as cause', async () => {
    const { client, clock, atom, events, stored } = setup();
    const users = client();
    const { access_token } = await users.login(admin);
    // Another party ends the session behind the client's back.
    await atom.fetch('/auth/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}` },
    });
    clock.now += 59.5 * minute;
    const error = await users.profile().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect((error as SessionExpiredError).cause).toBeInstanceOf(AuthenticationError);
    expect(((error as SessionExpiredError).cause as AuthenticationError).serverMessage).toBe(
      'session revoked',
    );
    expect(events).toEqual(['signed-in', 'expired']);
    expect(stored()).toBeUndefined();
  });

  it('logout revokes the current session at ATOM and clears the store', async () => {
    const { client, atom, stored } = setup();
    const users = client();
    const { access_token } = await users.login(admin);
    await users.logout();
    expect(stored()).toBeUndefined();
    const logout = atom.requests.find((request) => request.path === '/auth/logout');
    expect(logout?.headers.authorization).toBe(`Bearer ${access_token}`);
    const reused = await atom.fetch('/auth/introspect', {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(await reused.json()).toEqual({ error: 'session revoked' });
  });

  it('a pair that is not an ATOM JWT: ATOM refuses the renewal (HTTP 200 errors[]) and the session expires', async () => {
    const { client, atom, events } = setup();
    const users = client({ tokens: { access_token: 'not-a-jwt', refresh_token: 'not-a-jwt' } });
    await expect(users.refresh()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(atom.countOperation('refreshSession')).toBe(1);
    expect(events).toEqual(['expired']);
  });

  it('a session stored for the SuperMQ backend at the same URL is never sent to ATOM', async () => {
    const { client, atom, store } = setup();
    const supermq = { access_token: 'eyJ.supermq.access', refresh_token: 'eyJ.supermq.refresh' };
    await store.set({
      ...supermq,
      server: { url: atom.baseUrl, backend: 'supermq' },
      received_at: 0,
    } as TokenPair);
    const users = client();
    await expect(users.profile()).rejects.toMatchObject({
      status: 401,
      serverMessage: 'missing authentication',
    });
    expect(atom.requests.map((request) => request.headers.authorization)).toEqual([undefined]);
  });
});

describe.each([
  ['Web Locks', navigator.locks],
  ['the storage fallback lock', null],
] as const)('two ATOM tabs on one web storage, with %s', (lockName, locks) => {
  // Older Node releases have no navigator.locks: there this row would run the fallback under another name.
  it.skipIf(locks === undefined)('renew once between them, and both end on the same JWT', async () => {
    const clock = { now: Date.parse('2026-08-01T12:00:00Z') };
    const atom = createFakeAtomService({ now: () => clock.now });
    const { storage, key, tabA, tabB } = twoTabs(`atom-tabs-${lockName}`, { locks });
    const tab = (tokenStore: TokenStore) =>
      new UsersClient({
        baseUrl: atom.baseUrl,
        fetch: atom.fetch,
        backend: 'atom',
        now: () => clock.now,
        tokenStore,
      });
    const [a, b] = [tab(tabA), tab(tabB)];
    await a.login(admin);
    await b.profile();
    clock.now += 59.5 * minute;
    const results = await Promise.allSettled([
      ...[1, 2, 3].map(() => a.profile()),
      ...[1, 2, 3].map(() => b.profile()),
    ]);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(atom.countOperation('refreshSession')).toBe(1);
    await a.profile();
    await b.profile();
    const [fromA, fromB] = atom.requests.slice(-2).map((request) => request.headers.authorization);
    const stored = JSON.parse(storage.getItem(key) ?? '{}');
    expect(fromA).toBe(`Bearer ${stored.access_token}`);
    expect(fromB).toBe(fromA);
    a.dispose();
    b.dispose();
  });
});

const cleanup = useCleanup();

describe('parallel processes sharing one fileTokenStore on ATOM', () => {
  it('renew a session that is due exactly once, and every process succeeds', async () => {
    // Log in 59.5 minutes "ago": the JWT is inside the renewal margin now, not yet expired.
    let offset = -59.5 * minute;
    const atom = createFakeAtomService({ now: () => Date.now() + offset });
    const server = await atom.listen();
    const dir = await mkdtemp(join(tmpdir(), 'mu-atom-processes-'));
    cleanup.push(server.close, () => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'session.json');
    // The client received the JWT "then" too: sessions are timed from their receipt.
    const then = () => Date.now() + offset;
    await new UsersClient({
      baseUrl: server.url,
      backend: 'atom',
      tokenStore: fileTokenStore(path),
      now: then,
    }).login(admin);
    offset = 0;
    atom.fail({ path: '/graphql', times: 1 }, { kind: 'delay', ms: 400 });

    const results = await Promise.all(
      ['w1', 'w2', 'w3'].map((label) => run(server.url, path, label, 'atom')),
    );

    for (const result of results) {
      expect(result.out.trim()).toBe('{"ok":true}');
      expect(result.code).toBe(0);
    }
    expect(atom.countOperation('refreshSession')).toBe(1);
    const stored = JSON.parse(await readFile(path, 'utf8'));
    const check = await atom.fetch('/auth/introspect', {
      headers: { authorization: `Bearer ${stored.access_token}` },
    });
    expect(check.status).toBe(200);
  });
});
