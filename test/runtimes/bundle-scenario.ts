/**
 * Bundles the smoke scenario into one self-contained ES module that any runtime can load.
 *
 * @module
 */
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The SDK's entry points, by the names the scenario imports them with. */
const entries: Readonly<Record<string, string>> = {
  'magistrala-users': join(projectRoot, 'src/index.ts'),
  'magistrala-users/testing': join(projectRoot, 'src/testing/index.ts'),
};

/**
 * Points the package's own names at its sources, so the smoke test runs what is in `src/`, not a stale `dist/`.
 */
const sourceEntries: Plugin = {
  name: 'magistrala-users-sources',
  setup(build) {
    build.onResolve({ filter: /^magistrala-users(\/testing)?$/ }, ({ path }) => {
      const file = entries[path];
      return file === undefined ? undefined : { path: file };
    });
  },
};

/**
 * Bundles `test/runtimes/main.ts` (the scenario and everything it imports: the SDK, ky, zod, jose) into
 * `outDir/main.js`, or another entry of `test/runtimes/` into `outDir/<its name>.js`.
 *
 * @remarks
 * `platform: 'neutral'` adds no Node or browser shims and picks packages' plain `import`/`default` exports, which is
 * what Deno, Bun and browsers all load; the output is ESM with top-level await.
 *
 * @param outDir - An existing directory to write into.
 * @param entry - The file name of the entry in `test/runtimes/`. Default `main.ts`.
 * @returns The bundle's absolute path.
 *
 * @example
 * ```ts
 * const bundle = await bundleScenario(await mkdtemp(join(tmpdir(), 'smoke-')));
 * const exitCheck = await bundleScenario(outDir, 'exit-check.ts'); // outDir/exit-check.js
 * ```
 */
export async function bundleScenario(outDir: string, entry = 'main.ts'): Promise<string> {
  const outfile = join(outDir, `${basename(entry, '.ts')}.js`);
  await build({
    absWorkingDir: projectRoot,
    entryPoints: [join(projectRoot, 'test/runtimes', entry)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    plugins: [sourceEntries],
    logLevel: 'silent',
  });
  return outfile;
}
