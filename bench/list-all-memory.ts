/**
 * Benchmark: the heap that `listAll` keeps while it walks 100,000 users, and how fast it walks them.
 *
 * @module
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { UsersClient } from '../src/index.ts';
import { atLeast, atMost, type BenchmarkResult } from './result.ts';

const total = 100_000;
const pageSize = 100;
const sampleEvery = 5_000;
// What "about two pages" allows beyond V8's own drift: the page being yielded and the previous one's ids.
const pageBudget = 3;
// Before the walk stopped remembering every id, listAll walked this generated listing at about 70,000 users/s on
// this 2-core machine while it was busy (Node 24); the floor leaves room for that noise and still fails a walk
// that goes quadratic or parses a page twice.
const minimumUsersPerSecond = 60_000;

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** The live heap: after full collections, with pauses that let finalizers run (undici frees a Request's signal so). */
async function heapAfterCollection(): Promise<number> {
  for (let round = 0; round < 4; round++) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().heapUsed;
}

/** The JSON of the page at `offset`: users with distinct ids and realistic fields, made on demand. */
function pageAt(offset: number): string {
  const users = Array.from({ length: Math.max(0, Math.min(pageSize, total - offset)) }, (_, i) => {
    const n = offset + i;
    const hex = n.toString(16).padStart(12, '0');
    return {
      id: `00000000-0000-4000-8000-${hex}`,
      first_name: `First${n}`,
      last_name: `Last${n}`,
      email: `user${n}@example.com`,
      credentials: { username: `user${n}` },
      tags: ['fleet'],
      metadata: { n },
      role: 'user',
      status: 'enabled',
      created_at: '2026-03-01T12:00:00Z',
      updated_at: '2026-03-01T12:00:00Z',
    };
  });
  return JSON.stringify({ total, offset, limit: pageSize, users });
}

const generatedFetch = async (input: RequestInfo | URL): Promise<Response> => {
  const url = new URL(input instanceof Request ? input.url : input);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  return new Response(pageAt(offset), { headers: { 'content-type': 'application/json' } });
};

/**
 * The most the live heap grew while `walk` ran, sampled every 5,000 users from the first sample on (so that what a
 * first call pays once, compiled schemas and ky's caches, is not taken for what the walk keeps).
 */
async function peakGrowth(
  walk: AsyncIterable<{ readonly id: string }>,
): Promise<{ peak: number; walked: number }> {
  let baseline: number | undefined;
  let peak = 0;
  let walked = 0;
  for await (const user of walk) {
    if (user.id === '') throw new Error('a user without an id');
    if (++walked % sampleEvery !== 0) continue;
    const heap = await heapAfterCollection();
    baseline ??= heap;
    peak = Math.max(peak, heap - baseline);
  }
  return { peak, walked };
}

/** The same pages walked with nothing kept but the page in hand: the floor of what V8 itself accrues. */
async function* rawWalk(): AsyncGenerator<{ readonly id: string }> {
  for (let offset = 0; offset < total; offset += pageSize) {
    const response = await generatedFetch(`http://users.invalid/users?offset=${offset}`);
    yield* (JSON.parse(await response.text()) as { users: Array<{ readonly id: string }> }).users;
  }
}

/**
 * Walks 100,000 generated users with `listAll` over an in-process `fetch`, measuring the live heap (after full
 * collections) every 5,000 users against the same walk done holding nothing, and the walk's speed.
 *
 * @example
 * ```ts
 * const [growth, pages, speed] = await listAllMemoryBenchmarks();
 * ```
 */
export async function listAllMemoryBenchmarks(): Promise<BenchmarkResult[]> {
  const users = new UsersClient({
    baseUrl: 'http://users.invalid',
    fetch: generatedFetch,
    accessToken: 'static',
  });
  const onePage = JSON.parse(pageAt(0)) as unknown;
  const beforePage = await heapAfterCollection();
  const held = [onePage, JSON.parse(pageAt(pageSize)) as unknown];
  const pageBytes = ((await heapAfterCollection()) - beforePage) / held.length;
  held.length = 0;

  const sdkGrowth = await peakGrowth(users.listAll({ limit: pageSize }));
  const rawGrowth = await peakGrowth(rawWalk());
  const started = performance.now();
  let timed = 0;
  for await (const _ of users.listAll({ limit: pageSize })) timed++;
  const usersPerSecond = (timed * 1000) / (performance.now() - started);
  const failure =
    sdkGrowth.walked === total && timed === total
      ? undefined
      : `walked ${sdkGrowth.walked} and ${timed} of ${total}`;
  return [
    {
      name: 'a walk holding nothing (fetch + JSON.parse): live heap growth',
      value: rawGrowth.peak / 1024,
      unit: 'KiB',
    },
    {
      name: `listAll over ${total.toLocaleString('en-US')} users: live heap growth`,
      value: sdkGrowth.peak / 1024,
      unit: 'KiB',
    },
    {
      name: 'listAll: heap growth beyond that walk, in parsed 100-user pages',
      value: (sdkGrowth.peak - rawGrowth.peak) / pageBytes,
      unit: 'pages',
      target: atMost(pageBudget),
      ...(failure && { failure }),
    },
    {
      name: `listAll over ${total.toLocaleString('en-US')} generated users`,
      value: Math.round(usersPerSecond),
      unit: 'users/s',
      target: atLeast(minimumUsersPerSecond),
    },
  ];
}
