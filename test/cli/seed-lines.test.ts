import type { TokenPair } from 'magistrala-users';
import type { FakeUsersService } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import { type RunResult, runCli, shellWords, useFakeService } from './support.ts';

let service: FakeUsersService;
let env: Record<string, string>;

useFakeService((setup) => {
  ({ service, env } = setup);
});

/** A seed page line as written there, `magistrala-cli` and all, with `{id}` for the user the page works on. */
const seedLines = [
  'magistrala-cli users {id} update \'{"first_name":"Janice", "last_name":"Doe"}\' token',
  'magistrala-cli users {id}  update \'{"metadata":{"aoty": "1"}}\'  token',
  'magistrala-cli users  {id} update tags \'["light 1", "light 2"]\' token',
  'magistrala-cli users {id} update email Janice@example.com  token',
  'magistrala-cli users  {id} update username Janice  token',
  'magistrala-cli users {id} disable token',
  'magistrala-cli users {id} enable token',
  'magistrala-cli users all get token',
  'magistrala-cli users profile token',
  'magistrala-cli users {id} delete token',
];

async function run(line: string, id: string, token?: string): Promise<RunResult> {
  const words = shellWords(line.replaceAll('{id}', id)).slice(1);
  return runCli(token === undefined ? words : words.map((word) => (word === 'token' ? token : word)), env);
}

describe('the seed page lines, verbatim, with a saved session', () => {
  it('log in and create as written, and print the same shapes', async () => {
    const login = await runCli(shellWords('magistrala-cli users token admin 12345678').slice(1), env);
    expect(login.status, login.stderr).toBe(0);
    expect(Object.keys(JSON.parse(login.stdout)).sort()).toEqual(['access_token', 'refresh_token']);
    const created = await runCli(
      shellWords('magistrala-cli users create jane doe janicedoe@example.com janicedoe 12345678').slice(1),
      env,
    );
    expect(created.status, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ email: 'janicedoe@example.com', status: 'enabled' });
    const refreshed = await runCli(
      ['users', 'refreshtoken', (JSON.parse(login.stdout) as TokenPair).refresh_token],
      env,
    );
    expect(refreshed.status, refreshed.stderr).toBe(0);
    expect((await runCli(['users', 'resetpasswordrequest', 'janicedoe@example.com'], env)).stdout).toBe(
      'ok\n',
    );
  });

  it('with the word "token" as the token: a usage error that says to leave it out, and nothing sent', async () => {
    expect((await runCli(['users', 'token', 'admin', '12345678'], env)).status).toBe(0);
    const before = service.requests.length;
    for (const line of seedLines) {
      const result = await run(line, 'c3f5d0a8-0000-4000-8000-000000000000');
      expect(result.status, line).toBe(2);
      expect(result.stderr.split('\n')[0]).toMatch(
        /^error: the <token> argument "token" is not a JWT; leave it out to use the saved session \(default on http:\/\/127\.0\.0\.1:\d+\)/,
      );
    }
    expect(service.requests).toHaveLength(before);
  });

  it('with a real token in its place, every line works and prints what the page shows', async () => {
    const login = await runCli(['users', 'token', 'admin', '12345678'], env);
    const { access_token } = JSON.parse(login.stdout) as TokenPair;
    const created = await runCli(
      ['users', 'create', 'jane', 'doe', 'janicedoe@example.com', 'janicedoe', '12345678'],
      env,
    );
    const { id } = JSON.parse(created.stdout) as { id: string };
    const replies = [];
    for (const line of seedLines) {
      const result = await run(line, id, access_token);
      expect(result.status, `${line}\n${result.stderr}`).toBe(0);
      replies.push(result.stdout);
    }
    expect(JSON.parse(replies[0] ?? '')).toMatchObject({ first_name: 'Janice', last_name: 'Doe' });
    expect(JSON.parse(replies[2] ?? '')).toMatchObject({ tags: ['light 1', 'light 2'] });
    expect(JSON.parse(replies[5] ?? '')).toMatchObject({ status: 'disabled' });
    expect(JSON.parse(replies[7] ?? '')).toMatchObject({ total: 2 });
    expect(replies.at(-1)).toBe('ok\n');
  });

  it('password and search as written work with the saved session when the word "token" is left out', async () => {
    expect((await runCli(['users', 'token', 'admin', '12345678'], env)).status).toBe(0);
    const search = await runCli(['users', 'search', 'username=adm'], env);
    expect(search.status, search.stderr).toBe(0);
    const password = await runCli(shellWords('users password 12345678 123456789'), env);
    expect(password.status, password.stderr).toBe(0);
    expect((await runCli(['users', 'token', 'admin', '123456789'], env)).status).toBe(0);
  });
});

describe('a <token> argument the server refuses', () => {
  it('is named as the argument that was used as the bearer and refused', async () => {
    expect((await runCli(['users', 'token', 'admin', '12345678'], env)).status).toBe(0);
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2ln';
    const result = await runCli(['users', 'profile', forged], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('failed with 401');
    expect(result.stderr).toContain(
      'the <token> argument was used as the bearer instead of the saved session, and the server refused it',
    );
    expect(result.stderr).not.toContain(forged);
  });
});
