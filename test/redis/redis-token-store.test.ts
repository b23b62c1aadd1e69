import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  LockTimeoutError,
  StorageUnavailableError,
  type TokenPair,
  type TokenStore,
} from '../../src/index.ts';
import {
  RedisLockUnavailableError,
  RedisUnavailableError,
  redisTokenStore,
  StaleWriteError,
} from '../../src/redis/index.ts';
import { clientKinds, type OpenClient, openClient } from '../support/redis-clients.ts';
import { type RedisServer, startRedisServer } from '../support/redis-server.ts';

const pair = (n: number): TokenPair => ({
  access_token: `access-secret-${n}-${'a'.repeat(20)}`,
  refresh_token: `refresh-secret-${n}-${'r'.repeat(20)}`,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(() => server.stop());

describe.each(clientKinds)('redisTokenStore with a %s client', (kind) => {
  let clients: OpenClient[] = [];
  let keyCount = 0;
  let key = '';
  const open = async () => {
    const opened = await openClient(kind, server.url);
    clients.push(opened);
    return opened;
  };
  const store = async (
    options: { lockTtlMs?: number; lockTimeoutMs?: number; commandTimeoutMs?: number } = {},
  ) => redisTokenStore({ client: (await open()).client, key, ...options });
  const lockNow = (target: TokenStore) => {
    // Runs `target.lock` until `release()` is called; `held` resolves once the function is running.
    let release: () => void = () => undefined;
    let markHeld: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      markHeld = resolve;
    });
    const done = target.lock?.(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
          markHeld();
        }),
    );
    return { held, done, release: () => release() };
  };

  beforeAll(() => undefined);
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
  });
  const fresh = () => {
    key = `test:${kind}:${++keyCount}:session`;
  };

  it('stores exactly what set() gets and returns it from get(), extra fields included', async () => {
    fresh();
    const a = await store();
    const b = await store();
    const value = { ...pair(1), issuer: { baseUrl: 'http://x', backend: 'supermq' }, received_at: 123 };
    await a.set(value);
    expect(await b.get()).toEqual(value);
    const raw = await clients[0]?.raw('HGET', key, 'value');
    expect(raw).toBe(JSON.stringify(value));
  });

  it('clear() signs out: get() is undefined for every store, and a marker tells it from a lost key', async () => {
    fresh();
    const a = await store();
    const b = await store();
    await a.set(pair(1));
    expect(await b.get()).toEqual(pair(1));
    await a.clear();
    expect(await a.get()).toBeUndefined();
    expect(await b.get()).toBeUndefined();
    expect(await clients[0]?.raw('HEXISTS', key, 'fence')).toBe(1);
  });

  it('subscribe() hears other stores set and clear, not its own writes; its connection closes with it', async () => {
    fresh();
    const a = await store();
    const b = await store();
    const heard: Array<TokenPair | undefined> = [];
    const ownHeard: Array<TokenPair | undefined> = [];
    const stop = b.subscribe?.((tokens) => heard.push(tokens));
    const stopOwn = a.subscribe?.((tokens) => ownHeard.push(tokens));
    const subscribers = async () =>
      (await clients[0]?.raw('PUBSUB', 'NUMSUB', `${key}:changes`)) as [string, number];
    await until(async () => (await subscribers())[1] === 2);
    await a.set(pair(1));
    await until(() => heard.length === 1);
    await a.clear();
    await until(() => heard.length === 2);
    expect(heard).toEqual([pair(1), undefined]);
    expect(ownHeard).toEqual([]);
    stop?.();
    stopOwn?.();
    await until(async () => (await subscribers())[1] === 0);
    expect((await subscribers())[1]).toBe(0);
  });

  it('lock(): one holder at a time across stores, with fencing tokens that only grow', async () => {
    fresh();
    const stores = await Promise.all([1, 2, 3, 4, 5].map(() => store()));
    let active = 0;
    let most = 0;
    const fences: number[] = [];
    await Promise.all(
      stores.map((s, i) =>
        s.lock?.(async () => {
          active++;
          most = Math.max(most, active);
          await sleep(30);
          await s.get();
          await s.set(pair(i));
          fences.push(Number(await clients[0]?.raw('HGET', key, 'fence')));
          active--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(fences).toHaveLength(5);
    expect([...fences].sort((x, y) => x - y)).toEqual(fences);
    expect(new Set(fences).size).toBe(5);
    expect(await clients[0]?.raw('EXISTS', `${key}:lock`)).toBe(0);
  });

  it('lock(): a waiter gives up with LockTimeoutError after lockTimeoutMs, without running its function', async () => {
    fresh();
    const holder = lockNow(await store());
    await holder.held;
    const waiter = await store({ lockTimeoutMs: 300 });
    let ran = false;
    const started = Date.now();
    const error = await waiter
      .lock?.(async () => {
        ran = true;
      })
      .catch((e: unknown) => e);
    const waited = Date.now() - started;
    holder.release();
    await holder.done;
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect(ran).toBe(false);
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(2_000);
  });

  it('lock(): the holder extends its claim while it runs, so a waiter never gets in early', async () => {
    fresh();
    const holderStore = await store({ lockTtlMs: 300 });
    const holder = lockNow(holderStore);
    await holder.held;
    const order: string[] = [];
    const waiter = (await store({ lockTimeoutMs: 10_000 })).lock?.(async () => {
      order.push('waiter');
    });
    await sleep(1_000); // more than three TTLs
    expect(Number(await clients[0]?.raw('PTTL', `${key}:lock`))).toBeGreaterThan(0);
    order.push('holder done');
    holder.release();
    await Promise.all([holder.done, waiter]);
    expect(order).toEqual(['holder done', 'waiter']);
  });

  it('lock(): a claim whose holder died is taken over once its TTL lapses', async () => {
    fresh();
    await (await open()).raw('SET', `${key}:lock`, 'a-holder-that-died', 'PX', '600');
    const started = Date.now();
    await (await store()).lock?.(async () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('lock(): releasing never deletes another holder’s lock', async () => {
    fresh();
    const raw = await open();
    const holder = lockNow(await store());
    await holder.held;
    // The claim lapsed (a stall) and another instance took the lock.
    await raw.raw('SET', `${key}:lock`, 'the-next-holder', 'PX', '10000');
    holder.release();
    await holder.done;
    expect(await raw.raw('GET', `${key}:lock`)).toBe('the-next-holder');
  });

  it('a holder whose claim lapsed cannot write over the newer pair (lock-lost)', async () => {
    fresh();
    const raw = await open();
    const a = await store();
    const b = await store();
    await a.set(pair(1));
    const error = await a
      .lock?.(async () => {
        expect(await a.get()).toEqual(pair(1));
        // A stalls past its TTL: its claim lapses, and B refreshes meanwhile.
        await raw.raw('DEL', `${key}:lock`);
        await b.lock?.(async () => {
          await b.get();
          await b.set(pair(2));
        });
        await a.set(pair(3));
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleWriteError);
    expect((error as StaleWriteError).reason).toBe('lock-lost');
    expect(await b.get()).toEqual(pair(2));
  });

  it('a sign-in or sign-out elsewhere wins over a refresh still in flight (superseded)', async () => {
    fresh();
    const a = await store();
    const c = await store();
    await a.set(pair(1));
    const error = await a
      .lock?.(async () => {
        await a.get();
        await c.set(pair(9)); // a login elsewhere, outside the lock
        await a.set(pair(2));
      })
      .catch((e: unknown) => e);
    expect((error as StaleWriteError).reason).toBe('superseded');
    expect(await c.get()).toEqual(pair(9));

    const signedOut = await a
      .lock?.(async () => {
        await a.get();
        await c.clear();
        await a.set(pair(3));
      })
      .catch((e: unknown) => e);
    expect((signedOut as StaleWriteError).reason).toBe('superseded');
    expect(await c.get()).toBeUndefined();
  });

  it('a write under the lock replaces only the value it read (changed)', async () => {
    fresh();
    const raw = await open();
    const a = await store();
    await a.set(pair(1));
    const error = await a
      .lock?.(async () => {
        await a.get();
        await raw.raw('HSET', key, 'value', JSON.stringify(pair(7))); // a writer that ignores the lock
        await a.set(pair(2));
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleWriteError);
    expect((error as StaleWriteError).reason).toBe('changed');
    expect(await a.get()).toEqual(pair(7));
    expect(inspect(error)).not.toContain('secret');
  });

  it('rejects a client that is neither node-redis nor ioredis, and timings that are not positive', async () => {
    expect(() => redisTokenStore({ client: {} as never })).toThrow(TypeError);
    const { client } = await open();
    expect(() => redisTokenStore({ client, lockTtlMs: 0 })).toThrow(/lockTtlMs/);
    expect(() => redisTokenStore({ client, key: '' })).toThrow(/key/);
  });
});

describe.each(clientKinds)('redisTokenStore with a %s client while Redis is down or slow', (kind) => {
  let own: RedisServer;
  let clients: OpenClient[] = [];
  beforeAll(async () => {
    own = await startRedisServer();
  });
  afterAll(() => own.stop());
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
    if (!(await isUp(own))) await own.start();
  });
  const open = async () => {
    const opened = await openClient(kind, own.url);
    clients.push(opened);
    return opened;
  };

  it('fails fast with a RedisUnavailableError quoting no token, answers get() from memory, and recovers', async () => {
    const key = `down:${kind}:session`;
    const a = redisTokenStore({ client: (await open()).client, key, commandTimeoutMs: 300 });
    await a.set(pair(1));
    expect(await a.get()).toEqual(pair(1));
    await own.stop();

    let ran = false;
    const started = Date.now();
    const error = await a
      .lock?.(async () => {
        ran = true;
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisLockUnavailableError);
    expect(error).toBeInstanceOf(LockTimeoutError); // so a session never refreshes without it
    expect((error as Error).cause).toBeInstanceOf(StorageUnavailableError);
    expect(ran).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    const written = await Promise.resolve(a.set(pair(2))).catch((e: unknown) => e);
    expect(written).toBeInstanceOf(RedisUnavailableError);
    for (const e of [error, written]) {
      const text = `${String(e)} ${JSON.stringify(e)} ${inspect(e, { depth: 5 })}`;
      expect(text).not.toContain('secret');
    }
    // Calls go on with the pair in memory.
    expect(await a.get()).toEqual(pair(1));

    await own.start(); // empty: nothing was persisted
    await until(
      () =>
        Promise.resolve(a.lock?.(async () => undefined)).then(
          () => true,
          () => false,
        ),
      10_000,
    );
    // The key is gone with Redis's memory: the store keeps the session it saw, and the holder writes it back.
    await a.lock?.(async () => {
      expect(await a.get()).toEqual(pair(1));
      await a.set(pair(3));
    });
    expect(await a.get()).toEqual(pair(3));
  });

  it('a write that fails on a restarted Redis is never quoted: messages of the client errors are scrubbed', async () => {
    const key = `scrub:${kind}:session`;
    const raw = await open();
    const a = redisTokenStore({ client: raw.client, key, commandTimeoutMs: 1_000 });
    // The key holds another type: Redis answers the script with WRONGTYPE, which ioredis attaches the command to.
    await raw.raw('SET', key, 'not a hash');
    const error = await Promise.resolve(a.set(pair(5))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(String(error)).toMatch(/WRONGTYPE|wrong kind/i);
    const text = `${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 5, showHidden: true })}`;
    expect(text).not.toContain('secret');
  });

  it('a client the application already closed fails with RedisUnavailableError, not the client’s own error', async () => {
    const opened = await open();
    const a = redisTokenStore({
      client: opened.client,
      key: `closed:${kind}:session`,
      commandTimeoutMs: 500,
    });
    await opened.close();
    const started = Date.now();
    const error = await a.lock?.(async () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisLockUnavailableError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await Promise.resolve(a.get()).catch((e: unknown) => e)).toBeInstanceOf(RedisUnavailableError);
  });

  it('a Redis that does not answer in time fails with RedisUnavailableError after commandTimeoutMs', async () => {
    const key = `slow:${kind}:session`;
    const raw = await open();
    const a = redisTokenStore({ client: (await open()).client, key, commandTimeoutMs: 200 });
    await raw.raw('CLIENT', 'PAUSE', '1500', 'ALL');
    const started = Date.now();
    const error = await a.lock?.(async () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisLockUnavailableError);
    expect(String(error)).toContain('200 ms');
    expect(Date.now() - started).toBeLessThan(1_000);
    await sleep(1_600);
  });
});

async function isUp(server: RedisServer): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const socket = createConnection(server.port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
