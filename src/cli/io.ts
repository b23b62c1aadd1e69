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
 * Standard input, where passwords may come from: piped (`--password-stdin`) or typed at a terminal.
 *
 * @example
 * ```ts
 * const input: InputStream = Readable.from(['12345678\n']);
 * ```
 */
export type InputStream = NodeJS.ReadableStream & {
  /** Whether it is a terminal, where a prompt can be shown. */
  readonly isTTY?: boolean;
  /** Turns the terminal's echo and line editing off (`true`) or back on. */
  setRawMode?(mode: boolean): unknown;
};

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
  /** `MAGISTRALA_USERS_URL`, `MAGISTRALA_PROFILE`, `MAGISTRALA_PASSWORD`, `XDG_CONFIG_HOME`, `HOME`, … */
  readonly env: Environment;
  /** Standard input; without it no password is read from it or prompted for. */
  readonly stdin?: InputStream | undefined;
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
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    // A getter: opening standard input costs start-up time, and only password commands need it.
    get stdin() {
      return process.stdin;
    },
  };
}
