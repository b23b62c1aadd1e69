/**
 * The passwords a command left off its command line: from standard input, the environment or a prompt.
 *
 * @module
 */
import type { ServiceCommand } from './command.ts';
import type { InputStream, TextSink } from './io.ts';
import type { Environment } from './session-path.ts';
import { UsageError } from './usage-error.ts';

/**
 * Where the missing passwords may come from.
 *
 * @example
 * ```ts
 * const sources: SecretSources = { passwordStdin: false, env: process.env, stdin: process.stdin, prompts: process.stderr };
 * ```
 */
export interface SecretSources {
  /** `--password-stdin` was given: read them from `stdin`, one a line. */
  readonly passwordStdin: boolean;
  /** `MAGISTRALA_PASSWORD` and `MAGISTRALA_NEW_PASSWORD`. */
  readonly env: Environment;
  /** Standard input: piped for `--password-stdin`, or a terminal to prompt on. */
  readonly stdin?: InputStream | undefined;
  /** Where prompts are written (standard error, so standard output stays the reply). */
  readonly prompts: TextSink;
}

/** The password a command needs: the current one, or the one to set. */
type Need = 'current' | 'new';

const maxInput = 64 * 1024;

/**
 * Fills in the passwords `command` left out, and returns it complete; a command that needs none comes back as it
 * is.
 *
 * @remarks
 * `token <identity>` needs the current password, `password [<token>]` the current and the new one,
 * `resetpassword <reset_token>` the new one. With `--password-stdin` they are read from standard input, one a
 * line in that order (a final line break is optional). Otherwise each comes from `MAGISTRALA_PASSWORD` (the current
 * one) or `MAGISTRALA_NEW_PASSWORD` (the new one; `resetpassword` falls back to `MAGISTRALA_PASSWORD`), else from a
 * prompt without echo when standard input is a terminal; a new password is asked for twice.
 *
 * @throws {@link UsageError} when a password has no source, `--password-stdin` has too few lines or is given to a
 * command that needs no password, or the two typed new passwords differ. Messages never hold a password.
 *
 * @example
 * ```ts
 * const command = await withSecrets({ name: 'token', username: 'admin' }, sources); // password filled in
 * ```
 */
export async function withSecrets(command: ServiceCommand, sources: SecretSources): Promise<ServiceCommand> {
  switch (command.name) {
    case 'token': {
      if (command.password !== undefined) break;
      const [password] = await obtain(['current'], command.name, sources);
      return { ...command, password };
    }
    case 'password': {
      if (command.oldPassword !== undefined) break;
      const [oldPassword, newPassword] = await obtain(['current', 'new'], command.name, sources);
      return { ...command, oldPassword, newPassword };
    }
    case 'resetpassword': {
      if (command.password !== undefined) break;
      const [password] = await obtain(['new'], command.name, sources);
      return { ...command, password, confirmPassword: password };
    }
  }
  if (sources.passwordStdin) {
    throw new UsageError(
      '--password-stdin applies only to token, password and resetpassword when their passwords are left out',
    );
  }
  return command;
}

async function obtain(needs: readonly Need[], topic: ServiceCommand['name'], sources: SecretSources) {
  if (sources.passwordStdin) return fromStdin(needs, topic, sources.stdin);
  const values: string[] = [];
  for (const need of needs) values.push(await fromEnvOrPrompt(need, topic, sources));
  return values;
}

async function fromStdin(
  needs: readonly Need[],
  topic: ServiceCommand['name'],
  stdin: InputStream | undefined,
) {
  let text = '';
  if (stdin) {
    for await (const chunk of stdin) {
      text += String(chunk);
      if (text.length > maxInput) throw new UsageError('standard input is too long for passwords', [topic]);
    }
  }
  const lines = text.split(/\r?\n/);
  const values = needs.map((_need, index) => lines[index] ?? '');
  if (values.some((value) => value === '')) {
    const expected =
      needs.length === 1
        ? 'the password on its first line'
        : 'the current, then the new password, one a line';
    throw new UsageError(`--password-stdin: standard input must hold ${expected}`, [topic]);
  }
  return values;
}

async function fromEnvOrPrompt(need: Need, topic: ServiceCommand['name'], sources: SecretSources) {
  const { env, stdin, prompts } = sources;
  const fromEnv =
    need === 'current'
      ? env.MAGISTRALA_PASSWORD
      : env.MAGISTRALA_NEW_PASSWORD || (topic === 'resetpassword' ? env.MAGISTRALA_PASSWORD : undefined);
  if (fromEnv) return fromEnv;
  if (!stdin?.isTTY) {
    const variable = need === 'current' ? 'MAGISTRALA_PASSWORD' : 'MAGISTRALA_NEW_PASSWORD';
    throw new UsageError(
      `${topic} needs the ${need === 'current' ? 'current' : 'new'} password: type it on a terminal, ` +
        `pipe it with --password-stdin, or set ${variable}`,
      [topic],
    );
  }
  const { promptHidden } = await import('./prompt.ts');
  if (need === 'current')
    return promptHidden(topic === 'token' ? 'Password: ' : 'Current password: ', stdin, prompts);
  const typed = await promptHidden('New password: ', stdin, prompts);
  if ((await promptHidden('Repeat the new password: ', stdin, prompts)) !== typed) {
    throw new UsageError('the two new passwords differ', [topic]);
  }
  return typed;
}
