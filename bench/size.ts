/**
 * `tsx bench/size.ts`: the bundle-size check alone, for CI. Prints the size table and exits 1 when `UsersClient`
 * is over its gzipped budget or the main entry pulls in Node-only, msw or testing code.
 *
 * @module
 */
import { reportAndSetExitCode } from './report.ts';
import { sizeBenchmarks } from './size-benchmarks.ts';

reportAndSetExitCode(await sizeBenchmarks());
