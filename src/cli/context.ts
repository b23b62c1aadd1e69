/**
 * What every command runs against: the service URL, the saved session and a client over both.
 *
 * @module
 */
import { type BackendName, type TokenStore, UsersClient } from '../index.ts';
import { fileTokenStore } from '../node/index.ts';
import type { Invocation } from './command.ts';
import type { TextSink } from './io.ts';
import { type Environment, sessionPath } from './session-path.ts';
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
  /** The users service root. */
  readonly baseUrl: string;
  /** Which server generation it is (default `supermq`). */
  readonly backend?: BackendName;
  /** The saved session. */
  readonly store: TokenStore;
  /** A client whose session lives in `store`: it refreshes and saves the tokens by itself. */
  readonly client: UsersClient;
  /** Reports something the user should know about a command that still succeeds, as one `warning:` line. */
  warn(message: string): void;
}

/**
 * Opens the context of one run: the service from `--url`, `MAGISTRALA_USERS_URL` or {@link defaultServiceUrl}, and
 * the session file from {@link sessionPath}. Warnings are written to `warnings` as `warning: <message>` lines.
 *
 * @remarks
 * Nothing is read or sent yet. The session file store is shared with other runs through its lock, but does not
 * watch the file: a run is too short to need news from the others, and watching would create the directory.
 *
 * @throws {@link UsageError} when the service URL is not an absolute http(s) URL.
 *
 * @example
 * ```ts
 * const context = openContext(invocation, { MAGISTRALA_USERS_URL: 'http://127.0.0.1:9002' }, process.stderr);
 * ```
 */
export function openContext(invocation: Invocation, env: Environment, warnings: TextSink): CommandContext {
  const backend = backendOf(invocation.backend, env);
  const baseUrl = serviceUrl(invocation.url, env, backend);
  const { subscribe: _watching, ...store } = fileTokenStore(sessionPath(env, invocation.session));
  return {
    baseUrl,
    backend,
    store,
    client: new UsersClient({ baseUrl, backend, tokenStore: store }),
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

function serviceUrl(flag: string | undefined, env: Environment, backend: BackendName): string {
  const [value, source] = flag
    ? [flag, '--url']
    : env.MAGISTRALA_USERS_URL
      ? [env.MAGISTRALA_USERS_URL, 'MAGISTRALA_USERS_URL']
      : [backend === 'atom' ? defaultAtomUrl : defaultServiceUrl, 'the default URL'];
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new UsageError(`${source} must be an absolute http(s) URL`);
  }
  return value;
}
