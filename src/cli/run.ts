/**
 * Everything a command does once its command line has parsed: the configuration file, the session, the passwords,
 * the request and the printed reply. Loaded only for such commands, so `--help` and `--version` stay light.
 *
 * @module
 */
import { stat } from 'node:fs/promises';
import type { Invocation, ServiceCommand } from './command.ts';
import { runCommand } from './commands.ts';
import type { CliConfig } from './config-file.ts';
import { type CommandContext, openContext } from './context.ts';
import type { CliIo } from './io.ts';
import { reportError } from './report-error.ts';
import { withSecrets } from './secrets.ts';
import { legacySessionPath } from './session-path.ts';
import { terminalJson } from './terminal-text.ts';

/**
 * Runs `command` of `invocation` and resolves with the exit status; it never rejects.
 *
 * @remarks
 * In order: the configuration file (`-c`), when given, for the service URL and default filters; the context (the
 * service, the profile and their saved session); the passwords left off the command line; the request. The reply
 * is printed as JSON, indented by two spaces or, with `-r`/`--raw` (or `raw_output` in the configuration file), on
 * one line; control characters from the server are escaped. Errors are reported by {@link reportError}.
 *
 * @example
 * ```ts
 * const status = await runInvocation(invocation, { name: 'profile' }, processIo());
 * ```
 */
export async function runInvocation(
  invocation: Invocation,
  command: ServiceCommand,
  io: CliIo,
): Promise<number> {
  let context: CommandContext | undefined;
  try {
    const config = invocation.config
      ? await (await import('./config-file.ts')).readConfigFile(invocation.config)
      : {};
    context = openContext(invocation, io.env, io.stderr, config.usersUrl);
    const complete = await withSecrets(withConfigDefaults(command, config), {
      passwordStdin: invocation.passwordStdin === true,
      env: io.env,
      // Read only when a password is wanted: opening standard input costs start-up time.
      get stdin() {
        return io.stdin;
      },
      prompts: io.stderr,
    });
    const reply = await runCommand(complete, context);
    const raw = invocation.raw === true || config.raw === true;
    io.stdout.write(reply === undefined ? 'ok\n' : `${terminalJson(reply, raw ? 0 : 2)}\n`);
    return 0;
  } catch (error) {
    return reportError(error, command.name, io.stderr, {
      baseUrl: context?.baseUrl,
      tokenArgument: 'token' in command && command.token !== undefined,
      notLoggedInNote: context && (await legacyNote(context)),
    });
  }
}

/** The configuration file's default filters, for `all get` and `search`, where the command line set none. */
function withConfigDefaults(command: ServiceCommand, config: CliConfig): ServiceCommand {
  if (command.name === 'list') {
    const { limit, offset, name: username, email, metadata } = config;
    const defaults = { limit, offset, username, email, metadata };
    return { ...command, params: { ...definedOnly(defaults), ...command.params } };
  }
  if (command.name === 'search') {
    return {
      ...command,
      params: { ...definedOnly({ limit: config.limit, offset: config.offset }), ...command.params },
    };
  }
  return command;
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Mentions the single session file of earlier versions, which this one no longer reads, when it exists. */
async function legacyNote(context: CommandContext): Promise<string | undefined> {
  const legacy = legacySessionPath(context.env);
  if (legacy === context.sessionFile) return undefined;
  try {
    await stat(legacy);
  } catch {
    return undefined;
  }
  return (
    `${legacy} was saved by an earlier version, which did not record its server, so it is no longer used: ` +
    'log in again, then delete it'
  );
}
