/**
 * Benchmark 1: what the SDK adds to one call, compared with raw `fetch` + `JSON.parse` on the same in-process
 * service.
 *
 * @module
 */
import { signInAsAdmin } from './admin-session.ts';
import { elapsed, mean, median } from './measure.ts';
import { atMost, type BenchmarkResult } from './result.ts';

const warmupPairs = 600;
const measuredPairs = 3_000;

// What the SDK adds to a call: validating the id, the session's expiry check (decodeJwt), ky's request pipeline
// (option merging, Request construction, a timeout timer, retry bookkeeping) and the zod check of the reply. On this
// 2-core machine the median pair differs by 40–70 µs from run to run (the mean, garbage collection included, by
// 55–95 µs). 100 µs on the median is about twice today's cost: it still passes on a busy machine, and fails on a
// real regression (a second parse, a cloned body, a refresh check that reaches storage on every call). Either way
// it is small next to a real network round trip.
const extraBudgetMicroseconds = 100;

/**
 * Times `users.get(id)` against the same request made with raw `fetch` + `JSON.parse`, both on `service.fetch`.
 *
 * @remarks
 * Calls run one at a time, in pairs: a raw call, then an SDK call, each timed alone. Pairing puts both sides under
 * the same conditions (heap, thread-pool load from the fake's signature checks), which vary a lot on 2 cores. Each
 * side's value is its median call; the SDK's extra is the median of the per-pair differences (its target), and
 * their mean, which also charges the SDK for the garbage collections its allocations cause, is shown beside it.
 *
 * @example
 * ```ts
 * const [raw, sdk, extra, extraMean] = await overheadBenchmarks();
 * ```
 */
export async function overheadBenchmarks(): Promise<BenchmarkResult[]> {
  const { service, users, adminId, accessToken } = await signInAsAdmin();
  const url = `${service.baseUrl}/users/${adminId}`;
  const headers = { accept: 'application/json', authorization: `Bearer ${accessToken}` };
  const raw = async () => {
    const response = await service.fetch(url, { headers });
    if (!response.ok) throw new Error(`raw GET /users/{id} answered ${response.status}`);
    return JSON.parse(await response.text()) as unknown;
  };
  const sdk = () => users.get(adminId);

  const samples = { raw: [] as number[], sdk: [] as number[], extra: [] as number[] };
  for (let pair = 0; pair < warmupPairs + measuredPairs; pair++) {
    const rawUs = (await elapsed(raw)) * 1000;
    const sdkUs = (await elapsed(sdk)) * 1000;
    if (pair < warmupPairs) continue;
    samples.raw.push(rawUs);
    samples.sdk.push(sdkUs);
    samples.extra.push(sdkUs - rawUs);
  }
  return [
    { name: 'get(id): raw fetch + JSON.parse', value: median(samples.raw), unit: 'µs/call' },
    { name: 'get(id): UsersClient', value: median(samples.sdk), unit: 'µs/call' },
    {
      name: 'get(id): SDK extra per call',
      value: median(samples.extra),
      unit: 'µs/call',
      target: atMost(extraBudgetMicroseconds),
    },
    { name: 'get(id): SDK extra per call, mean (GC included)', value: mean(samples.extra), unit: 'µs/call' },
  ];
}
