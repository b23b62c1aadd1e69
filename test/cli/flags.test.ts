import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type FakeUsersService, type LoopbackServer, seededAdmin } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import { refusedOptions } from '../../src/cli/option-table.ts';
import { allCommandNames } from '../../src/cli/usage.ts';
import { type RunResult, runCli, type temporaryDirectory, useFakeService } from './support.ts';

let service: FakeUsersService;
let server: LoopbackServer;
let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
let env: Record<string, string>;

useFakeService((setup) => {
  ({ service, server, directory, env } = setup);
});

const cli = (...argv: string[]): Promise<RunResult> => runCli(argv, env);
const lastQuery = (path: string) => service.requests.filter((request) => request.path === path).at(-1)?.query;

async function logIn(): Promise<void> {
  expect((await cli('token', seededAdmin.username, seededAdmin.password)).status).toBe(0);
}

describe('the upstream filter flags, short and long', () => {
  it.each([
    [['-l', '1', '-o', '1'], { limit: '1', offset: '1' }],
    [['--limit=3', '--offset', '0'], { limit: '3', offset: '0' }],
    [['-n', 'adm'], { username: 'adm' }],
    [['--name', 'adm'], { username: 'adm' }],
    [['-I', 'admin@'], { email: 'admin@' }],
    [['--identity', 'admin@'], { email: 'admin@' }],
    [['-e', 'admin@'], { email: 'admin@' }],
    [['--email', 'admin@'], { email: 'admin@' }],
    [['-S', 'all'], { status: 'all' }],
    [['--status', 'disabled'], { status: 'disabled' }],
    [['-m', '{"team":"ops"}'], { metadata: '{"team":"ops"}' }],
    [['--metadata', '{"team":"ops"}'], { metadata: '{"team":"ops"}' }],
  ])('all get %j sends %j', async (flags, query) => {
    await logIn();
    const result = await cli('all', 'get', ...flags);
    expect(result.status, result.stderr).toBe(0);
    expect(lastQuery('/users')).toEqual(query);
  });

  it('applies -l, -o and -n to search, with the query winning where both say', async () => {
    await logIn();
    expect((await cli('search', 'username=adm', '-l', '5', '-o', '1')).status).toBe(0);
    expect(lastQuery('/users/search')).toEqual({ username: 'adm', limit: '5', offset: '1' });
    expect((await cli('search', 'username=adm&limit=2', '-l', '5')).status).toBe(0);
    expect(lastQuery('/users/search')).toEqual({ username: 'adm', limit: '2' });
    expect((await cli('search', 'id=abc', '-n', 'adm')).status).toBe(0);
    expect(lastQuery('/users/search')).toEqual({ id: 'abc', username: 'adm' });
  });

  it.each([
    [['profile', '-l', '5'], /^error: --limit applies only to all get and search\n/],
    [['search', 'username=adm', '-S', 'all'], /^error: --status applies only to all get\n/],
    [['all', 'get', '-I', 'a@', '-e', 'b@'], /^error: -I\/--identity and -e\/--email are the same filter/],
    [
      ['-u', 'http://127.0.0.1:1', '--url', 'http://127.0.0.1:2', 'health'],
      /^error: give the users service once/,
    ],
  ])('%j is a usage error that says what is wrong', async (argv, message) => {
    const result = await cli(...argv);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(service.requests).toHaveLength(0);
  });
});

describe('-r/--raw', () => {
  it.each([['-r'], ['--raw']])('%s prints the reply as compact JSON on one line', async (flag) => {
    await logIn();
    const result = await cli('profile', flag);
    expect(result.status).toBe(0);
    expect(result.stdout.trimEnd()).not.toContain('\n');
    expect(result.stdout).toBe(`${JSON.stringify(JSON.parse(result.stdout))}\n`);
  });
});

describe('upstream flags the users commands cannot honour', () => {
  const spellings = refusedOptions.flatMap((option) => [
    [`--${option.name}`, option.name],
    ...(option.short ? [[`-${option.short}`, option.name]] : []),
  ]);

  it.each(spellings)('%s is a usage error that names it and says why', async (spelling, name) => {
    const result = await cli(spelling, 'x', 'health');
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(new RegExp(`^error: (-./)?--${name} \\w`));
    expect(service.requests).toHaveLength(0);
  });
});

