import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/cli/command.ts';
import { parseArgv } from '../../src/cli/parse.ts';
import { UsageError } from '../../src/cli/usage-error.ts';
import { shellWords } from './support.ts';

const id = '26ae3198-6060-4308-824c-c846953b9898';
const token = 'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3MzkyOTQxMjd9.Qot3ZoqC1enhAS3YEJY3WJ';

/** Parses a documented line: the program name is dropped, the rest (starting with `users`) is the argv. */
function parseLine(line: string): Command {
  const [, ...argv] = shellWords(line);
  const parsed = parseArgv(argv);
  if (parsed instanceof UsageError) throw parsed;
  return parsed.command;
}

function usageErrorOf(argv: readonly string[]): UsageError {
  const parsed = parseArgv(argv);
  if (!(parsed instanceof UsageError)) throw new Error('expected a usage error');
  return parsed;
}

describe('parseArgv: the seed page lines', () => {
  // Every example line of the seed page, with its program name left as it is written there.
  const seedLines: [string, Command][] = [
    [
      'magistrala-cli users create jane doe janicedoe@example.com janicedoe 12345678',
      {
        name: 'create',
        user: {
          first_name: 'jane',
          last_name: 'doe',
          email: 'janicedoe@example.com',
          credentials: { username: 'janicedoe', secret: '12345678' },
        },
        token: undefined,
      },
    ],
    ['magistrala-cli users token admin 12345678', { name: 'token', username: 'admin', password: '12345678' }],
    [`magistrala-cli users refreshtoken ${token}`, { name: 'refreshtoken', refreshToken: token }],
    [
      ` users 8406eafa-eb9b-430a-8ec-869b2e3bc69e get ${token}`,
      { name: 'get', id: '8406eafa-eb9b-430a-8ec-869b2e3bc69e', token },
    ],
    ['magistrala-cli users all get token', { name: 'list', params: {}, token: 'token' }],
    [
      `magistrala-cli users ${id} update '{"first_name":"Janice", "last_name":"Doe"}' token`,
      { name: 'update', id, changes: { first_name: 'Janice', last_name: 'Doe' }, token: 'token' },
    ],
    [
      `magistrala-cli users ${id}  update '{"metadata":{"aoty": "1"}}'  token`,
      { name: 'update', id, changes: { metadata: { aoty: '1' } }, token: 'token' },
    ],
    [
      `magistrala-cli users  ${id} update tags '["light 1", "light 2"]' token`,
      { name: 'update tags', id, tags: ['light 1', 'light 2'], token: 'token' },
    ],
    [
      `magistrala-cli users ${id} update email Janice@example.com  token`,
      { name: 'update email', id, email: 'Janice@example.com', token: 'token' },
    ],
    [
      `magistrala-cli users  ${id} update username Janice  token`,
      { name: 'update username', id, username: 'Janice', token: 'token' },
    ],
    [
      'magistrala-cli users password 12345678 123456789 token',
      { name: 'password', oldPassword: '12345678', newPassword: '123456789', token: 'token' },
    ],
    [
      'magistrala-cli users resetpasswordrequest jane@example.com',
      { name: 'resetpasswordrequest', email: 'jane@example.com' },
    ],
    [
      `magistrala-cli users resetpassword 87654321 87654321 ${token}`,
      { name: 'resetpassword', password: '87654321', confirmPassword: '87654321', resetToken: token },
    ],
    [`magistrala-cli users ${id} enable token`, { name: 'enable', id, token: 'token' }],
    [`magistrala-cli users ${id} disable token`, { name: 'disable', id, token: 'token' }],
    [
      'magistrala-cli users 28a8be12-f3eb-4917-851b-30bf04ea04a0 delete token',
      { name: 'delete', id: '28a8be12-f3eb-4917-851b-30bf04ea04a0', token: 'token' },
    ],
    ['magistrala-cli users profile token', { name: 'profile', token: 'token' }],
    [
      "magistrala-cli users search 'username=jane' token",
      { name: 'search', params: { username: 'jane' }, token: 'token' },
    ],
  ];

  it.each(seedLines)('parses the documented line %s', (line, expected) => {
    expect(parseLine(line)).toEqual(expected);
  });
});

