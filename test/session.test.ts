import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConnectionError,
  type SessionEvent,
  SessionExpiredError,
  UsersClient,
  type UsersClientOptions,
} from '../src/index.ts';
import { createFakeUsersService, type FakeUsersServiceOptions, seededAdmin } from '../src/testing/index.ts';
import { recordingStore } from './support/recording-store.ts';

const minute = 60_000;
const refreshPath = '/users/tokens/refresh';

/** A fake users service and clients that share its clock, with every reply status recorded. */
function setup(service: FakeUsersServiceOptions = {}) {
  const clock = { now: Date.parse('2026-03-01T12:00:00Z') };
  const fake = createFakeUsersService({ now: () => clock.now, ...service });
  const statuses: number[] = [];
  const events: SessionEvent['type'][] = [];
  const { store, writes, stored } = recordingStore();
  const client = (options: Partial<UsersClientOptions> = {}) =>
    new UsersClient({
      baseUrl: fake.baseUrl,
      fetch: async (input, init) => {
        const response = await fake.fetch(input, init);
        statuses.push(response.status);
        return response;
      },
      now: () => clock.now,
      retry: 0,
      tokenStore: store,
      onSessionChange: (event) => events.push(event.type),
      ...options,
    });
  const refreshes = () => fake.count('POST', refreshPath);
  const refreshTokensSent = () =>
    fake.requests
      .filter((request) => request.path === refreshPath)
      .map((request) => request.headers.authorization);
  return {
    clock,
    fake,
    statuses,
    events,
    writes,
    store,
    stored,
    client,
    refreshes,
    refreshTokensSent,
  };
}

async function loggedIn(service: FakeUsersServiceOptions = {}, options: Partial<UsersClientOptions> = {}) {
  const context = setup(service);
  const users = context.client(options);
  await users.login({ username: seededAdmin.username, password: seededAdmin.password });
  const admin = await users.profile();
  return { ...context, users, adminId: admin.id };
}

/** 100 calls at once: GETs, POSTs (creating users) and PATCHes. */
function mixedCalls(users: UsersClient, adminId: string, round = 0) {
  return Array.from({ length: 100 }, (_, i) => {
    if (i % 3 === 0) return users.profile();
    if (i % 3 === 1) {
      const name = `user${round}x${i}`;
      return users.create({
        first_name: 'a',
        last_name: 'b',
        email: `${name}@example.com`,
        credentials: { username: name, secret: '12345678' },
      });
    }
    return users.update(adminId, { first_name: `admin${i}` });
  });
}

