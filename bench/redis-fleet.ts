/**
 * `npm run bench:fleet`: N processes × M concurrent calls on one expired session shared through Redis: how many
 * refreshes the fleet sends and how long it takes to settle. Starts its own `redis-server` (loopback, free port,
 * nothing persisted) and fake users service, and stops both.
 *
 * @remarks
 * Each process is a real `node` running `test/support/redis-session-worker.ts` with its own Redis client. All are
 * started and have loaded the session before the clock starts; then each gets "go" and fires its M calls at once.
 * "Settle" is the slowest process's time from its "go" to its last answer. Timings depend on the machine (two
 * shared cores here), so only the refresh count has a target.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { UsersClient } from '../src/index.ts';
import { redisTokenStore } from '../src/redis/index.ts';
import { createFakeUsersService } from '../src/testing/index.ts';
import { type ClientKind, openClient } from '../test/support/redis-clients.ts';
import { startRedisServer } from '../test/support/redis-server.ts';
import { median } from './measure.ts';
import { reportAndSetExitCode } from './report.ts';
import { atMost, type BenchmarkResult } from './result.ts';

const processes = Number(process.env.FLEET_PROCESSES ?? 8);
const calls = Number(process.env.FLEET_CALLS ?? 25);
const runs = Number(process.env.FLEET_RUNS ?? 3);
const worker = join(import.meta.dirname, '..', 'test', 'support', 'redis-session-worker.ts');

interface Line {
  ready?: boolean;
  ok?: boolean;
  ms?: number;
  error?: string;
}

const redisServer = await startRedisServer();
const settle: number[] = [];
const refreshes: number[] = [];
let failures = 0;
try {
  for (let run = 0; run < runs; run++) {
    let offset = -2 * 60 * 60_000;
    const fake = createFakeUsersService({ now: () => Date.now() + offset });
    const server = await fake.listen();
    const key = `bench:${run}:session`;
    const admin = await openClient('redis', redisServer.url);
    const users = new UsersClient({
      baseUrl: server.url,
      tokenStore: redisTokenStore({ client: admin.client, key }),
      now: () => Date.now() + offset, // the stored session says it was received two hours ago
    });
    await users.login({ username: 'admin', password: '12345678' });
    users.dispose();
    offset = 0;
    const fleet = Array.from({ length: processes }, (_, i) => {
      const client: ClientKind = i % 2 === 0 ? 'redis' : 'ioredis';
      const config = { baseUrl: server.url, redisUrl: redisServer.url, key, client, calls };
      const child = spawn(process.execPath, ['--import', 'tsx', worker, JSON.stringify(config)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      // Skips the session events the worker also prints.
      const next = async (): Promise<Line> => {
        for (;;) {
          const line: Line & { event?: string } = JSON.parse(String((await lines.next()).value));
          if (line.event === undefined) return line;
        }
      };
      return { child, next };
    });
    await Promise.all(fleet.map(async (member) => (await member.next()).ready));
    for (const member of fleet) member.child.stdin.write('calls\n');
    const results = await Promise.all(fleet.map((member) => member.next()));
    for (const member of fleet) member.child.stdin.end('quit\n');
    failures += results.filter((result) => !result.ok).length;
    settle.push(Math.max(...results.map((result) => result.ms ?? Number.POSITIVE_INFINITY)));
    refreshes.push(fake.count('POST', '/users/tokens/refresh'));
    await Promise.all(fleet.map((member) => new Promise((resolve) => member.child.once('exit', resolve))));
    await admin.close();
    await server.close();
  }
} finally {
  await redisServer.stop();
}

const label = `${processes} processes × ${calls} calls, expired session`;
const results: BenchmarkResult[] = [
  {
    name: `${label}: refreshes sent (most of ${runs} runs)`,
    value: Math.max(...refreshes),
    unit: 'requests',
    target: atMost(1),
    ...(failures > 0 && { failure: `${failures} processes had a failed call` }),
  },
  { name: `${label}: time to settle (median of ${runs})`, value: median(settle), unit: 'ms' },
  { name: `${label}: time to settle (slowest run)`, value: Math.max(...settle), unit: 'ms' },
];
reportAndSetExitCode(results);
