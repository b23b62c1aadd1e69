/**
 * The CLI's connection to the outside world, injectable for tests.
 *
 * @module
 */
import type { Environment } from './session-path.ts';

/** Somewhere text can be written: `process.stdout`, or a test's buffer. */
export interface TextSink {
  /** Writes `text` as it is. */
  write(text: string): unknown;
}

/**
 * Where the CLI writes and what environment it reads.
 *
 * @example
 * ```ts
 * let out = '';
 * const io: CliIo = { stdout: { write: (text) => (out += text) }, stderr: process.stderr, env: {} };
 * ```
 */
export interface CliIo {
  /** Replies. */
  readonly stdout: TextSink;
  /** Errors and usage. */
  readonly stderr: TextSink;
  /** `MAGISTRALA_USERS_URL`, `MAGISTRALA_USERS_SESSION`, `XDG_CONFIG_HOME`, `HOME`. */
  readonly env: Environment;
}

/**
 * The process's own streams and environment.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2), processIo());
 * ```
 */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