describe('one refresh however many calls need it', () => {
  it('refreshes exactly once for 100 concurrent GET, POST and PATCH calls on an expired access token', async () => {
    const { users, adminId, clock, refreshes, statuses } = await loggedIn();
    clock.now += 61 * minute;
    const results = await Promise.allSettled(mixedCalls(users, adminId));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(refreshes()).toBe(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(0);
  });

  it('refreshes exactly once when 100 concurrent calls are refused with 401, and replays each', async () => {
    // The client's clock says the token is fine; the server's says it expired: every call meets a 401.
    const context = await loggedIn({ selfRegister: false });
    const { users, adminId, clock, refreshes, statuses } = context;
    const lagging = { ...clock };
    const client = context.client({ now: () => lagging.now, tokens: await users.refresh() });
    const before = refreshes();
    clock.now += 61 * minute;
    const results = await Promise.allSettled(mixedCalls(client, adminId, 1));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(refreshes() - before).toBe(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(100);
  });

  it('serves no 401 at all on the proactive path', async () => {
    const { users, clock, statuses, refreshes } = await loggedIn();
    for (let i = 0; i < 5; i++) {
      clock.now += 59 * minute;
      await users.profile();
    }
    expect(refreshes()).toBe(5);
    expect(statuses.every((status) => status < 400)).toBe(true);
  });

  it('replays a stale 401 with the current token without a second refresh', async () => {
    const { users, clock, refreshes, fake, statuses } = await loggedIn(
      {},
      { now: () => Date.parse('2026-03-01T12:00:00Z') },
    );
    clock.now += 61 * minute; // the server now refuses the first access token; the client does not know it yet
    fake.fail({ method: 'GET', path: '/users/profile' }, { kind: 'delay', ms: 50 });
    const stale = users.profile();
    await users.refresh();
    await expect(stale).resolves.toMatchObject({ credentials: { username: 'admin' } });
    expect(refreshes()).toBe(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(1);
  });

  it('refreshes and replays a 401 once, then gives up without looping', async () => {
    const { users, refreshes, fake } = await loggedIn();
    fake.fail(
      { method: 'GET', path: '/users/profile', times: Number.POSITIVE_INFINITY },
      {
        kind: 'status',
        status: 401,
        body: { message: 'email not verified' },
      },
    );
    await expect(users.profile()).rejects.toBeInstanceOf(AuthenticationError);
    expect(refreshes()).toBe(1);
    expect(fake.count('GET', '/users/profile')).toBe(3); // the first profile() of loggedIn, the call, one replay
  });
});

describe('rotation', () => {
  it('stores every new pair before anyone goes on, and never sends a refresh token twice', async () => {
    const { users, adminId, clock, writes, stored, refreshTokensSent, refreshes } = await loggedIn({
      refreshMode: 'rotate',
    });
    for (let round = 0; round < 10; round++) {
      clock.now += 61 * minute;
      await Promise.all(mixedCalls(users, adminId, round + 10).slice(0, 20));
    }
    expect(refreshes()).toBe(10);
    const sent = refreshTokensSent();
    expect(new Set(sent).size).toBe(sent.length);
    expect(writes).toHaveLength(11); // the login and ten refreshes
    for (const [index, pair] of writes.slice(0, -1).entries()) {
      expect(sent[index]).toBe(`Bearer ${pair.refresh_token}`);
    }
    expect(stored()).toEqual(writes.at(-1));
  });

  it('works with SuperMQ refresh: same jti, same deadline, the old refresh token still valid', async () => {
    const { users, clock, refreshes, writes, fake } = await loggedIn({ refreshMode: 'supermq' });
    const deadline = await users.sessionDeadline();
    for (let step = 0; step < 4; step++) {
      clock.now += 4 * minute;
      await users.profile();
    }
    expect(refreshes()).toBe(2); // keep-alive: once the last refresh is five minutes old
    expect(await users.sessionDeadline()).toEqual(deadline);
    const ids = await Promise.all(
      writes.map(async (pair) => (await fake.verifyToken(pair.refresh_token))?.jti),
    );
    expect(new Set(ids).size).toBe(1);
  });
});

describe('keep-alive against SuperMQ idle expiry', () => {
  const steadyHour = async (keepAlive: number | false | undefined) => {
    const { users, clock } = await loggedIn(
      { refreshMode: 'supermq', idleTimeout: 10 * minute },
      keepAlive === undefined ? {} : { keepAlive },
    );
    for (let step = 0; step < 40; step++) {
      clock.now += 2 * minute; // a request every two minutes, for 80 minutes
      await users.profile();
    }
  };

  it('keeps a steadily used session alive past the first access-token expiry by default', async () => {
    await expect(steadyHour(undefined)).resolves.toBeUndefined();
  });

  it('loses it without keep-alive, which is why the default is on', async () => {
    await expect(steadyHour(false)).rejects.toBeInstanceOf(SessionExpiredError);
  });
});

describe('failures', () => {
  it('ends the session when the server refuses the refresh token', async () => {
    const { users, clock, events, stored, refreshes } = await loggedIn();
    const [session] = await users.listRefreshTokens();
    await users.revokeRefreshToken(session?.id ?? '');
    clock.now += 61 * minute;
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => users.profile()));
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(SessionExpiredError);
      expect(reason.cause).toBeInstanceOf(AuthenticationError);
    }
    expect(refreshes()).toBe(1);
    expect(stored()).toBeUndefined();
    expect(events).toEqual(['signed-in', 'expired']);
  });

  it('tells a disabled account apart through the cause', async () => {
    const { users: admin, clock, client } = await loggedIn();
    const jane = await admin.create({
      first_name: 'Jane',
      last_name: 'Doe',
      email: 'jane@example.com',
      credentials: { username: 'jane', secret: '12345678' },
    });
    const janeClient = client({ tokenStore: undefined });
    await janeClient.login({ username: 'jane', password: '12345678' });
    await admin.disable(jane.id);
    clock.now += 61 * minute;
    const error = await janeClient.profile().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect((error as SessionExpiredError).cause).toMatchObject({
      status: 401,
      serverMessage: 'failed to login in disabled user',
    });
  });

  it('keeps the session through a network failure and recovers on the next call', async () => {
    const { users, clock, fake, stored, refreshes, events } = await loggedIn();
    const before = stored();
    clock.now += 61 * minute;
    fake.fail({ path: refreshPath }, { kind: 'drop' });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => users.profile()));
    for (const result of results)
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConnectionError);
    expect(refreshes()).toBe(1); // no storm: the waiting calls shared the one failed attempt
    expect(stored()).toEqual(before);
    await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
    expect(refreshes()).toBe(2);
    // One refresh-failed for the one failed attempt, however many calls waited on it (issue 11, item 9).
    expect(events).toEqual(['signed-in', 'refresh-failed', 'refreshed']);
  });

  it('goes ahead with the old token when a proactive refresh fails transiently while it is still valid', async () => {
    const { users, clock, fake } = await loggedIn();
    clock.now += 59.5 * minute; // inside the one-minute margin, not yet expired
    fake.fail({ path: refreshPath }, { kind: 'status', status: 503 });
    await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
  });

  it('lets logout during a refresh win', async () => {
    const { users, clock, fake, stored, events, writes } = await loggedIn();
    clock.now += 61 * minute;
    fake.fail({ path: refreshPath }, { kind: 'delay', ms: 50 });
    const pending = users.profile();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await users.logout();
    await expect(pending).rejects.toBeInstanceOf(SessionExpiredError);
    expect(stored()).toBeUndefined();
    expect(writes).toHaveLength(1);
    expect(events).toEqual(['signed-in', 'signed-out']);
  });

  it('does not loop when the access token lives shorter than the refresh margin', async () => {
    const { users, clock, refreshes } = await loggedIn({ accessTokenTtl: 30_000 });
    await users.profile();
    expect(refreshes()).toBe(0);
    clock.now += 20_000;
    await users.profile();
    await users.profile();
    expect(refreshes()).toBe(1);
  });
});

