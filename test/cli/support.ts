import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  createFakeUsersService,
  type FakeService,
  type FakeUsersService,
  type FakeUsersServiceOptions,
  type LoopbackServer,
} from 'magistrala-users/testing';
import { afterEach, beforeEach } from 'vitest';
import { main } from '../../src/cli/main.ts';

/** Splits a shell command line into words: whitespace separates them, single and double quotes group. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) {
    words.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return words;
}

/** What one in-process run of the CLI printed, and its exit status. */
export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** How {@link runCli} runs: `stdin` is piped on standard input (not a terminal); without it there is none. */
export interface RunOptions {
  stdin?: string | undefined;
}

/** Runs `main()` in-process with captured output, the given environment and, when asked, piped input. */
export async function runCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  options: RunOptions = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, {
    stdout: { write: (text) => (stdout += text) },
    stderr: { write: (text) => (stderr += text) },
    env,
    stdin: options.stdin === undefined ? undefined : Readable.from([options.stdin]),
  });
  return { status, stdout, stderr };
}

/** A fresh temporary directory and a function that removes it. */
export async function temporaryDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'magistrala-users-cli-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** What {@link useFakeService} sets up before each test: a fake on loopback, a config home and the CLI's env. */
export interface CliSetup<Service extends FakeService = FakeUsersService> {
  service: Service;
  server: LoopbackServer;
  directory: Awaited<ReturnType<typeof temporaryDirectory>>;
  env: Record<string, string>;
}

/**
 * Before each test: a fresh fake listening on loopback, a temporary `XDG_CONFIG_HOME`, and the env that points the
 * CLI at both, handed to `take`; after each test, both are gone. The fake is a users service made with `options`,
 * or whatever `create` makes (a fake ATOM). A test that restarts the server puts the new one in `setup.server`,
 * which is the one closed.
 */
export function useFakeService(take: (setup: CliSetup) => void, options?: FakeUsersServiceOptions): void;
export function useFakeService<Service extends FakeService>(
  take: (setup: CliSetup<Service>) => void,
  create: () => Service,
): void;
export function useFakeService<Service extends FakeService>(
  take: (setup: CliSetup<Service>) => void,
  make: FakeUsersServiceOptions | (() => Service) = {},
): void {
  let current: CliSetup<Service> | undefined;
  beforeEach(async () => {
    // Without `create`, the first signature holds: Service is FakeUsersService.
    const service =
      typeof make === 'function' ? make() : (createFakeUsersService(make) as FakeService as Service);
    const server = await service.listen();
    const directory = await temporaryDirectory();
    const env = { MAGISTRALA_USERS_URL: server.url, XDG_CONFIG_HOME: join(directory.path, 'config') };
    current = { service, server, directory, env };
    take(current);
  });
  afterEach(async () => {
    await current?.server.close();
    await current?.directory.remove();
  });
}
