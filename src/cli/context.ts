/**
 * What every command runs against: the service URL, the saved session and a client over both.
 *
 * @module
 */
import { type BackendName, type TokenStore, UsersClient } from '../index.ts';
import { fileTokenStore } from '../node/index.ts';
import type { Invocation } from './command.ts';
import type { TextSink } from './io.ts';
import { serverBoundStore } from './server-bound-store.ts';
import { defaultProfile, type Environment, normaliseServer, sessionPath } from './session-path.ts';
import { UsageError } from './usage-error.ts';

/** The users service the CLI talks to when neither `--url` nor `MAGISTRALA_USERS_URL` says otherwise. */
export const defaultServiceUrl = 'http://localhost:9002';

/**
 * The service and session one run of the CLI works with.
 *
 * @example
 * ```ts
 * const context = openContext({ command: { name: 'profile' } }, process.env, process.stderr);
 * console.log(await context.client.profile());
 * ```
 */
export interface CommandContext {
  /** The users service root, as given. */
  readonly baseUrl: string;
  /** Which server generation it is (default `supermq`). */
  readonly backend?: BackendName;
  /** The users service root, normalised: what saved sessions are bound to. */
  readonly server: string;
  /** The profile of the saved session. */
  readonly profile: string;
  /** The saved session file. */
  readonly sessionFile: string;
  /** The saved session of `server` and `profile`; another server's session reads as none. */
  readonly store: TokenStore;
  /** A client whose session lives in `store`: it refreshes and saves the tokens by itself. */
  readonly client: UsersClient;
  /** The environment of the run. */
  readonly env: Environment;
  /** Reports something the user should know about a command that still succeeds, as one `warning:` line. */
  warn(message: string): void;
}

/**
 * Opens the context of one run: the service from `-u`/`--users-url` (or `--url`), `MAGISTRALA_USERS_URL`, the
 * configuration file's `remotes.users_url` or {@link defaultServiceUrl}, in that order; the profile from
 * `--profile`, `MAGISTRALA_PROFILE` or `default`; and the session file of that server and profile from
 * {@link sessionPath}. Warnings are written to `warnings` as `warning: <message>` lines.
 *
 * @remarks
 * Nothing is read or sent yet. The session file store is shared with other runs through its lock, but does not
 * watch the file: a run is too short to need news from the others, and watching would create the directory. The
 * store is bound to the server and profile (see {@link serverBoundStore}), so that even one file given with
 * `--session` never hands a session to another server.
 *
 * @param configUrl - `remotes.users_url` of the configuration file, if one was read.
 * @throws {@link UsageError} when the service URL is not an absolute http(s) URL, or the profile is malformed.
 *
 * @example
 * ```ts
 * const context = openContext(invocation, { MAGISTRALA_USERS_URL: 'http://127.0.0.1:9002' }, process.stderr);
 * ```
 */
export function openContext(
  invocation: Invocation,
  env: Environment,
  warnings: TextSink,
  configUrl?: string,
): CommandContext {
  const backend = backendOf(invocation.backend, env);
  const baseUrl = serviceUrl(invocation.url, env, configUrl, backend);
  const server = normaliseServer(baseUrl);
  const profile = profileOf(invocation.profile, env);
  const sessionFile = sessionPath(env, server, profile, invocation.session);
  const { subscribe: _watching, ...file } = fileTokenStore(sessionFile);
  const store = serverBoundStore(file, { server, profile });
  return {
    baseUrl,
    backend,
    server,
    profile,
    sessionFile,
    store,
    client: new UsersClient({ baseUrl, backend, tokenStore: store }),
    env,
    warn: (message) => warnings.write(`warning: ${message}\n`),
  };
}

/** ATOM's default address, for `--backend atom` without a URL. */
const defaultAtomUrl = 'http://localhost:8080';

function backendOf(flag: string | undefined, env: Environment): BackendName {
  const value = flag ?? env.MAGISTRALA_BACKEND ?? 'supermq';
  if (value === 'supermq' || value === 'atom') return value;
  throw new UsageError(`${flag === undefined ? 'MAGISTRALA_BACKEND' : '--backend'} must be supermq or atom`);
}

function serviceUrl(
  flag: string | undefined,
  env: Environment,
  configUrl: string | undefined,
  backend: BackendName,
): string {
  const [value, source] = flag
    ? [flag, '-u/--users-url']
    : env.MAGISTRALA_USERS_URL
      ? [env.MAGISTRALA_USERS_URL, 'MAGISTRALA_USERS_URL']
      : configUrl
        ? [configUrl, 'remotes.users_url in the config file']
        : [backend === 'atom' ? defaultAtomUrl : defaultServiceUrl, 'the default URL'];
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new UsageError(`${source} must be an absolute http(s) URL`);
  }
  return value;
}

function profileOf(flag: string | undefined, env: Environment): string {
  if (flag) return flag;
  const fromEnv = env.MAGISTRALA_PROFILE;
  if (!fromEnv) return defaultProfile;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(fromEnv)) {
    throw new UsageError(
      'MAGISTRALA_PROFILE must be 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit',
    );
  }
  return fromEnv;
}