describe('parseArgv: the rest of the grammar', () => {
  const lines: [string, Command][] = [
    [
      'magistrala-users create jane doe jane@example.com janedoe 12345678 tok',
      {
        name: 'create',
        user: {
          first_name: 'jane',
          last_name: 'doe',
          email: 'jane@example.com',
          credentials: { username: 'janedoe', secret: '12345678' },
        },
        token: 'tok',
      },
    ],
    [`magistrala-users ${id} get`, { name: 'get', id, token: undefined }],
    ['magistrala-users all get', { name: 'list', params: {}, token: undefined }],
    [
      `magistrala-users all get --limit 5 --offset=10 --status all --metadata '{"team":"ops"}'`,
      {
        name: 'list',
        params: { limit: 5, offset: 10, status: 'all', metadata: { team: 'ops' } },
        token: undefined,
      },
    ],
    [
      `magistrala-users ${id} update role admin`,
      { name: 'update role', id, role: 'admin', token: undefined },
    ],
    [`magistrala-users ${id} update role user tok`, { name: 'update role', id, role: 'user', token: 'tok' }],
    [`magistrala-users ${id} delete`, { name: 'delete', id, token: undefined }],
    ['magistrala-users profile', { name: 'profile', token: undefined }],
    [
      "magistrala-users search 'firstname=jane&lastname=doe&limit=5&offset=1'",
      {
        name: 'search',
        params: { first_name: 'jane', last_name: 'doe', limit: 5, offset: 1 },
        token: undefined,
      },
    ],
    [
      "magistrala-users search 'first_name=Mary%26Ann&last_name=O+Neil&id=abc'",
      {
        name: 'search',
        params: { first_name: 'Mary&Ann', last_name: 'O+Neil', id: 'abc' },
        token: undefined,
      },
    ],
    ['magistrala-users sendverification', { name: 'sendverification', token: undefined }],
    ['magistrala-users sendverification tok', { name: 'sendverification', token: 'tok' }],
    ['magistrala-users verifyemail abc', { name: 'verifyemail', verificationToken: 'abc' }],
    ['magistrala-users logout', { name: 'logout' }],
    ['magistrala-users users health', { name: 'health' }],
    ['magistrala-users help', { name: 'help', topics: [] }],
    ['magistrala-users --help', { name: 'help', topics: [] }],
    ['magistrala-users -h', { name: 'help', topics: [] }],
    ['magistrala-users help token', { name: 'help', topics: ['token'] }],
    ['magistrala-users create --help', { name: 'help', topics: ['create'] }],
    ['magistrala-users all get -h', { name: 'help', topics: ['list'] }],
    [
      `magistrala-users ${id} update --help`,
      {
        name: 'help',
        topics: ['update', 'update tags', 'update email', 'update username', 'update role'],
      },
    ],
    ['magistrala-users users get', { name: 'get', id: 'users', token: undefined }],
    [
      'magistrala-users token jane -- --password-with-dashes',
      { name: 'token', username: 'jane', password: '--password-with-dashes' },
    ],
    ['magistrala-users token jane -secret', { name: 'token', username: 'jane', password: '-secret' }],
    ['magistrala-users token jane', { name: 'token', username: 'jane', password: undefined }],
    ['magistrala-users password', { name: 'password', token: undefined }],
    ['magistrala-users password tok', { name: 'password', token: 'tok' }],
    ['magistrala-users resetpassword rt', { name: 'resetpassword', resetToken: 'rt' }],
    ['magistrala-users sessions', { name: 'sessions' }],
    ['magistrala-users --version', { name: 'version' }],
  ];

  it.each(lines)('parses %s', (line, expected) => {
    expect(parseLine(line)).toEqual(expected);
  });

  it('reads --url and --session anywhere on the line, in either spelling', () => {
    const parsed = parseArgv(['profile', '--url', 'http://127.0.0.1:1', '--session=/tmp/s.json']);
    expect(parsed).toMatchObject({
      command: { name: 'profile', token: undefined },
      url: 'http://127.0.0.1:1',
      session: '/tmp/s.json',
    });
  });
});

