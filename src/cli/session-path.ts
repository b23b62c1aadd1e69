/**
 * Where the CLI keeps its sessions: one file per server and profile.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The profile used when neither `--profile` nor `MAGISTRALA_PROFILE` names one.
 *
 * @example
 * ```ts
 * const profile = flag ?? env.MAGISTRALA_PROFILE ?? defaultProfile;
 * ```
 */
export const defaultProfile = 'default';

/**
 * The CLI's configuration directory: `$XDG_CONFIG_HOME/magistrala-users`, else `~/.config/magistrala-users`.
 *
 * @remarks
 * Empty variables count as unset, and a relative `XDG_CONFIG_HOME` is ignored, as the XDG Base Directory
 * specification asks. The home directory is `$HOME` when set, else the operating system's.
 *
 * @param home - Where the home directory comes from when `$HOME` is unset (for tests).
 *
 * @example
 * ```ts
 * configDirectory({ XDG_CONFIG_HOME: '/home/jane/.config' }); // '/home/jane/.config/magistrala-users'
 * ```
 */
export function configDirectory(env: Environment, home: () => string = homedir): string {
  const xdg = env.XDG_CONFIG_HOME;
  const config = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || home(), '.config');
  return join(config, 'magistrala-users');
}

/**
 * The server a session belongs to, as the CLI compares it: scheme, lower-case host, the port unless it is the
 * scheme's default, and the path without trailing slashes. User info, query and fragment are dropped.
 *
 * @example
 * ```ts
 * normaliseServer('HTTP://LocalHost:80/api/'); // 'http://localhost/api'
 * ```
 */
export function normaliseServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
}

/**
 * The session file of `server` (normalised by {@link normaliseServer}) and `profile`:
 * `--session`, else `$MAGISTRALA_USERS_SESSION`, else `<config>/sessions/<profile>/<server>-<hash>.json` under
 * {@link configDirectory}.
 *
 * @remarks
 * The file name spells the server readably (`http_localhost_9002`) and ends with 10 hex digits of the SHA-256 of
 * the normalised URL, so two servers never share a file even when their readable names do.
 *
 * @param flag - The `--session` option, if given.
 * @param home - Where the home directory comes from when `$HOME` is unset (for tests).
 *
 * @example
 * ```ts
 * sessionPath({ XDG_CONFIG_HOME: '/c' }, 'http://localhost:9002', 'default');
 * // '/c/magistrala-users/sessions/default/http_localhost_9002-<hash>.json'
 * ```
 */
export function sessionPath(
  env: Environment,
  server: string,
  profile: string,
  flag?: string,
  home: () => string = homedir,
): string {
  if (flag) return flag;
  if (env.MAGISTRALA_USERS_SESSION) return env.MAGISTRALA_USERS_SESSION;
  const readable = server
    .replace(/^([a-z]+):\/\//, '$1_')
    .replace(/[^A-Za-z0-9.-]+/g, '_')
    .slice(0, 80);
  const hash = createHash('sha256').update(server).digest('hex').slice(0, 10);
  return join(sessionsDirectory(env, home), profile, `${readable}-${hash}.json`);
}

/**
 * The directory that holds one subdirectory of session files per profile.
 *
 * @example
 * ```ts
 * sessionsDirectory({ HOME: '/home/jane' }); // '/home/jane/.config/magistrala-users/sessions'
 * ```
 */
export function sessionsDirectory(env: Environment, home: () => string = homedir): string {
  return join(configDirectory(env, home), 'sessions');
}

/**
 * Where versions before sessions were bound to their server kept the one session: `<config>/session.json`. It
 * does not say which server issued it, so it is never read; the CLI only mentions it.
 *
 * @example
 * ```ts
 * legacySessionPath({ HOME: '/home/jane' }); // '/home/jane/.config/magistrala-users/session.json'
 * ```
 */
export function legacySessionPath(env: Environment, home: () => string = homedir): string {
  return join(configDirectory(env, home), 'session.json');
}
