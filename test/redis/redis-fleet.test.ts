import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UsersClient } from '../../src/index.ts';
import { redisTokenStore } from '../../src/redis/index.ts';
import {
  createFakeUsersService,
  type FakeUsersService,
  type LoopbackServer,
} from '../../src/testing/index.ts';
import { type ClientKind, clientKinds, type OpenClient, openClient } from '../support/redis-clients.ts';
import { type RedisServer, startRedisServer } from '../support/redis-server.ts';

const workerPath = join(import.meta.dirname, '..', 'support', 'redis-session-worker.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One worker process, read line by line. */
class Worker {
  readonly child: ChildProcess;
  readonly lines: Array<Record<string, unknown>> = [];
  #waiters: Array<() => void> = [];
  #exited: Promise<number | null>;

  constructor(config: Record<string, unknown>) {
    // `node --import tsx`, not the tsx binary, which runs the script in a child of its own: signals must reach it.
    this.child = spawn(process.execPath, ['--import', 'tsx', workerPath, JSON.stringify(config)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let buffer = '';
    let errors = '';
    this.child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        this.lines.push(JSON.parse(buffer.slice(0, end)));
        buffer = buffer.slice(end + 1);
        for (const wake of this.#waiters.splice(0)) wake();
      }
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk;
    });
    this.#exited = new Promise((resolve) =>
      this.child.on('exit', (code) => {
        if (errors.trim() !== '' && code !== 0 && code !== null) console.error(errors);
        resolve(code);
        for (const wake of this.#waiters.splice(0)) wake();
      }),
    );
  }

  /** Resolves with the first line (after `skip` of them) that has `field`. */
  async line(field: string, skip = 0, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.filter((line) => field in line)[skip];
      if (found) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`worker ended without a "${field}" line: ${JSON.stringify(this.lines)}`);
      }
      if (Date.now() > deadline) throw new Error(`no "${field}" line in time: ${JSON.stringify(this.lines)}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  async quit(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.send('quit');
    this.child.stdin?.end();
    return this.#exited;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

let redisServer: RedisServer;
beforeAll(async () => {
  redisServer = await startRedisServer();
});
afterAll(() => redisServer.stop());

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

let keys = 0;
interface Fleet {
  fake: FakeUsersService;
  server: LoopbackServer;
  key: string;
  raw: OpenClient;
  spawn(config?: Record<string, unknown>): Promise<Worker>;
}

/** A fake users service with a session logged in two hours ago (access token expired), stored in Redis. */
async function expiredSession(
  kind: ClientKind,
  refreshMode: 'rotate' | 'supermq' = 'rotate',
): Promise<Fleet> {
  let offset = -2 * 60 * 60_000;
  // SuperMQ forgets a session idle for 10 minutes; this one must outlive the two hours it sat unused.
  const fake = createFakeUsersService({
    refreshMode,
    idleTimeout: 3 * 60 * 60_000,
    now: () => Date.now() + offset,
  });
  const server = await fake.listen();
  cleanup.push(() => server.close());
  const key = `fleet:${++keys}:session`;
  const raw = await openClient(kind, redisServer.url);
  cleanup.push(() => raw.close());
  const users = new UsersClient({
    baseUrl: server.url,
    tokenStore: redisTokenStore({ client: raw.client, key }),
    // Its clock too, so the stored session says it was received two hours ago.
    now: () => Date.now() + offset,
  });
  await users.login({ username: 'admin', password: '12345678' });
  users.dispose();
  offset = 0;
  return {
    fake,
    server,
    key,
    raw,
    async spawn(config = {}) {
      const worker = new Worker({
        baseUrl: server.url,
        redisUrl: redisServer.url,
        key,
        client: kind,
        ...config,
      });
      cleanup.push(async () => {
        worker.kill('SIGKILL');
        await worker.quit();
      });
      await worker.line('ready');
      return worker;
    },
  };
}

describe.each(clientKinds)('a fleet of processes sharing a redisTokenStore (%s)', (kind) => {
  it('4 processes × 5 concurrent calls on an expired session: exactly 1 refresh, and every call succeeds', async () => {
    const fleet = await expiredSession(kind);
    const workers = await Promise.all([1, 2, 3, 4].map(() => fleet.spawn({ calls: 5 })));
    // Hold the refresh long enough that every process is waiting on the lock while it runs.
    fleet.fake.fail({ method: 'POST', path: '/users/tokens/refresh' }, { kind: 'delay', ms: 300 });
    for (const worker of workers) worker.send('calls');
    const results = await Promise.all(workers.map((worker) => worker.line('ok')));
    expect(results.map((result) => result.ok)).toEqual([true, true, true, true]);
    expect(fleet.fake.count('POST', '/users/tokens/refresh')).toBe(1);
    expect(fleet.fake.count('GET', '/users/profile')).toBe(20);
    const stored = JSON.parse(String(await fleet.raw.raw('HGET', fleet.key, 'value')));
    expect(await fleet.fake.verifyToken(stored.access_token)).toMatchObject({ sub: expect.any(String) });
  });
});

describe('the same fleet without the lock', () => {
  it('sends more than one refresh: the lock is what makes it one', async () => {
    const fleet = await expiredSession('redis');
    const workers = await Promise.all([1, 2, 3, 4].map(() => fleet.spawn({ calls: 5, lock: false })));
    fleet.fake.fail({ method: 'POST', path: '/users/tokens/refresh' }, { kind: 'delay', ms: 300 });
    for (const worker of workers) worker.send('calls');
    await Promise.all(workers.map((worker) => worker.line('ok')));
    expect(fleet.fake.count('POST', '/users/tokens/refresh')).toBeGreaterThan(1);
  });
});

describe('failures in a fleet', () => {
  it('a holder SIGKILLed mid-refresh releases nothing; another process takes over once its claim lapses', async () => {
    const fleet = await expiredSession('ioredis', 'supermq');
    const [doomed, next] = await Promise.all([
      fleet.spawn({ calls: 3, lockTtlMs: 1_500 }),
      fleet.spawn({ calls: 3, lockTtlMs: 1_500 }),
    ]);
    if (!doomed || !next) throw new Error('workers did not start');
    fleet.fake.fail({ method: 'POST', path: '/users/tokens/refresh' }, { kind: 'delay', ms: 3_000 });
    doomed.send('calls');
    while (fleet.fake.count('POST', '/users/tokens/refresh') === 0) await sleep(10);
    doomed.kill('SIGKILL');
    expect(await fleet.raw.raw('EXISTS', `${fleet.key}:lock`)).toBe(1); // it died holding the lock
    next.send('calls');
    const result = await next.line('ok');
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    // It waited for the dead holder's claim to lapse (extended every 500 ms, so at least 1 s was left).
    expect(Number(result.ms)).toBeGreaterThanOrEqual(700);
    expect(fleet.fake.count('POST', '/users/tokens/refresh')).toBe(2);
  });

  it('a sign-out in one process signs out the others at once', async () => {
    const fleet = await expiredSession('redis');
    const watchers = await Promise.all([fleet.spawn(), fleet.spawn({ client: 'ioredis' })]);
    // Give the watchers' subscriber connections a moment to be subscribed.
    const subscribed = async () =>
      ((await fleet.raw.raw('PUBSUB', 'NUMSUB', `${fleet.key}:changes`)) as [string, number])[1];
    while ((await subscribed()) < 2) await sleep(20);
    const leaver = await fleet.spawn();
    leaver.send('calls'); // refreshes once, which the watchers hear as well
    await leaver.line('ok');
    const users = new UsersClient({
      baseUrl: fleet.server.url,
      tokenStore: redisTokenStore({ client: fleet.raw.client, key: fleet.key }),
    });
    await users.logout();
    users.dispose();
    for (const watcher of watchers) {
      expect((await watcher.line('event', 0)).event).toBe('refreshed');
      expect((await watcher.line('event', 1)).event).toBe('signed-out');
    }
    expect((await leaver.line('event', 1)).event).toBe('signed-out');
    // Signed out everywhere: a call sends no token, and no refresh is attempted.
    watchers[0]?.send('calls');
    const after = await watchers[0]?.line('ok');
    expect(after?.ok).toBe(false);
    expect(fleet.fake.count('POST', '/users/tokens/refresh')).toBe(1);
  });

  it('Redis restarted mid-session (its memory lost): the session survives, refreshed once by the fleet', async () => {
    const fleet = await expiredSession('redis');
    const workers = await Promise.all([
      fleet.spawn({ calls: 3 }),
      fleet.spawn({ calls: 3, client: 'ioredis' }),
      fleet.spawn({ calls: 3 }),
    ]);
    await redisServer.stop();
    await redisServer.start();
    expect(await fleet.raw.raw('EXISTS', fleet.key).catch(() => 0)).toBe(0);
    fleet.fake.fail({ method: 'POST', path: '/users/tokens/refresh' }, { kind: 'delay', ms: 200 });
    for (const worker of workers) worker.send('calls');
    const results = await Promise.all(workers.map((worker) => worker.line('ok')));
    expect(results.map((result) => result.ok)).toEqual([true, true, true]);
    expect(fleet.fake.count('POST', '/users/tokens/refresh')).toBe(1);
    const stored = JSON.parse(String(await fleet.raw.raw('HGET', fleet.key, 'value')));
    expect(await fleet.fake.verifyToken(stored.access_token)).toMatchObject({ sub: expect.any(String) });
  });

  it('a holder frozen past its TTL (SIGSTOP) cannot write its older pair over the newer one when it resumes', async () => {
    const fleet = await expiredSession('ioredis', 'supermq');
    const [frozen, next] = await Promise.all([
      fleet.spawn({ calls: 2, lockTtlMs: 600, retry: true }),
      fleet.spawn({ calls: 2, lockTtlMs: 600 }),
    ]);
    if (!frozen || !next) throw new Error('workers did not start');
    fleet.fake.fail({ method: 'POST', path: '/users/tokens/refresh' }, { kind: 'delay', ms: 300 });
    frozen.send('calls');
    while (fleet.fake.count('POST', '/users/tokens/refresh') === 0) await sleep(5);
    frozen.kill('SIGSTOP');
    next.send('calls');
    expect(await next.line('ok')).toMatchObject({ ok: true });
    expect(fleet.fake.count('POST', '/users/tokens/refresh')).toBe(2);
    const newer = await fleet.raw.raw('HGET', fleet.key, 'value');
    frozen.kill('SIGCONT');
    const resumed = await frozen.line('ok');
    // Its write was refused (the session goes on with the pair it holds, or fails with StaleWriteError and retries).
    expect(
      resumed.ok === true || (String(resumed.error).startsWith('StaleWriteError') && resumed.retried),
    ).toBeTruthy();
    expect(await fleet.raw.raw('HGET', fleet.key, 'value')).toBe(newer);
    expect(fleet.fake.count('POST', '/users/tokens/refresh')).toBe(2);
  });
});
