/**
 * The grammar of `magistrala-users`: a command line in, a {@link Command} (or a {@link UsageError}) out.
 *
 * @module
 */
import type { ListUsersParams, UserRole } from '../index.ts';
import { splitArgv } from './argv.ts';
import type { Command, CommandName, Invocation } from './command.ts';
import { jsonChanges, jsonObject, jsonTags } from './json-argument.ts';
import { parseSearchQuery } from './search-query.ts';
import { allCommandNames, isIdVerb, topicsFor } from './usage.ts';
import { UsageError } from './usage-error.ts';
import { wholeNumber } from './whole-number.ts';

/** A tuple of `N` strings. */
type Strings<N extends number, T extends string[] = []> = T['length'] extends N
  ? T
  : Strings<N, [...T, string]>;

/** Reads the arguments that follow a command word, and the options that apply to it. */
type Reader = (args: readonly string[], options: ReadonlyMap<string, string>) => Command;

/** The commands that start with their own word (the others start with an id, or `all`). */
const readers: Readonly<Record<string, Reader>> = {
  create(args) {
    const [first_name, last_name, email, username, secret, token] = positional('create', args, 5, true);
    return {
      name: 'create',
      user: { first_name, last_name, email, credentials: { username, secret } },
      token,
    };
  },
  token(args) {
    const [username, password] = positional('token', args, 1, true);
    return { name: 'token', username, password };
  },
  refreshtoken(args) {
    const [refreshToken] = positional('refreshtoken', args, 1);
    return { name: 'refreshtoken', refreshToken };
  },
  password(args) {
    // Seed form `<old> <new> [<token>]`; otherwise the passwords come from elsewhere and one word is the token.
    if (args.length <= 1) return { name: 'password', token: args[0] };
    const [oldPassword, newPassword, token] = positional('password', args, 2, true);
    return { name: 'password', oldPassword, newPassword, token };
  },
  resetpasswordrequest(args) {
    const [email] = positional('resetpasswordrequest', args, 1);
    return { name: 'resetpasswordrequest', email };
  },
  resetpassword(args) {
    if (args.length === 1) return { name: 'resetpassword', resetToken: args[0] ?? '' };
    if (args.length !== 3) {
      throw new UsageError(`resetpassword takes 1 or 3 arguments, got ${args.length}`, ['resetpassword']);
    }
    const [password, confirmPassword, resetToken] = positional('resetpassword', args, 3);
    return { name: 'resetpassword', password, confirmPassword, resetToken };
  },
  profile: (args) => ({ name: 'profile', token: positional('profile', args, 0, true)[0] }),
  search(args, options) {
    const [query, token] = positional('search', args, 1, true);
    return { name: 'search', params: { ...pagingOf(options, 'search'), ...parseSearchQuery(query) }, token };
  },
  sendverification: (args) => ({
    name: 'sendverification',
    token: positional('sendverification', args, 0, true)[0],
  }),
  verifyemail(args) {
    const [verificationToken] = positional('verifyemail', args, 1);
    return { name: 'verifyemail', verificationToken };
  },
  logout(args) {
    positional('logout', args, 0);
    return { name: 'logout' };
  },
  sessions(args) {
    positional('sessions', args, 0);
    return { name: 'sessions' };
  },
  health(args) {
    positional('health', args, 0);
    return { name: 'health' };
  },
  help: (args) => ({ name: 'help', topics: topicsFor(args) }),
};

/** The filter options, and the commands each applies to. */
const filterOptions: Readonly<Record<string, readonly CommandName[]>> = {
  limit: ['list', 'search'],
  offset: ['list', 'search'],
  name: ['list', 'search'],
  status: ['list'],
  metadata: ['list'],
  identity: ['list'],
  email: ['list'],
};

const statuses = new Set(['enabled', 'disabled', 'deleted', 'all']);
const roles = new Set(['user', 'admin']);

/**
 * Parses a command line (the words after the program name).
 *
 * @remarks
 * The grammar is the upstream CLI's after `users`, and a leading `users` word is accepted too, so the documented
 * `magistrala-cli users …` lines work with the program name changed. A leading `users` is kept as an id only when
 * an id verb follows it (`users get` gets the user whose id is `users`).
 *
 * @returns The invocation, or the {@link UsageError} that explains what is wrong; it never throws.
 *
 * @example
 * ```ts
 * const parsed = parseArgv(['users', 'token', 'admin', '12345678']);
 * if (!(parsed instanceof UsageError)) console.log(parsed.command.name); // 'token'
 * ```
 */
