/**
 * Runs a parsed command: one client call each.
 *
 * @module
 */
import { SessionExpiredError, type UsersClient } from '../index.ts';
import type { ServiceCommand } from './command.ts';
import type { CommandContext } from './context.ts';
import { logOut } from './log-out.ts';
import { refreshGivenToken } from './refresh-given-token.ts';

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
      return (await caller(command.token, context, false)).create(command.user);
    case 'token':
      return context.client.login({
        username: command.username,
        password: command.password,
        // ATOM sessions carry no label.
        ...(context.backend !== 'atom' && { description: sessionDescription }),
      });
    case 'refreshtoken':
      return refreshGivenToken(command.refreshToken, context);
    case 'get':
      return (await caller(command.token, context)).get(command.id);
    case 'list':
      return (await caller(command.token, context)).list(command.params);
    case 'update':
      return (await caller(command.token, context)).update(command.id, command.changes);
    case 'update tags':
      return (await caller(command.token, context)).updateTags(command.id, command.tags);
    case 'update email':
      return (await caller(command.token, context)).updateEmail(command.id, command.email);
    case 'update username':
      return (await caller(command.token, context)).updateUsername(command.id, command.username);
    case 'update role':
      return (await caller(command.token, context)).updateRole(command.id, command.role);
    case 'password':
      return (await caller(command.token, context)).updatePassword(command.oldPassword, command.newPassword);
    case 'resetpasswordrequest':
      return context.client.requestPasswordReset(command.email);
    case 'resetpassword':
      return context.client.resetPassword({
        token: command.resetToken,
        password: command.password,
        confirmPassword: command.confirmPassword,
      });
    case 'enable':
      return (await caller(command.token, context)).enable(command.id);
    case 'disable':
      return (await caller(command.token, context)).disable(command.id);
    case 'delete':
      return (await caller(command.token, context)).delete(command.id);
    case 'profile':
      return (await caller(command.token, context)).profile();
    case 'search':
      return (await caller(command.token, context)).search(command.params);
    case 'sendverification':
      return (await caller(command.token, context)).sendVerification();
    case 'verifyemail':
      return context.client.verifyEmail(command.verificationToken);
    case 'logout':
      return logOut(context);
    case 'health':
      return context.client.health();
  }
}

/** The client a command runs as: the `<token>` given, else the saved session. */
async function caller(
  token: string | undefined,
  context: CommandContext,
  needsSession = true,
): Promise<UsersClient> {
  if (token !== undefined) return context.client.withAccessToken(token);
  if (needsSession && !(await context.store.get())) throw new SessionExpiredError('Not logged in');
  return context.client;
}
