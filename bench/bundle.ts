/**
 * Bundling a snippet the way a browser app would ship it, and weighing the result.
 *
 * @module
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The package root: snippets resolve `./src/…` and bare package names from here. */
export const projectRoot = fileURLToPath(new URL('../', import.meta.url));

/**
 * A minified bundle, its weights and what went into it.
 *
 * @example
 * ```ts
 * const { minified, gzipped } = await bundleSnippet("export { UsersClient } from './src/index.ts';");
 * ```
 */
export interface Bundle {
  /** The minified code. */
  readonly code: string;
  /** Bytes of the minified code. */
  readonly minified: number;
  /** Bytes of the minified code gzipped at level 9. */
  readonly gzipped: number;
  /** Every source file bundled, relative to the project root (`src/client.ts`, `node_modules/ky/…`). */
  readonly inputs: readonly string[];
  /** Every import left in the output (externals such as `node:fs`). */
  readonly imports: readonly string[];
}

/**
 * Bundles `source` (TypeScript, resolved from the project root) with esbuild as a browser ES module, minified, and
 * weighs it raw and gzipped.
 *
 * @remarks
 * Node built-ins (with or without `node:`) and msw are left external rather than failing the build, so a purity
 * check can name them: a correct main entry imports neither, and leaves no import at all. Legal comments are kept (esbuild's default), as
 * an app's bundler would keep them.
 *
 * @example
 * ```ts
 * const bundle = await bundleSnippet("export * from './src/index.ts';");
 * console.log(bundle.gzipped);
 * ```
 */
export async function bundleSnippet(source: string): Promise<Bundle> {
  const result = await build({
    stdin: { contents: source, resolveDir: projectRoot, sourcefile: 'snippet.ts', loader: 'ts' },
    absWorkingDir: projectRoot,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: ['node:*', ...builtinModules, 'msw', 'msw/*'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild wrote no output');
  const outputs = Object.values(result.metafile.outputs);
  return {
    code: output.text,
    minified: output.contents.byteLength,
    gzipped: gzipSync(output.contents, { level: 9 }).byteLength,
    inputs: Object.keys(result.metafile.inputs),
    imports: [...new Set(outputs.flatMap((meta) => meta.imports.map((entry) => entry.path)))],
  };
}