describe('parseArgv: usage errors', () => {
  const cases: [string, string[], RegExp, string[]][] = [
    ['no command', [], /a command is missing/, ['create', 'health']],
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/, ['create']],
    ['too few arguments', ['token'], /token takes 1 or 2 arguments, got 0/, ['token']],
    ['too many arguments', ['token', 'a', 'b', 'c'], /token takes 1 or 2 arguments, got 3/, ['token']],
    [
      'create without a password',
      ['create', 'a', 'b', 'c', 'd'],
      /create takes 5 or 6 arguments, got 4/,
      ['create'],
    ],
    [
      'a missing reset token',
      ['resetpassword', 'a', 'a'],
      /resetpassword takes 1 or 3 arguments, got 2/,
      ['resetpassword'],
    ],
    ['an update that is not JSON', [id, 'update', '{nope'], /the update is not valid JSON/, ['update']],
    ['an update that is not an object', [id, 'update', '[1]'], /must be a JSON object/, ['update']],
    [
      'an update of another field',
      [id, 'update', '{"email":"a@b.c"}'],
      /may hold only first_name/,
      ['update email'],
    ],
    [
      'an update field of the wrong type',
      [id, 'update', '{"first_name":1}'],
      /first_name must be a JSON string/,
      ['update'],
    ],
    ['tags that are not strings', [id, 'update', 'tags', '[1]'], /array of strings/, ['update tags']],
    ['an unknown role', [id, 'update', 'role', 'root'], /user or admin/, ['update role']],
    ['all with another verb', ['all', 'delete'], /only get applies to all/, ['list']],
    ['a bad --limit', ['all', 'get', '--limit', 'ten'], /--limit must be a whole number/, ['list']],
    ['a bad --status', ['all', 'get', '--status', 'gone'], /--status must be/, ['list']],
    ['a bad --metadata', ['all', 'get', '--metadata', '[]'], /--metadata must be a JSON object/, ['list']],
    [
      '--limit on another command',
      ['profile', '--limit', '5'],
      /--limit applies only to all get and search/,
      ['list'],
    ],
    [
      '--status on search',
      ['search', 'username=jane', '-S', 'all'],
      /--status applies only to all get/,
      ['list'],
    ],
    ['an option without a value', ['profile', '--url'], /--url needs a value/, []],
    ['an unknown option', ['profile', '--frob'], /unknown option/, []],
    ['an unknown search key', ['search', 'email=a@b.c'], /unknown search key/, ['search']],
    ['a repeated search key', ['search', 'username=abc&username=abd'], /username is given twice/, ['search']],
    ['a search pair without =', ['search', 'jane'], /key=value/, ['search']],
    [
      'a non-numeric search limit',
      ['search', 'username=jane&limit=x'],
      /limit must be a whole number/,
      ['search'],
    ],
    ['arguments after logout', ['logout', 'now'], /logout takes 0 arguments, got 1/, ['logout']],
  ];

  it.each(cases)('reports %s with the usage that explains it', (_title, argv, message, topics) => {
    const error = usageErrorOf(argv);
    expect(error.message).toMatch(message);
    expect(error.topics).toEqual(expect.arrayContaining(topics));
  });

  it('never echoes a word that could be a secret', () => {
    const secrets = ['Sup3r-Secret!', '--Sup3r-Secret', 'eyJhbGciOiJIUzUxMiJ9.eyJ4IjoxfQ.c2ln'];
    for (const secret of secrets) {
      expect(usageErrorOf([secret]).message).not.toContain(secret.replace(/^--/, ''));
      expect(usageErrorOf(['profile', `--${secret}=x`]).message).not.toContain(secret.replace(/^--/, ''));
    }
  });
});
