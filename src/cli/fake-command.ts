/**
 * `magistrala-users fake`: runs the fake users service on loopback until interrupted, for the CLI and for browser
 * apps in development.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { createFakeUsersService, type RefreshMode, seededAdmin } from '../testing/index.ts';
import type { CliIo } from './io.ts';

/** The usage of `fake`, after the program name. */
export const fakeUsage =
  'fake [--port <n>] [--cors] [--cors-origin <origin>]… [--no-self-register] [--require-verified-email] [--refresh-mode rotate|supermq]';

const options = {
  port: { type: 'string', default: '9002' },
  cors: { type: 'boolean', default: false },
  'cors-origin': { type: 'string', multiple: true },
  'self-register': { type: 'boolean', default: true },
  'no-self-register': { type: 'boolean', default: false },
  'require-verified-email': { type: 'boolean', default: false },
  'refresh-mode': { type: 'string', default: 'rotate' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * Resolves on the first SIGINT or SIGTERM, and stops listening for them.
 *
 * @example
 * ```ts
 * await runFake([], processIo(), interrupted());
 * ```
 */
export function interrupted(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * Parses the `fake` command line, starts the fake service on 127.0.0.1, prints its URL and the seeded admin's
 * credentials, and serves until `stop` settles; resolves with the exit status.
 *
 * @remarks
 * `--port` defaults to 9002, the users service's own port (0 picks a free one). `--cors` lets pages on any origin
 * call it, `--cors-origin` (repeatable) only the ones named. Self-registration is on unless `--no-self-register`.
 * The seeded admin's password is printed on purpose: it is the fake's fixed, public test credential. Exit status 2
 * for a wrong command line, 1 when the server cannot start (a port in use), 0 after a clean stop.
 *
 * @example
 * ```ts
 * const status = await runFake(['--port', '0', '--cors'], processIo(), interrupted());
 * ```
 */
export async function runFake(args: readonly string[], io: CliIo, stop: Promise<unknown>): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; args: string[] }>>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch {
    return usageError('unknown option or missing value', io);
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout.write(`usage: magistrala-users ${fakeUsage}\n`);
    return 0;
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535)
    return usageError('--port must be a number from 0 to 65535', io);
  const refreshMode = values['refresh-mode'];
  if (refreshMode !== 'rotate' && refreshMode !== 'supermq') {
    return usageError('--refresh-mode must be rotate or supermq', io);
  }
  const origins = values['cors-origin'] ?? [];
  const cors = values.cors ? true : origins.length > 0 ? origins : false;
  const service = createFakeUsersService({
    selfRegister: values['self-register'] && !values['no-self-register'],
    requireVerifiedEmail: values['require-verified-email'],
    refreshMode: refreshMode satisfies RefreshMode,
  });
  let server: Awaited<ReturnType<typeof service.listen>>;
  try {
    server = await service.listen({ port, cors });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    io.stderr.write(
      `error: the fake users service could not listen on 127.0.0.1:${port} (${String(code)})\n`,
    );
    return 1;
  }
  io.stdout.write(
    [
      `fake users service listening on ${server.url}`,
      `  export MAGISTRALA_USERS_URL=${server.url}`,
      `  seeded admin: username ${seededAdmin.username}, email ${seededAdmin.email}, password ${seededAdmin.password}`,
      `  CORS: ${cors === true ? 'any origin' : cors === false ? 'off' : origins.join(', ')}`,
      '  stop with Ctrl+C',
      '',
    ].join('\n'),
  );
  await stop;
  await server.close();
  io.stdout.write('stopped\n');
  return 0;
}

function usageError(message: string, io: CliIo): number {
  io.stderr.write(`error: ${message}\nusage: magistrala-users ${fakeUsage}\n`);
  return 2;
}
