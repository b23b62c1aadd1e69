/**
 * What must never reach a browser bundle of the main entry: Node built-ins, msw, the Redis clients, and the
 * Node-only, Redis, testing or CLI parts of the package.
 *
 * @module
 */
import type { Bundle } from './bundle.ts';

// Folders the main entry must never reach (design.md: "the main entry never reaches node/, testing/ or cli/", and
// neither Redis client is a dependency of any entry but ./redis).
const forbiddenInputs = [
  /^src\/testing\//,
  /^src\/node\//,
  /^src\/cli\//,
  /^src\/redis\//,
  /(^|\/)node_modules\/msw\//,
  /(^|\/)node_modules\/@mswjs\//,
  /(^|\/)node_modules\/(redis|ioredis|@redis)\//,
];
// A `node:` specifier anywhere in the code (a static, dynamic or `require` import the metafile might not list).
const nodeSpecifier = /["'`]node:[\w/]+["'`]/g;
// Strings only the fake service holds: a sign that testing code was inlined under another path.
const testingMarkers = ['FakeUsersService', 'the fake users service'];

/**
 * Lists why `bundle` is not a clean main-entry bundle; empty when it is.
 *
 * @remarks
 * Three independent checks: no import left in the output (esbuild leaves only `node:*` and msw external, so any
 * import is one of them), no source file from a forbidden folder, and no `node:` specifier or fake-service string in
 * the minified code.
 *
 * @example
 * ```ts
 * const problems = purityViolations(await bundleSnippet("export * from './src/index.ts';"));
 * if (problems.length > 0) console.error(problems.join('\n'));
 * ```
 */
export function purityViolations(bundle: Bundle): string[] {
  const imports = bundle.imports.map((path) => `imports ${path}`);
  const inputs = bundle.inputs
    .filter((input) => forbiddenInputs.some((pattern) => pattern.test(input)))
    .map((input) => `bundles ${input}`);
  const specifiers = [...new Set(bundle.code.match(nodeSpecifier) ?? [])].map((found) => `mentions ${found}`);
  const markers = testingMarkers
    .filter((marker) => bundle.code.includes(marker))
    .map((marker) => `contains testing code ("${marker}")`);
  return [...imports, ...inputs, ...specifiers, ...markers];
}
