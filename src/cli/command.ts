/**
 * What the command line asked for, once parsed: one object per command of the `magistrala-users` grammar.
 *
 * @module
 */
import type {
  CreateUserInput,
  ListUsersParams,
  SearchUsersParams,
  UpdateUserInput,
  UserRole,
} from '../index.ts';

/** A command that may be given a trailing `<token>`, used as a static bearer for that run alone. */
interface TokenArgument {
  /** The access token given on the command line; without it the saved session is used. */
  readonly token?: string | undefined;
}

/**
 * One parsed command. `name` is the command word, or for the id-first forms the verb (`<id> get` is `get`,
 * `all get` is `list`, `<id> update tags` is `update tags`).
 *
 * @example
 * ```ts
 * const command: Command = { name: 'get', id: '26ae3198-6060-4308-824c-c846953b9898' };
 * ```
 */
export type Command =
  | { readonly name: 'help'; readonly topics: readonly CommandName[] }
  | { readonly name: 'version' }
  | ({ readonly name: 'create'; readonly user: CreateUserInput } & TokenArgument)
  | {
      readonly name: 'token';
      readonly username: string;
      /** Left out when it is to come from `--password-stdin`, `MAGISTRALA_PASSWORD` or the prompt. */
      readonly password?: string | undefined;
    }
  | { readonly name: 'refreshtoken'; readonly refreshToken: string }
  | ({ readonly name: 'get'; readonly id: string } & TokenArgument)
  | ({ readonly name: 'list'; readonly params: ListUsersParams } & TokenArgument)
  | ({ readonly name: 'update'; readonly id: string; readonly changes: UpdateUserInput } & TokenArgument)
  | ({ readonly name: 'update tags'; readonly id: string; readonly tags: readonly string[] } & TokenArgument)
  | ({ readonly name: 'update email'; readonly id: string; readonly email: string } & TokenArgument)
  | ({ readonly name: 'update username'; readonly id: string; readonly username: string } & TokenArgument)
  | ({ readonly name: 'update role'; readonly id: string; readonly role: UserRole } & TokenArgument)
  | ({
      readonly name: 'password';
      /** Both passwords are left out when they are to come from standard input, the environment or the prompt. */
      readonly oldPassword?: string | undefined;
      readonly newPassword?: string | undefined;
    } & TokenArgument)
  | { readonly name: 'resetpasswordrequest'; readonly email: string }
  | {
      readonly name: 'resetpassword';
      /** Both are left out when the password is to come from standard input, the environment or the prompt. */
      readonly password?: string | undefined;
      readonly confirmPassword?: string | undefined;
      readonly resetToken: string;
    }
  | ({ readonly name: 'enable' | 'disable' | 'delete'; readonly id: string } & TokenArgument)
  | ({ readonly name: 'profile' } & TokenArgument)
  | ({ readonly name: 'search'; readonly params: SearchUsersParams } & TokenArgument)
  | ({ readonly name: 'sendverification' } & TokenArgument)
  | { readonly name: 'verifyemail'; readonly verificationToken: string }
  | { readonly name: 'logout' }
  | { readonly name: 'sessions' }
  | { readonly name: 'health' };

/**
 * The name of a command: what usage lines and help topics are keyed by.
 *
 * @example
 * ```ts
 * const topic: CommandName = 'update tags';
 * ```
 */
export type CommandName = Command['name'];

/**
 * Every command but `help`: what reaches the server.
 *
 * @example
 * ```ts
 * const run = (command: ServiceCommand) => runCommand(command, context);
 * ```
 */
export type ServiceCommand = Exclude<Command, { readonly name: 'help' | 'version' }>;

/**
 * Whatever was on the command line: the command and the global options.
 *
 * @example
 * ```ts
 * const invocation: Invocation = { command: { name: 'health' }, url: 'http://localhost:9002' };
 * ```
 */
export interface Invocation {
  /** The command to run. */
  readonly command: Command;
  /** `-u`/`--users-url` (or `--url`): the users service root. */
  readonly url?: string | undefined;
  /** `--backend`: `supermq` or `atom`. */
  readonly backend?: string | undefined;
  /** `--session`: one session file for this run, in place of the one per server and profile. */
  readonly session?: string | undefined;
  /** `--profile`: which of the saved sessions for the server. */
  readonly profile?: string | undefined;
  /** `-c`/`--config`: the upstream CLI's TOML configuration file. */
  readonly config?: string | undefined;
  /** `-r`/`--raw`: compact JSON. */
  readonly raw?: boolean | undefined;
  /** `--password-stdin`: read the password(s) from standard input, one a line. */
  readonly passwordStdin?: boolean | undefined;
}
