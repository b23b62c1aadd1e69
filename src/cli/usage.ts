/**
 * The usage lines of every command, the help page, and which usage a word on the command line asks about.
 *
 * @module
 */
import type { CommandName } from './command.ts';

/** The name the tool is installed under. */
export const programName = 'magistrala-users';

/** The usage of each command, after the program name, in the order the help page lists them. */
const usages: Readonly<Record<CommandName, string>> = {
  create: 'create <first_name> <last_name> <email> <username> <password> [<token>]',
  token: 'token <username|email> [<password>]',
  refreshtoken: 'refreshtoken <refresh_token>',
  get: '<id> get [<token>]',
  list: 'all get [<token>] [-l <limit>] [-o <offset>] [-n <username>] [-I <email>] [-S <status>] [-m <json>]',
  update: "<id> update '<json>' [<token>]",
  'update tags': "<id> update tags '<json array>' [<token>]",
  'update email': '<id> update email <email> [<token>]',
  'update username': '<id> update username <username> [<token>]',
  'update role': '<id> update role <user|admin> [<token>]',
  password: 'password [<old_password> <new_password>] [<token>]',
  resetpasswordrequest: 'resetpasswordrequest <email>',
  resetpassword: 'resetpassword [<password> <confirm_password>] <reset_token>',
  enable: '<id> enable [<token>]',
  disable: '<id> disable [<token>]',
  delete: '<id> delete [<token>]',
  profile: 'profile [<token>]',
  search: "search '<key>=<value>[&<key>=<value>…]' [<token>] [-l <limit>] [-o <offset>]",
  sendverification: 'sendverification [<token>]',
  verifyemail: 'verifyemail <verification_token>',
  logout: 'logout',
  sessions: 'sessions',
  health: 'health',
  help: 'help [<command>]',
  version: '--version',
};

/**
 * Every command name, in help-page order.
 *
 * @example
 * ```ts
 * throw new UsageError('unknown command', allCommandNames);
 * ```
 */
export const allCommandNames: readonly CommandName[] = Object.keys(usages) as CommandName[];

/** The id-first forms, by their verb; `update` covers its four keyword forms too. */
const idVerbs: Readonly<Record<string, readonly CommandName[]>> = {
  get: ['get', 'list'],
  update: ['update', 'update tags', 'update email', 'update username', 'update role'],
  enable: ['enable'],
  disable: ['disable'],
  delete: ['delete'],
};

/**
 * Whether `word` is one of the verbs of the id-first forms (`<id> get`, `<id> update …`, …).
 *
 * @example
 * ```ts
 * isIdVerb('enable'); // true
 * ```
 */
export function isIdVerb(word: string | undefined): boolean {
  return word !== undefined && Object.hasOwn(idVerbs, word);
}

/**
 * The usage of `topics`: one line each, the first after `usage:` and the others aligned under it; `''` for none.
 *
 * @example
 * ```ts
 * usageOf(['token']); // 'usage: magistrala-users token <username|email> <password>\n'
 * ```
 */
export function usageOf(topics: readonly CommandName[]): string {
  return topics
    .map((topic, index) => `${index === 0 ? 'usage:' : '      '} ${programName} ${usages[topic]}\n`)
    .join('');
}

/**
 * The commands a help request names: `help update`, `update --help`, `all get --help`, `<id> delete --help`.
 * Empty when the words name none (the whole help page is wanted).
 *
 * @example
 * ```ts
 * topicsFor(['all', 'get']); // ['list']
 * ```
 */
export function topicsFor(words: readonly string[]): readonly CommandName[] {
  const [first, second] = words;
  if (first === undefined) return [];
  if (first === 'all') return ['list'];
  if (Object.hasOwn(usages, first) && !isIdVerb(first)) return [first as CommandName];
  const verb = isIdVerb(first) ? first : second;
  return (verb !== undefined && idVerbs[verb]) || [];
}

/**
 * The whole help page.
 *
 * @example
 * ```ts
 * process.stdout.write(helpPage());
 * ```
 */
export function helpPage(): string {
  const commands = allCommandNames.map((topic) => `  ${usages[topic]}`).join('\n');
  return `${programName}: the Magistrala / SuperMQ users service from the command line

Usage: ${programName} [options] [users] <command> [<arguments>]

Commands:
${commands}
  fake [--port <n>] [--cors]   run the fake users service on 127.0.0.1 until interrupted (see fake --help)

Options (the one-letter forms are the upstream magistrala-cli's):
  -u, --users-url <url>  the users service (also --url; default: $MAGISTRALA_USERS_URL, else the config
                         file's remotes.users_url, else http://localhost:9002; for ATOM http://localhost:8080)
  --backend <name>       supermq, or atom for Magistrala v0.40 and later (default: $MAGISTRALA_BACKEND, else supermq)
  --profile <name>       which saved session for that server (default: $MAGISTRALA_PROFILE, else "default")
  -c, --config <file>    the upstream CLI's TOML config: remotes.users_url, filter.limit, filter.offset,
                         filter.name, filter.email, filter.metadata, raw_output
  -r, --raw              compact JSON on one line, for scripts
  -l, --limit <n>        page size (all get, search)
  -o, --offset <n>       page start (all get, search)
  -n, --name <username>  username filter (all get, search)
  -I, --identity <email> email filter (all get; also -e, --email)
  -S, --status <status>  enabled, disabled, deleted or all (all get)
  -m, --metadata <json>  metadata filter (all get)
  --password-stdin       read the password from standard input (password: old, then new, one a line)
  --session <path>       one session file in place of the saved one per server and profile
                         (also $MAGISTRALA_USERS_SESSION)
  -h, --help             this page, or with a command its usage
  --version              the version
  --                     the end of the options: every word after it is an argument

The upstream options for other services (-t, -d, -b, -s, -p, -R, -v, -a, -H, -y, -z, -T, -C) and -i/--insecure,
-x/--curl are refused with the reason.

\`token\` logs in and saves the session for that server and profile; later commands against the same server use it
and refresh its tokens by themselves, so their [<token>] can be left out. A <token> given is used as it is, for that
command alone. \`logout\` ends the session; \`sessions\` lists the saved ones (never their tokens).
Passwords left off the command line are read from --password-stdin, else $MAGISTRALA_PASSWORD (the current one)
and $MAGISTRALA_NEW_PASSWORD (password, resetpassword), else asked for on the terminal without echo.
\`search\` takes username (or name), first_name (or firstname), last_name (or lastname), id, limit and offset.
Replies are printed as JSON; commands with an empty reply print "ok". Exit status: 0 on success, 1 when the
request failed, 2 when the command line or its input is wrong.
`;
}
