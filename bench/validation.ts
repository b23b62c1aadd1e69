/**
 * Benchmark 2: the cost of checking a full page of users against the SDK's response schema.
 *
 * @module
 */
import * as z from 'zod/mini';
import { usersPageSchema } from '../src/schemas.ts';
import { signInAsAdmin } from './admin-session.ts';
import { medianOf } from './measure.ts';
import { atMost, type BenchmarkResult } from './result.ts';
import { seedUsers } from './sample-users.ts';

const pageSize = 100;
const parsesPerRun = 500;

// 1 ms per 100-user page keeps validation a small share of a list call (the page is ~54 KB of JSON). zod/mini does
// it in about 150 µs on this machine, so the budget only trips on a real regression: a schema that stops being
// compiled once, a deep copy per field, a refinement that rescans the page.
const budgetMicroseconds = 1_000;

/**
 * Times `usersPageSchema` parsing a 100-user page as the fake service renders it (tags, nested metadata,
 * timestamps), already decoded from JSON.
 *
 * @remarks
 * The page comes from the fake's own `GET /users`, so its shape is the server's, not a hand-made guess. Each run
 * parses the same decoded value many times; zod builds a new output object every time, so nothing is cached.
 *
 * @example
 * ```ts
 * const [perPage] = await validationBenchmarks();
 * ```
 */
export async function validationBenchmarks(): Promise<BenchmarkResult[]> {
  const page = await fetchSamplePage();
  const bytes = new TextEncoder().encode(JSON.stringify(page)).byteLength;
  const microseconds = await medianOf({ warmups: 2, runs: 9 }, async () => {
    const start = performance.now();
    for (let i = 0; i < parsesPerRun; i++) z.parse(usersPageSchema, page);
    return ((performance.now() - start) * 1000) / parsesPerRun;
  });
  return [
    {
      name: `parse a ${pageSize}-user page (${Math.round(bytes / 1024)} KB JSON)`,
      value: microseconds,
      unit: 'µs/page',
      target: atMost(budgetMicroseconds),
    },
  ];
}

async function fetchSamplePage(): Promise<unknown> {
  const { service, accessToken } = await signInAsAdmin();
  await seedUsers(service, pageSize);
  const response = await service.fetch(`/users?limit=${pageSize}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const page: unknown = await response.json();
  const parsed = z.safeParse(usersPageSchema, page);
  if (!parsed.success || parsed.data.users.length !== pageSize) {
    throw new Error(`the sample page should hold ${pageSize} valid users`);
  }
  return page;
}
