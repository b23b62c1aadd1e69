/**
 * Benchmark 4: walking 10,000 users with `listAll`, page by page.
 *
 * @module
 */
import type { FakeUsersService } from '../src/testing/index.ts';
import { signInAsAdmin } from './admin-session.ts';
import { elapsed, median } from './measure.ts';
import { atLeast, type BenchmarkResult } from './result.ts';
import { seedUsers } from './sample-users.ts';

const seeded = 10_000;
// The seeded admin is enabled too, and the default listing shows enabled users.
const expected = seeded + 1;
const pageSize = 100;
const warmupRounds = 1;
const measuredRounds = 5;

// Each 100-user page costs the fake a filter and sort of all 10,000 users (about 7 ms), so the service sets the pace
// and the SDK's share (a request and a schema check per page) is the smaller part. listAll runs at 8,700–13,400
// users/s on this machine, following how busy it is; 6,000 users/s (10,000 users in 1.7 s) keeps clear of that
// spread and still fails on a walk that fetches pages twice, goes quadratic, or validates each page more than once.
const minimumUsersPerSecond = 6_000;

/**
 * Seeds 10,000 realistic users into a fake service, then times `for await (const user of users.listAll())` over all
 * of them and reports users per second, next to the same walk done with raw `fetch` + `JSON.parse`.
 *
 * @remarks
 * Seeding goes straight through the fake's `POST /users` and is not timed. Rounds alternate a raw walk and an SDK
 * walk so that both meet the same conditions; each value is the median of its rounds. Every walk must yield every
 * user exactly once, or the result fails.
 *
 * @example
 * ```ts
 * const [raw, sdk, extraPerPage] = await listAllBenchmarks();
 * ```
 */
export async function listAllBenchmarks(): Promise<BenchmarkResult[]> {
  const { service, users, accessToken } = await signInAsAdmin();
  await seedUsers(service, seeded);
  const problems = new Set<string>();
  const timeWalk = async (walk: AsyncIterable<{ readonly id: string }>) => {
    const ids = new Set<string>();
    let yielded = 0;
    const ms = await elapsed(async () => {
      for await (const user of walk) {
        ids.add(user.id);
        yielded++;
      }
    });
    if (yielded !== expected || ids.size !== expected) {
      problems.add(`expected ${expected} distinct users, got ${yielded} (${ids.size} distinct)`);
    }
    return ms;
  };

  const rounds = { raw: [] as number[], sdk: [] as number[] };
  for (let round = 0; round < warmupRounds + measuredRounds; round++) {
    const rawMs = await timeWalk(rawPages(service, accessToken));
    const sdkMs = await timeWalk(users.listAll());
    if (round < warmupRounds) continue;
    rounds.raw.push(rawMs);
    rounds.sdk.push(sdkMs);
  }
  const pages = Math.ceil(expected / pageSize);
  const extraPerPage = rounds.sdk.map(
    (sdkMs, round) => ((sdkMs - (rounds.raw[round] ?? sdkMs)) * 1000) / pages,
  );
  return [
    { name: 'all pages: raw fetch + JSON.parse', value: perSecond(median(rounds.raw)), unit: 'users/s' },
    {
      name: `listAll over ${expected.toLocaleString('en-US')} users`,
      value: perSecond(median(rounds.sdk)),
      unit: 'users/s',
      target: atLeast(minimumUsersPerSecond),
      ...(problems.size > 0 && { failure: [...problems].join('; ') }),
    },
    { name: 'listAll: SDK extra per 100-user page', value: median(extraPerPage), unit: 'µs/page' },
  ];
}

function perSecond(milliseconds: number): number {
  return Math.round((expected * 1000) / milliseconds);
}

// The same walk without the SDK (100 a page, offset by offset), to show how much of the time is the service's.
async function* rawPages(
  service: FakeUsersService,
  accessToken: string,
): AsyncGenerator<{ readonly id: string }> {
  const headers = { accept: 'application/json', authorization: `Bearer ${accessToken}` };
  for (let offset = 0; ; offset += pageSize) {
    const response = await service.fetch(`/users?limit=${pageSize}&offset=${offset}`, { headers });
    if (!response.ok) throw new Error(`raw GET /users answered ${response.status}`);
    const page = JSON.parse(await response.text()) as { readonly users?: readonly { readonly id: string }[] };
    const batch = page.users ?? [];
    yield* batch;
    if (batch.length < pageSize) return;
  }
}
