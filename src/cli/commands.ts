/**
 * Runs a parsed command: one client call each.
 *
 * @module
 */
import { SessionExpiredError, type UsersClient } from '../index.ts';
import type { CommandName, ServiceCommand } from './command.ts';
import type { CommandContext } from './context.ts';
import { listSessions } from './list-sessions.ts';
import { logOut } from './log-out.ts';
import { refreshGivenToken } from './refresh-given-token.ts';
import { tokenClaims } from './token-claims.ts';
import { UsageError } from './usage-error.ts';

/** The label of the refresh sessions the CLI starts, as `listRefreshTokens()` shows them. */
const sessionDescription = 'magistrala-users CLI';

/**
 * Runs `command` and resolves with the reply to print, or `undefined` for a command whose reply is empty (printed
 * as `ok`).
 *
 * @remarks
 * A command given a `<token>` uses it as a static bearer. Without one it uses the saved session, which refreshes
 * and saves its tokens by itself; a command that needs a session rejects with {@link SessionExpiredError} before
 * sending anything when none is saved. `create` without either goes out unauthenticated (self-registration).
 * `refreshtoken` and `logout` do more than one call: see {@link refreshGivenToken} and {@link logOut}.
 *
 * @example
 * ```ts
 * const user = await runCommand({ name: 'get', id }, openContext(invocation, process.env, process.stderr));
 * ```
 */
export async function runCommand(command: ServiceCommand, context: CommandContext): Promise<unknown> {
  switch (command.name) {
    case 'create':
      return (await caller(command, context, false)).create(command.user);
    case 'token':
      return context.client.login({
        username: command.username,
        password: command.password ?? '',
        // ATOM sessions carry no label.
        ...(context.backend !== 'atom' && { description: sessionDescription }),
      });
    case 'refreshtoken':
      return refreshGivenToken(command.refreshToken, context);
    case 'get':
      return (await caller(command, context)).get(command.id);
    case 'list':
      return (await caller(command, context)).list(command.params);
    case 'update':
      return (await caller(command, context)).update(command.id, command.changes);
    case 'update tags':
      return (await caller(command, context)).updateTags(command.id, command.tags);
    case 'update email':
      return (await caller(command, context)).updateEmail(command.id, command.email);
    case 'update username':
      return (await caller(command, context)).updateUsername(command.id, command.username);
    case 'update role':
      return (await caller(command, context)).updateRole(command.id, command.role);
    case 'password':
      return (await caller(command, context)).updatePassword(
        command.oldPassword ?? '',
        command.newPassword ?? '',
      );
    case 'resetpasswordrequest':
      return context.client.requestPasswordReset(command.email);
    case 'resetpassword':
      return context.client.resetPassword({
        token: command.resetToken,
        password: command.password ?? '',
        confirmPassword: command.confirmPassword ?? '',
      });
    case 'enable':
      return (await caller(command, context)).enable(command.id);
    case 'disable':
      return (await caller(command, context)).disable(command.id);
    case 'delete':
      return (await caller(command, context)).delete(command.id);
    case 'profile':
      return (await caller(command, context)).profile();
    case 'search':
      return (await caller(command, context)).search(command.params);
    case 'sendverification':
      return (await caller(command, context)).sendVerification();
    case 'verifyemail':
      return context.client.verifyEmail(command.verificationToken);
    case 'logout':
      return logOut(context);
    case 'sessions':
      return listSessions(context);
    case 'health':
      return context.client.health();
  }
}

/** The seed page's placeholders for a token: the only `<token>` arguments an error message repeats. */
const placeholders = new Set([
  'token',
  'user_token',
  'user_auth_token',
  '<token>',
  '<user_token>',
  '<user_auth_token>',
]);

/**
 * The client a command runs as: the `<token>` given, else the saved session.
 *
 * @throws {@link UsageError} when the `<token>` given is not a JWT (such as the seed page's placeholder word
 * `token`): nothing is sent, and the message says how to use the saved session instead.
 */
async function caller(
  command: { readonly name: CommandName; readonly token?: string | undefined },
  context: CommandContext,
  needsSession = true,
): Promise<UsersClient> {
  const { token } = command;
  if (token !== undefined) {
    if (tokenClaims(token) === undefined) {
      const shown = placeholders.has(token) ? ` "${token}"` : '';
      throw new UsageError(
        `the <token> argument${shown} is not a JWT; leave it out to use the saved session ` +
          `(${context.profile} on ${context.server}), or give an access token`,
        [command.name],
      );
    }
    return context.client.withAccessToken(token);
  }
  if (needsSession && !(await context.store.get())) throw new SessionExpiredError('Not logged in');
  return context.client;
}