export function parseArgv(argv: readonly string[]): Invocation | UsageError {
  try {
    return parseOrThrow(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
}

function parseOrThrow(argv: readonly string[]): Invocation {
  const { words: given, options, switches } = splitArgv(argv);
  const words = given[0] === 'users' && !isIdVerb(given[1]) ? given.slice(1) : given;
  const command: Command = switches.has('help')
    ? { name: 'help', topics: topicsFor(words) }
    : switches.has('version')
      ? { name: 'version' }
      : readCommand(words, options);
  if (options.has('url') && options.has('users-url')) {
    throw new UsageError('give the users service once: -u/--users-url and --url are the same option');
  }
  const profile = options.get('profile');
  if (profile !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(profile)) {
    throw new UsageError(
      '--profile must be 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit',
    );
  }
  return {
    command,
    url: options.get('users-url') ?? options.get('url'),
    backend: options.get('backend'),
    session: options.get('session'),
    profile,
    config: options.get('config'),
    raw: switches.has('raw'),
    passwordStdin: switches.has('password-stdin'),
  };
}

function readCommand(words: readonly string[], options: ReadonlyMap<string, string>): Command {
  const [first, ...rest] = words;
  if (first === undefined) throw new UsageError('a command is missing', allCommandNames);
  const isList = first === 'all' && rest[0] === 'get';
  const topic: CommandName | undefined = isList ? 'list' : first === 'search' ? 'search' : undefined;
  for (const [option, topics] of Object.entries(filterOptions)) {
    if (options.has(option) && (topic === undefined || !topics.includes(topic))) {
      const where = topics.map((name) => (name === 'list' ? 'all get' : name)).join(' and ');
      throw new UsageError(`--${option} applies only to ${where}`, topics);
    }
  }
  if (isList) return readList(rest.slice(1), options);
  const reader = Object.hasOwn(readers, first) ? readers[first] : undefined;
  if (reader) return reader(rest, options);
  if (isIdVerb(rest[0])) return readIdCommand(first, rest[0] ?? '', rest.slice(1));
  // Only a word that looks like a command is echoed: anything else could be a misplaced secret.
  const shown = /^[a-z]{1,24}$/.test(first) ? ` "${first}"` : '';
  throw new UsageError(`unknown command${shown}`, allCommandNames);
}

function readIdCommand(id: string, verb: string, args: readonly string[]): Command {
  if (id === 'all') throw new UsageError(`only get applies to all, not ${verb}`, ['list']);
  if (verb === 'update') return readUpdate(id, args);
  const name = verb as 'get' | 'enable' | 'disable' | 'delete';
  const [token] = positional(name, args, 0, true);
  return { name, id, token };
}

function readUpdate(id: string, args: readonly string[]): Command {
  const [form, ...rest] = args;
  switch (form) {
    case 'tags': {
      const [tags, token] = positional('update tags', rest, 1, true);
      return { name: 'update tags', id, tags: jsonTags(tags), token };
    }
    case 'email': {
      const [email, token] = positional('update email', rest, 1, true);
      return { name: 'update email', id, email, token };
    }
    case 'username': {
      const [username, token] = positional('update username', rest, 1, true);
      return { name: 'update username', id, username, token };
    }
    case 'role': {
      const [role, token] = positional('update role', rest, 1, true);
      if (!roles.has(role)) throw new UsageError('the role must be user or admin', ['update role']);
      return { name: 'update role', id, role: role as UserRole, token };
    }
    default: {
      const [changes, token] = positional('update', args, 1, true);
      return { name: 'update', id, changes: jsonChanges(changes), token };
    }
  }
}

function readList(args: readonly string[], options: ReadonlyMap<string, string>): Command {
  const [token] = positional('list', args, 0, true);
  const params: ListUsersParams = pagingOf(options, 'list');
  const status = options.get('status');
  const metadata = options.get('metadata');
  const identity = options.get('identity');
  const email = options.get('email');
  if (identity !== undefined && email !== undefined) {
    throw new UsageError('-I/--identity and -e/--email are the same filter: give one', ['list']);
  }
  if (status !== undefined) params.status = listStatus(status);
  if (metadata !== undefined) params.metadata = jsonObject(metadata, '--metadata', 'list');
  if ((identity ?? email) !== undefined) params.email = identity ?? email;
  return { name: 'list', params, token };
}

/** `-l`, `-o` and `-n` (the upstream name filter: the username) of `all get` and `search`. */
function pagingOf(
  options: ReadonlyMap<string, string>,
  topic: 'list' | 'search',
): { limit?: number; offset?: number; username?: string } {
  const paging: { limit?: number; offset?: number; username?: string } = {};
  const limit = options.get('limit');
  const offset = options.get('offset');
  const name = options.get('name');
  if (limit !== undefined) paging.limit = wholeNumber(limit, '--limit', topic);
  if (offset !== undefined) paging.offset = wholeNumber(offset, '--offset', topic);
  if (name !== undefined) paging.username = name;
  return paging;
}

function listStatus(value: string): NonNullable<ListUsersParams['status']> {
  if (!statuses.has(value))
    throw new UsageError('--status must be enabled, disabled, deleted or all', ['list']);
  return value as NonNullable<ListUsersParams['status']>;
}

/**
 * Checks that `args` holds exactly `required` words, plus one optional trailing `<token>` when `token` is set, and
 * returns them with the token (or `undefined`) last.
 */
function positional<N extends number>(
  topic: CommandName,
  args: readonly string[],
  required: N,
  token = false,
): [...Strings<N>, string | undefined] {
  const most = token ? required + 1 : required;
  if (args.length < required || args.length > most) {
    const expected = most === required ? `${required}` : `${required} or ${most}`;
    throw new UsageError(`${topic} takes ${expected} argument${most === 1 ? '' : 's'}, got ${args.length}`, [
      topic,
    ]);
  }
  return [...args.slice(0, required), args[required]] as unknown as [...Strings<N>, string | undefined];
}
