/**
 * The version `magistrala-users --version` prints.
 *
 * @module
 */

/**
 * Reads the package's version from its `package.json`.
 *
 * @remarks
 * The file is imported as a JSON module, so no file-system module is loaded for it. It sits two levels above this
 * module both in `src/cli/` and in the built `dist/cli/index.js`, which is where this module's code ends up.
 *
 * @example
 * ```ts
 * process.stdout.write(`${await packageVersion()}\n`); // '0.1.0'
 * ```
 */
export async function packageVersion(): Promise<string> {
  const url = new URL('../../package.json', import.meta.url).href;
  const loaded: { default?: { version?: unknown } } = await import(url, { with: { type: 'json' } });
  const version = loaded.default?.version;
  return typeof version === 'string' ? version : 'unknown';
}