describe('-c/--config: the upstream TOML file', () => {
  async function config(text: string): Promise<string> {
    const path = join(directory.path, 'config.toml');
    await writeFile(path, text);
    return path;
  }

  it('takes the users URL, the default filters and raw_output, in the upstream layout with string values', async () => {
    const path = await config(`user_token = ""
raw_output = "true"

[filter]
  limit = "2"
  offset = "0"
  topic = ""
  name = "adm"

[remotes]
  things_url = "http://localhost:9000"
  users_url = "${server.url}"
  tls_verification = false
`);
    const noUrl = { XDG_CONFIG_HOME: env.XDG_CONFIG_HOME };
    expect((await runCli(['-c', path, 'token', 'admin', '12345678'], noUrl)).status).toBe(0);
    const result = await runCli(['--config', path, 'all', 'get'], noUrl);
    expect(result.status, result.stderr).toBe(0);
    expect(lastQuery('/users')).toEqual({ limit: '2', offset: '0', username: 'adm' });
    expect(result.stdout.trimEnd()).not.toContain('\n');
  });

  it('lets the command line and MAGISTRALA_USERS_URL win over the file', async () => {
    const path = await config(`[remotes]\nusers_url = "http://127.0.0.1:1"\n[filter]\nlimit = 7\n`);
    await logIn();
    const result = await cli('-c', path, 'all', 'get', '-l', '3');
    expect(result.status, result.stderr).toBe(0);
    expect(lastQuery('/users')).toEqual({ limit: '3' });
  });

  it.each([
    ['a missing file', null, /^error: the config file \(-c\) does not exist\n/],
    [
      'a file that is not TOML',
      'limit = = 3',
      /^error: the config file \(-c\) is not valid TOML \(line 1\)\n/,
    ],
    [
      'a limit that is not a number',
      '[filter]\nlimit = "ten"',
      /^error: filter.limit in the config file \(-c\) must be a whole number\n/,
    ],
    [
      'a users_url that is not http',
      '[remotes]\nusers_url = "ftp://x"',
      /^error: remotes.users_url in the config file must be/,
    ],
  ])('reports %s as a usage error, sending nothing', async (_title, text, message) => {
    const path = text === null ? join(directory.path, 'nope.toml') : await config(text);
    const result = await runCli(['-c', path, 'all', 'get'], { XDG_CONFIG_HOME: env.XDG_CONFIG_HOME });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(service.requests).toHaveLength(0);
  });
});

describe('--version and -h/--help', () => {
  it('prints the package version', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(await cli('--version')).toEqual({
      status: 0,
      stdout: `magistrala-users ${version}\n`,
      stderr: '',
    });
  });

  const words: Record<string, string[]> = {
    get: ['x', 'get'],
    list: ['all', 'get'],
    update: ['x', 'update'],
    'update tags': ['x', 'update', 'tags'],
    'update email': ['x', 'update', 'email'],
    'update username': ['x', 'update', 'username'],
    'update role': ['x', 'update', 'role'],
    enable: ['x', 'enable'],
    disable: ['x', 'disable'],
    delete: ['x', 'delete'],
    version: [],
  };
  it.each(allCommandNames.filter((name) => name !== 'version'))(
    '%s -h and --help print its usage',
    async (name) => {
      const argv = words[name] ?? [name];
      for (const flag of ['-h', '--help']) {
        const result = await cli(...argv, flag);
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/^(usage: )?magistrala-users/);
        if (name !== 'help')
          expect(result.stdout).toContain(name === 'list' ? 'all get' : name.split(' ')[0]);
      }
      expect(service.requests).toHaveLength(0);
    },
  );

  it('puts what was wrong on the first line, before the usage', async () => {
    const result = await cli('token', 'a', 'b', 'c');
    expect(result.stderr.split('\n')).toEqual([
      'error: token takes 1 or 2 arguments, got 3',
      'usage: magistrala-users token <username|email> [<password>]',
      '',
    ]);
  });
});

describe('what the server sends, printed safely', () => {
  it('strips control characters from a server message', async () => {
    service.fail(
      { path: '/health' },
      { kind: 'status', status: 400, body: { message: 'bad\u001b[2J\u0007 news\u202e!' } },
    );
    const result = await cli('health');
    expect(result.status).toBe(1);
    // The SDK removes an escape sequence whole (issue 7, item 7), so not even its printable tail "[2J" is left.
    expect(result.stderr).toBe('error: GET /health failed with 400: bad news!\n');
  });

  it('escapes them in JSON replies, which keep their meaning', async () => {
    await logIn();
    const created = await cli('create', 'a\u202eb\u009bc', 'doe', 'odd@example.com', 'oddone', '12345678');
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain('"first_name": "a\\u202eb\\u009bc"');
    expect(created.stdout).not.toMatch(/[\u009b\u202e]/);
    expect(JSON.parse(created.stdout).first_name).toBe('a\u202eb\u009bc');
  });
});
