/**
 * Benchmark: `users.get(id)` against the same request through bare ky and through raw `fetch`, on a real loopback
 * `node:http` server, one call at a time and 50 at once.
 *
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ky from 'ky';
import { defaultRetry } from '../src/http.ts';
import { UsersClient } from '../src/index.ts';
import { median } from './measure.ts';
import { atMost, type BenchmarkResult } from './result.ts';

const utf8 = new TextDecoder();
const id = '5a6b2f0e-3a1d-4c9e-8f7b-2d1c0b9a8e7f';
const user = JSON.stringify({
  id,
  first_name: 'Jane',
  last_name: 'Doe',
  email: 'jane@example.com',
  credentials: { username: 'janedoe' },
  tags: ['ops'],
  metadata: { team: 'ops' },
  role: 'user',
  status: 'enabled',
  created_at: '2026-03-01T12:00:00Z',
  updated_at: '2026-03-01T12:00:00Z',
});

// Rounds alternate the ways of calling, so each way sees the same heap, JIT and scheduler conditions, and each round
// starts with the next way: on this VM a way measured right after another ran 1-2% faster than in first place, which
// a fixed order would have credited to whichever came later. The ratios are medians of each round's own ratio, so
// that a slower stretch of the machine, which slows every way of one round alike, cancels out instead of landing on
// one side.
const rounds = 60;
const sequentialCalls = 100;
const concurrentBatches = 10;
const concurrency = 50;

/** An unsigned JWT whose `exp` lies a day ahead: the SDK only decodes it, and the server never checks it. */
function liveAccessToken(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: id, iat: now, exp: now + 86_400 })}.`;
}

async function serve(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (!request.headers.authorization?.startsWith('Bearer ')) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"missing token"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(user);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Milliseconds per call of `call`, run `batches` times `width` at once. */
async function perCall(call: () => Promise<unknown>, batches: number, width: number): Promise<number> {
  const started = performance.now();
  for (let batch = 0; batch < batches; batch++) await Promise.all(Array.from({ length: width }, call));
  return (performance.now() - started) / (batches * width);
}

/**
 * Times the ways of calling `GET /users/{id}` on loopback (raw fetch, bare ky without and with a timeout, bare ky
 * doing what the SDK must, the SDK) and reports the SDK's cost as ratios to bare ky.
 *
 * @example
 * ```ts
 * const [sequential, concurrent] = await versusKyBenchmarks();
 * ```
 */
export async function versusKyBenchmarks(): Promise<BenchmarkResult[]> {
  const { server, url } = await serve();
  const token = liveAccessToken();
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const target = `${url}/users/${id}`;
  const ways = {
    fetch: async () => JSON.parse(await (await fetch(target, { headers })).text()) as unknown,
    ky: () => ky(target, { headers, timeout: false }).json(),
    // What a per-attempt timeout costs ky itself (the SDK always has one, 10 s by default): part of the floor.
    kyTimed: () => ky(target, { headers }).json(),
    // Bare ky doing what every SDK call must: a per-attempt timeout, a fresh X-Request-ID, redirects refused, the
    // SDK's retry policy and the body read inside the attempt (so that the timeout covers it). The SDK cannot go
    // below this on top of ky: the rest of its ratio is its own code (bearer, checks, errors, logging hooks).
    kyFloor: async () => {
      let body: Uint8Array | undefined;
      await ky(target, {
        headers: { ...headers, 'x-request-id': crypto.randomUUID() },
        retry: defaultRetry,
        redirect: 'manual',
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          body = new Uint8Array(await response.arrayBuffer());
          return response;
        },
      });
      return JSON.parse(utf8.decode(body)) as unknown;
    },
    sdk: (() => {
      const users = new UsersClient({ baseUrl: url, tokens: { access_token: token } });
      return () => users.get(id);
    })(),
  };
  type Way = keyof typeof ways;
  const order = Object.keys(ways) as Way[];
  const results: BenchmarkResult[] = [];
  try {
    for (const [label, batches, width, budget] of [
      ['sequential', sequentialCalls, 1, 1.08],
      [`${concurrency} concurrent`, concurrentBatches, concurrency, 1.05],
    ] as const) {
      const samples = Object.fromEntries(order.map((way) => [way, [] as number[]])) as Record<Way, number[]>;
      // One unmeasured round warms every path.
      for (let round = 0; round <= rounds; round++) {
        for (let turn = 0; turn < order.length; turn++) {
          const way = order[(round + turn) % order.length] as Way;
          const ms = await perCall(ways[way], batches, width);
          if (round > 0) samples[way].push(ms);
        }
      }
      const [fetchMs, kyMs, sdkMs] = [median(samples.fetch), median(samples.ky), median(samples.sdk)];
      const [kyTimedMs, kyFloorMs] = [median(samples.kyTimed), median(samples.kyFloor)];
      const ratio = (top: number[], bottom: number[]) =>
        median(top.map((value, round) => value / (bottom[round] ?? 1)));
      results.push(
        { name: `get(id) ${label}: raw fetch + JSON.parse`, value: fetchMs * 1000, unit: 'µs/call' },
        { name: `get(id) ${label}: bare ky`, value: kyMs * 1000, unit: 'µs/call' },
        { name: `get(id) ${label}: bare ky with its 10 s timeout`, value: kyTimedMs * 1000, unit: 'µs/call' },
        {
          name: `get(id) ${label}: bare ky doing what the SDK must`,
          value: kyFloorMs * 1000,
          unit: 'µs/call',
        },
        { name: `get(id) ${label}: UsersClient`, value: sdkMs * 1000, unit: 'µs/call' },
        {
          name: `get(id) ${label}: UsersClient / bare ky`,
          value: ratio(samples.sdk, samples.ky),
          unit: '×',
          target: atMost(budget),
        },
        {
          name: `get(id) ${label}: UsersClient / raw fetch`,
          value: ratio(samples.sdk, samples.fetch),
          unit: '×',
        },
        {
          name: `get(id) ${label}: bare ky with its 10 s timeout / bare ky`,
          value: ratio(samples.kyTimed, samples.ky),
          unit: '×',
        },
        {
          name: `get(id) ${label}: bare ky doing what the SDK must / bare ky (the floor)`,
          value: ratio(samples.kyFloor, samples.ky),
          unit: '×',
        },
      );
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return results;
}
