/**
 * One instance of a fleet for the Redis store's process tests: a `UsersClient` on a shared `redisTokenStore`.
 * It loads the session, prints `{"ready":true}`, and then follows the lines it reads on stdin:
 *
 * - `calls`: makes `calls` concurrent profile requests and prints `{ ok, ms, error? }`; with `retry`, a failed
 *   round is followed by one more, reported as `retried`.
 * - `watch`: prints `{ event }` for every session event it hears; `quit` ends it.
 *
 * The one argument is JSON: `{ baseUrl, redisUrl, key, client, calls?, retry?, lockTtlMs?, lock?: false }`.
 * `lock: false` takes the store's lock away (the check that the tests fail without it).
 */
import { createInterface } from 'node:readline';
import { type TokenStore, UsersClient } from '../../src/index.ts';
import { redisTokenStore } from '../../src/redis/index.ts';
import { type ClientKind, openClient } from './redis-clients.ts';

interface WorkerConfig {
  baseUrl: string;
  redisUrl: string;
  key: string;
  client: ClientKind;
  calls?: number;
  retry?: boolean;
  lockTtlMs?: number;
  lock?: boolean;
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : 'unknown');

const redis = await openClient(config.client, config.redisUrl);
const shared = redisTokenStore({
  client: redis.client,
  key: config.key,
  lockTtlMs: config.lockTtlMs ?? 10_000,
});
const { lock: _lock, ...unlocked } = shared;
const tokenStore: TokenStore = config.lock === false ? unlocked : shared;
const users = new UsersClient({
  baseUrl: config.baseUrl,
  tokenStore,
  retry: 0,
  onSessionChange: (event) => print({ event: event.type }),
});

async function round(): Promise<{ ok: boolean; error?: string }> {
  const results = await Promise.allSettled(Array.from({ length: config.calls ?? 1 }, () => users.profile()));
  const failed = results.find((result) => result.status === 'rejected');
  return failed ? { ok: false, error: describe(failed.reason) } : { ok: true };
}

await users.sessionDeadline(); // loads the session and starts listening
print({ ready: true });
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'quit') break;
  if (line !== 'calls') continue;
  const started = performance.now();
  const first = await round();
  const ms = Math.round(performance.now() - started);
  print(first.ok || !config.retry ? { ...first, ms } : { ...first, ms, retried: await round() });
}
users.dispose();
await redis.close();