describe('start-up and events', () => {
  it('refreshes on first use when given only a refresh token', async () => {
    const { client, fake, refreshes, stored } = setup();
    const seed = await new UsersClient({ baseUrl: fake.baseUrl, fetch: fake.fetch }).login({
      username: 'admin',
      password: '12345678',
    });
    const users = client({ tokens: { refresh_token: seed.refresh_token } });
    await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
    expect(refreshes()).toBe(1);
    expect(stored()?.refresh_token).not.toBe(seed.refresh_token);
  });

  it('refresh() forces one now', async () => {
    const { users, refreshes, stored } = await loggedIn();
    const pair = await users.refresh();
    expect(refreshes()).toBe(1);
    // The store holds the pair with its server and receipt time (issue 8 item 1, issue 7 item 10).
    expect(stored()).toEqual({ ...pair, server: expect.any(Object), received_at: expect.any(Number) });
  });

  it('reports signed-in, refreshed and signed-out with the session deadline', async () => {
    const { fake, clock } = setup();
    const seen: SessionEvent[] = [];
    const users = new UsersClient({
      baseUrl: fake.baseUrl,
      fetch: fake.fetch,
      now: () => clock.now,
      onSessionChange: (event) => seen.push(event),
    });
    await users.login({ username: 'admin', password: '12345678' });
    await users.refresh();
    await users.logout();
    expect(seen.map((event) => event.type)).toEqual(['signed-in', 'refreshed', 'signed-out']);
    expect(seen[0]?.deadline?.getTime()).toBe(Math.floor((clock.now + 24 * 60 * minute) / 1000) * 1000);
    expect(JSON.stringify(seen)).not.toMatch(/eyJ/);
  });

  it('a refresh rejected as expired gives SessionExpiredError without sending when the refresh token ran out', async () => {
    const { users, clock, refreshes, events } = await loggedIn();
    clock.now += 25 * 60 * minute;
    await expect(users.profile()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(refreshes()).toBe(0);
    expect(events).toEqual(['signed-in', 'expired']);
  });
});

describe('aborting a call that waits on a refresh', () => {
  it('rejects that call at once with the signal reason and lets the shared refresh finish for the others', async () => {
    const { users, clock, fake, refreshes } = await loggedIn();
    clock.now += 61 * minute;
    fake.fail({ path: refreshPath }, { kind: 'delay', ms: 200 });
    const controller = new AbortController();
    const reason = new Error('the user navigated away');
    const patient = users.profile();
    const impatient = users.profile({ signal: controller.signal });
    const forced = users.refresh({ signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = Date.now();
    controller.abort(reason);
    await expect(impatient).rejects.toBe(reason);
    await expect(forced).rejects.toBe(reason);
    expect(Date.now() - before).toBeLessThan(150);
    await expect(patient).resolves.toMatchObject({ role: 'admin' });
    expect(refreshes()).toBe(1);
  });
});

describe('clients sharing a store without change events', () => {
  it('never bring back a session another client signed out of, even when the revoke failed', async () => {
    const { clock, fake, client, stored, refreshes } = setup();
    const a = client();
    const b = client();
    await a.login({ username: 'admin', password: '12345678' });
    await b.profile(); // b now remembers the pair
    fake.fail({ path: '/users/tokens/revoke' }, { kind: 'status', status: 500 });
    await a.logout();
    clock.now += 61 * minute;
    await expect(b.profile()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(refreshes()).toBe(0);
    expect(stored()).toBeUndefined();
  });
});
