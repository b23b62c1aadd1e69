/**
 * What every command runs against: the service URL, the saved session and a client over both.
 *
 * @module
 */
import { type TokenStore, UsersClient } from '../index.ts';
import { fileTokenStore } from '../node/index.ts';
import type { Invocation } from './command.ts';
import { type Environment, sessionPath } from './session-path.ts';
import { UsageError } from './usage-error.ts';

/** The users service the CLI talks to when neither `--url` nor `MAGISTRALA_USERS_URL` says otherwise. */
export const defaultServiceUrl = 'http://localhost:9002';

/**
 * The service and session one run of the CLI works with.
 *
 * @example
 * ```ts
 * const context = openContext({ command: { name: 'profile' } }, process.env);
 * console.log(await context.client.profile());
 * ```
 */
export interface CommandContext {
  /** The users service root. */
  readonly baseUrl: string;
  /** The saved session. */
  readonly store: TokenStore;
  /** A client whose session lives in `store`: it refreshes and saves the tokens by itself. */
  readonly client: UsersClient;
}

/**
 * Opens the context of one run: the service from `--url`, `MAGISTRALA_USERS_URL` or {@link defaultServiceUrl}, and
 * the session file from {@link sessionPath}.
 *
 * @remarks
 * Nothing is read or sent yet. The session file store is shared with other runs through its lock, but does not
 * watch the file: a run is too short to need news from the others, and watching would create the directory.
 *
 * @throws {@link UsageError} when the service URL is not an absolute http(s) URL.
 *
 * @example
 * ```ts
 * const context = openContext(invocation, { MAGISTRALA_USERS_URL: 'http://127.0.0.1:9002' });
 * ```
 */
export function openContext(invocation: Invocation, env: Environment): CommandContext {
  const baseUrl = serviceUrl(invocation.url, env);
  const { get, set, clear, lock } = fileTokenStore(sessionPath(env, invocation.session));
  const store: TokenStore = lock ? { get, set, clear, lock } : { get, set, clear };
  return { baseUrl, store, client: new UsersClient({ baseUrl, tokenStore: store }) };
}

function serviceUrl(flag: string | undefined, env: Environment): string {
  const [value, source] = flag
    ? [flag, '--url']
    : env.MAGISTRALA_USERS_URL
      ? [env.MAGISTRALA_USERS_URL, 'MAGISTRALA_USERS_URL']
      : [defaultServiceUrl, 'the default URL'];
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new UsageError(`${source} must be an absolute http(s) URL`);
  }
  return value;
}
