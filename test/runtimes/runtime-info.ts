/**
 * Which JavaScript runtime is running, told by web standards alone.
 *
 * @module
 */

/**
 * A runtime's name and version.
 *
 * @example
 * ```ts
 * const info: RuntimeInfo = { name: 'deno', version: '2.9.6' };
 * ```
 */
export interface RuntimeInfo {
  /** `browser` for any page; `unknown` for a runtime this module does not recognise. */
  readonly name: 'deno' | 'bun' | 'node' | 'browser' | 'unknown';
  /** The runtime's version, or a browser's whole user agent. */
  readonly version: string;
}

const servers: ReadonlyArray<readonly [RuntimeInfo['name'], string]> = [
  ['deno', 'Deno/'],
  ['bun', 'Bun/'],
  ['node', 'Node.js/'],
];

/**
 * Tells the runtime from `navigator.userAgent`.
 *
 * @remarks
 * Deno, Bun and Node (21+) all set `navigator.userAgent` to `Name/version`, so no runtime-specific global (`Deno`,
 * `Bun`, `process`) is needed. Anything else with a `document` is a browser.
 *
 * @returns The runtime's name and version.
 *
 * @example
 * ```ts
 * detectRuntime(); // { name: 'bun', version: '1.4.5' } under Bun
 * ```
 */
export function detectRuntime(): RuntimeInfo {
  const agent = typeof navigator === 'undefined' ? '' : navigator.userAgent;
  for (const [name, prefix] of servers) {
    if (agent.startsWith(prefix)) return { name, version: agent.slice(prefix.length) };
  }
  return 'document' in globalThis ? { name: 'browser', version: agent } : { name: 'unknown', version: agent };
}
