import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SessionEvent, StorageUnavailableError, UsersClient } from '../../src/index.ts';
import { RedisLockUnavailableError, RedisUnavailableError, redisTokenStore } from '../../src/redis/index.ts';
import { createFakeUsersService } from '../../src/testing/index.ts';
import { clientKinds, type OpenClient, openClient } from '../support/redis-clients.ts';
import { type RedisServer, startRedisServer } from '../support/redis-server.ts';

let redisServer: RedisServer;
beforeAll(async () => {
  redisServer = await startRedisServer();
});
afterAll(() => redisServer.stop());

let cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe.each(clientKinds)('a UsersClient on a redisTokenStore (%s) while Redis is away', (kind) => {
  it('keeps working on the pair in memory, fails a refresh with a transient error, keeps the session, recovers', async () => {
    let offset = 0;
    const fake = createFakeUsersService({ now: () => Date.now() + offset });
    const server = await fake.listen();
    cleanup.push(() => server.close());
    const redis: OpenClient = await openClient(kind, redisServer.url);
    cleanup.push(() => redis.close());
    const events: SessionEvent['type'][] = [];
    const users = new UsersClient({
      baseUrl: server.url,
      retry: 0,
      tokenStore: redisTokenStore({
        client: redis.client,
        key: `away:${kind}:session`,
        commandTimeoutMs: 300,
      }),
      onSessionChange: (event) => events.push(event.type),
      now: () => Date.now() + offset,
    });
    cleanup.push(() => users.dispose());
    // Logged in two hours ago: the access token has expired, the refresh token has not.
    offset = -2 * 60 * 60_000;
    await users.login({ username: 'admin', password: '12345678' });
    offset = 0;

    await redisServer.stop();
    // The refresh needs the lock, and Redis is away: a transient error, nothing sent, the session kept.
    const error = await users.profile().catch((e: unknown) => e);
    // A lock error the session does not get past: without the lock each instance would refresh on its own.
    expect(error).toBeInstanceOf(RedisLockUnavailableError);
    expect((error as Error).cause).toBeInstanceOf(RedisUnavailableError);
    expect((error as Error).cause).toBeInstanceOf(StorageUnavailableError);
    expect(String(error)).not.toMatch(/eyJ/); // no JWT in the message
    expect(fake.count('POST', '/users/tokens/refresh')).toBe(0);
    expect(events).toEqual(['signed-in']);
    expect(await users.sessionDeadline()).toBeInstanceOf(Date);

    // Redis comes back empty (nothing was persisted): the client reconnects and the session goes on.
    await redisServer.start();
    await until(() =>
      users.profile().then(
        () => true,
        () => false,
      ),
    );
    expect(fake.count('POST', '/users/tokens/refresh')).toBe(1);
    expect(events).toEqual(['signed-in', 'refreshed']);

    // Away again, but the access token is good now: calls never touch Redis.
    await redisServer.stop();
    expect((await users.profile()).role).toBe('admin');
    expect(fake.count('POST', '/users/tokens/refresh')).toBe(1);
    await redisServer.start();
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
