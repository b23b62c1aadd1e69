/**
 * Where the CLI keeps its session.
 *
 * @module
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The session file: `--session`, else `$MAGISTRALA_USERS_SESSION`, else
 * `$XDG_CONFIG_HOME/magistrala-users/session.json`, else `~/.config/magistrala-users/session.json`.
 *
 * @remarks
 * Empty variables count as unset, and a relative `XDG_CONFIG_HOME` is ignored, as the XDG Base Directory
 * specification asks. The home directory is `$HOME` when set, else the operating system's.
 *
 * @param env - The environment to read.
 * @param flag - The `--session` option, if given.
 * @param home - Where the home directory comes from when `$HOME` is unset (for tests).
 *
 * @example
 * ```ts
 * sessionPath({ XDG_CONFIG_HOME: '/home/jane/.config' }); // '/home/jane/.config/magistrala-users/session.json'
 * ```
 */
export function sessionPath(env: Environment, flag?: string, home: () => string = homedir): string {
  if (flag) return flag;
  if (env.MAGISTRALA_USERS_SESSION) return env.MAGISTRALA_USERS_SESSION;
  const xdg = env.XDG_CONFIG_HOME;
  const config = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || home(), '.config');
  return join(config, 'magistrala-users', 'session.json');
}
