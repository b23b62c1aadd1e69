/**
 * Benchmark 5: what `UsersClient` costs a browser bundle, next to the bare ky + zod/mini + jose stack it is built on,
 * and whether the main entry stays free of Node-only and testing code.
 *
 * @module
 */
import { bundleSnippet } from './bundle.ts';
import { purityViolations } from './entry-purity.ts';
import { atMost, type BenchmarkResult } from './result.ts';

// The budget of an app that imports only UsersClient: 27,800 B gzipped, ky, zod/mini and jose's decodeJwt included.
// It was 25 KiB until issue 7 (every call ends): validating every option, reading bodies under a byte cap, refusing
// redirects and sanitising server messages took UsersClient from 24,185 B to 26,079 B (budget 27 KiB). Issue 9's
// ATOM backend added 3,061 B (27,284 B without it, 30,345 B with it; budget 30 KiB). Issue 13 took it to 27,688 B:
// the schemas spell z.record, z.enum, z.int, z.iso.datetime, z.union, the length checks, z._default, z.pipe,
// z.number and z.boolean with z.custom/z.refine/z.check (-3,195 B before the ATOM backend), and decoding each token
// once costs 65 B. The target is 20,000 B with both backends. A new dependency, or a schema library pulled
// in whole, would still cross it. Issue 11 (a client you can observe) added the logger with its level filter and
// redaction, request ids and redacted copies for the user's ky hooks: 1,130 B measured before this merge (27,284 B to
// 28,414 B).
const clientBudgetGzipped = 29_000;

const clientOnly = "export { UsersClient } from './src/index.ts';";
const wholeEntry = "export * from './src/index.ts';";

// What a hand-rolled client starts from: ky, one small zod/mini object schema and jose's decodeJwt, all used.
const bareStack = `
import ky from 'ky';
import { decodeJwt } from 'jose';
import * as z from 'zod/mini';

const user = z.looseObject({ id: z.string(), email: z.optional(z.string()), tags: z.optional(z.array(z.string())) });

export async function getUser(baseUrl: string, token: string, id: string) {
  const { exp } = decodeJwt(token);
  if (exp !== undefined && exp * 1000 < Date.now()) throw new Error('expired');
  const body = await ky.get(baseUrl + '/users/' + encodeURIComponent(id), { headers: { authorization: 'Bearer ' + token } }).json();
  return z.parse(user, body);
}
`;

/**
 * Bundles `UsersClient` alone, the bare stack and the whole main entry (esbuild, minified ESM for browsers), and
 * reports their minified and gzipped sizes, the client's budget, and the main entry's purity.
 *
 * @remarks
 * Deterministic: the same sources and dependencies always give the same bytes, so CI can run it.
 * `magistrala-users/testing` and `magistrala-users/node` are separate entries and count in none of these.
 *
 * @example
 * ```ts
 * const results = await sizeBenchmarks();
 * ```
 */
export async function sizeBenchmarks(): Promise<BenchmarkResult[]> {
  const [client, bare, entry] = await Promise.all([
    bundleSnippet(clientOnly),
    bundleSnippet(bareStack),
    bundleSnippet(wholeEntry),
  ]);
  const clientProblems = purityViolations(client);
  const entryProblems = purityViolations(entry);
  return [
    { name: 'UsersClient, min', value: client.minified, unit: 'B' },
    {
      name: 'UsersClient, min+gz',
      value: client.gzipped,
      unit: 'B',
      target: atMost(clientBudgetGzipped),
      ...(clientProblems.length > 0 && { failure: clientProblems.join('; ') }),
    },
    { name: 'bare stack (ky + zod/mini object + decodeJwt), min', value: bare.minified, unit: 'B' },
    { name: 'bare stack (ky + zod/mini object + decodeJwt), min+gz', value: bare.gzipped, unit: 'B' },
    { name: 'UsersClient over the bare stack, min+gz', value: client.gzipped - bare.gzipped, unit: 'B' },
    { name: 'main entry (every export), min+gz', value: entry.gzipped, unit: 'B' },
    {
      name: 'main entry: node:, msw or testing code found',
      value: entryProblems.length,
      unit: 'findings',
      target: atMost(0),
      ...(entryProblems.length > 0 && { failure: entryProblems.join('; ') }),
    },
  ];
}
