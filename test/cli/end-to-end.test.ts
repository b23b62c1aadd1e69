import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TokenPair as Pair } from 'magistrala-users';
import { type FakeUsersService, type LoopbackServer, seededAdmin } from 'magistrala-users/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliSetup, type RunResult, runCli, type temporaryDirectory, useFakeService } from './support.ts';

interface PrintedUser {
  id: string;
  first_name?: string;
  email?: string;
  status?: string;
  role?: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
  credentials?: { username?: string };
}

interface PrintedPage {
  total: number;
  limit: number;
  offset: number;
  users: PrintedUser[];
}

let service: FakeUsersService;
let server: LoopbackServer;
let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
let sessionFile: string;
let env: Record<string, string>;
/** The service's clock runs this many ms off the real one: tokens look older to the CLI than they are. */
let skew = 0;
/** What the CLI records beside the tokens it saves. */
let owner: { server: string; profile: string };

/** This test's fixture: a test that restarts the server hands the new one back here, to be closed. */
let fixture: CliSetup;

// Back to the real clock before the next service is made.
afterEach(() => {
  skew = 0;
});

useFakeService(
  (setup) => {
    fixture = setup;
    ({ service, server, directory } = setup);
    sessionFile = join(directory.path, 'session.json');
    env = { MAGISTRALA_USERS_URL: server.url, MAGISTRALA_USERS_SESSION: sessionFile };
    owner = { server: server.url.replace(/\/+$/, ''), profile: 'default' };
  },
  { now: () => Date.now() + skew },
);

const cli = (...argv: string[]): Promise<RunResult> => runCli(argv, env);

function printed<T>(result: RunResult): T {
  expect(result, result.stderr).toMatchObject({ status: 0, stderr: '' });
  return JSON.parse(result.stdout) as T;
}

async function savedSession(): Promise<Pair | undefined> {
  try {
    return JSON.parse(await readFile(sessionFile, 'utf8')) as Pair;
  } catch {
    return undefined;
  }
}

/**
 * Makes the saved session look `ms` older: the SDK measures a pair's age from when it was received (`received_at`),
 * not from the server's clock, so a skewed service clock no longer does it.
 */
/** What the SDK itself records beside the pair: the server that issued it and when it was received. */
function boundTo(saver: { server: string }) {
  return { server: { url: saver.server, backend: 'supermq' }, received_at: expect.any(Number) };
}

async function ageSavedSession(ms: number): Promise<void> {
  const saved = JSON.parse(await readFile(sessionFile, 'utf8'));
  await writeFile(sessionFile, JSON.stringify({ ...saved, received_at: saved.received_at - ms }));
}

async function logInAsAdmin(): Promise<Pair> {
  return printed<Pair>(await cli('token', seededAdmin.username, seededAdmin.password));
}

async function createJane(): Promise<PrintedUser> {
  return printed<PrintedUser>(await cli('create', 'jane', 'doe', 'jane@example.com', 'janedoe', '12345678'));
}

/** Logs jane in directly against the service, leaving the CLI's saved session alone. */
async function janesAccessToken(password = '12345678'): Promise<string> {
  const reply = await service.fetch('/users/tokens/issue', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'janedoe', password }),
  });
  expect(reply.status).toBe(201);
  return ((await reply.json()) as Pair).access_token;
}

const lastRequest = (method: string, path: string) =>
  service.requests.filter((request) => request.method === method && request.path === path).at(-1);

describe('magistrala-users against the fake service', () => {
  it('logs in with token, prints the pair and saves it to a file only its owner can read', async () => {
    const pair = await logInAsAdmin();
    expect(pair.access_token).toMatch(/^ey/);
    expect(await savedSession()).toEqual({ ...pair, saved_by: owner, ...boundTo(owner) });
    if (process.platform !== 'win32') expect((await stat(sessionFile)).mode & 0o777).toBe(0o600);
    expect(lastRequest('POST', '/users/tokens/issue')?.json).toMatchObject({ username: 'admin' });
  });

  it('runs create, get, all get, the updates, enable, disable, search, profile and delete on the saved session', async () => {
    const admin = await logInAsAdmin();
    const jane = await createJane();
    expect(jane).toMatchObject({ first_name: 'jane', email: 'jane@example.com', status: 'enabled' });
    expect(printed<PrintedUser>(await cli(jane.id, 'get')).id).toBe(jane.id);

    const page = printed<PrintedPage>(await cli('all', 'get', '--limit', '1', '--status', 'all'));
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(page.users).toHaveLength(1);
    expect(lastRequest('GET', '/users')?.query).toEqual({ limit: '1', status: 'all' });

    expect(
      printed<PrintedUser>(await cli(jane.id, 'update', '{"first_name":"Janice","metadata":{"aoty":"1"}}')),
    ).toMatchObject({ first_name: 'Janice', metadata: { aoty: '1' } });
    expect(printed<PrintedUser>(await cli(jane.id, 'update', 'tags', '["light 1","light 2"]')).tags).toEqual([
      'light 1',
      'light 2',
    ]);
    expect(printed<PrintedUser>(await cli(jane.id, 'update', 'email', 'janice@example.com')).email).toBe(
      'janice@example.com',
    );
    expect(printed<PrintedUser>(await cli(jane.id, 'update', 'username', 'janice')).credentials).toEqual({
      username: 'janice',
    });
    expect(printed<PrintedUser>(await cli(jane.id, 'update', 'role', 'admin')).role).toBe('admin');
    expect(printed<PrintedUser>(await cli(jane.id, 'update', 'role', 'user')).role).toBe('user');

    expect(printed<PrintedUser>(await cli(jane.id, 'disable')).status).toBe('disabled');
    expect(printed<PrintedUser>(await cli(jane.id, 'enable')).status).toBe('enabled');

    const found = printed<PrintedPage>(await cli('search', 'username=jan&limit=5'));
    expect(found.users.map((user) => user.id)).toEqual([jane.id]);
    expect(lastRequest('GET', '/users/search')?.query).toEqual({ username: 'jan', limit: '5' });

    expect(printed<PrintedUser>(await cli('profile')).credentials).toEqual({ username: 'admin' });

    expect(await cli(jane.id, 'delete')).toEqual({ status: 0, stdout: 'ok\n', stderr: '' });
    expect(lastRequest('DELETE', `/users/${jane.id}`)?.headers.authorization).toBe(
      `Bearer ${admin.access_token}`,
    );
  });

  it('uses a trailing <token> as the bearer, without a saved session', async () => {
    const jane = await createJane();
    const janesToken = await janesAccessToken();
    const changed = printed<PrintedUser>(await cli('password', '12345678', '87654321', janesToken));
    expect(changed.id).toBe(jane.id);
    expect(lastRequest('PATCH', '/users/secret')?.headers.authorization).toBe(`Bearer ${janesToken}`);
    expect(printed<PrintedUser>(await cli('profile', janesToken)).id).toBe(jane.id);
    expect(await janesAccessToken('87654321')).toMatch(/^ey/);
    expect(await savedSession()).toBeUndefined();
  });

  it('prefers a trailing <token> over the saved session', async () => {
    await logInAsAdmin();
    await createJane();
    const janesToken = await janesAccessToken();
    expect(printed<PrintedUser>(await cli('profile', janesToken)).credentials).toEqual({
      username: 'janedoe',
    });
    expect(lastRequest('GET', '/users/profile')?.headers.authorization).toBe(`Bearer ${janesToken}`);
  });

  it('creates a user without any session when the server allows self-registration', async () => {
    const jane = await createJane();
    expect(jane.id).toBeTruthy();
    expect(lastRequest('POST', '/users')?.headers.authorization).toBeUndefined();
  });

  it('refreshes the saved tokens by itself when they are due, and saves the new pair', async () => {
    const first = await logInAsAdmin();
    await ageSavedSession(6 * 60_000);
    expect(printed<PrintedUser>(await cli('profile')).credentials).toEqual({ username: 'admin' });
    expect(service.count('POST', '/users/tokens/refresh')).toBe(1);
    const saved = await savedSession();
    expect(saved?.refresh_token).not.toBe(first.refresh_token);
    expect(lastRequest('GET', '/users/profile')?.headers.authorization).toBe(`Bearer ${saved?.access_token}`);
  });

  it('refreshes once for runs that start together on the same session file', async () => {
    await logInAsAdmin();
    await ageSavedSession(6 * 60_000);
    const runs = await Promise.all([cli('profile'), cli('profile'), cli('all', 'get'), cli('profile')]);
    expect(runs.map((run) => run.status)).toEqual([0, 0, 0, 0]);
    // Strict rotation: a second refresh with the spent token would have revoked the session.
    expect(service.count('POST', '/users/tokens/refresh')).toBe(1);
    expect(printed<PrintedUser>(await cli('profile')).credentials).toEqual({ username: 'admin' });
  });

  it('refreshtoken prints a new pair and replaces the saved session with it', async () => {
    const first = await logInAsAdmin();
    const renewed = printed<Pair>(await cli('refreshtoken', first.refresh_token));
    expect(renewed.refresh_token).not.toBe(first.refresh_token);
    expect(lastRequest('POST', '/users/tokens/refresh')?.headers.authorization).toBe(
      `Bearer ${first.refresh_token}`,
    );
    expect(await savedSession()).toEqual({ ...renewed, saved_by: owner, ...boundTo(owner) });
    // Under strict rotation the first refresh token is spent: the saved session must be the one that still works.
    expect(printed<PrintedUser>(await cli('profile')).credentials).toEqual({ username: 'admin' });
  });

  it('refreshtoken without a saved session prints the pair and saves nothing', async () => {
    const reply = await service.fetch('/users/tokens/issue', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: seededAdmin.username, password: seededAdmin.password }),
    });
    const { refresh_token } = (await reply.json()) as Pair;
    const renewed = printed<Pair>(await cli('refreshtoken', refresh_token));
    expect(renewed.access_token).toMatch(/^ey/);
    expect(await savedSession()).toBeUndefined();
  });

  it('logout revokes the session on the server and forgets it', async () => {
    await logInAsAdmin();
    expect(await cli('logout')).toEqual({ status: 0, stdout: 'ok\n', stderr: '' });
    expect(service.count('POST', '/users/tokens/revoke')).toBe(1);
    expect(await savedSession()).toBeUndefined();

    const after = await cli('profile');
    expect(after.status).toBe(1);
    expect(after.stdout).toBe('');
    expect(after.stderr).toContain('error: Not logged in');
    expect(after.stderr).toContain('magistrala-users token <username|email>');
    expect(service.count('GET', '/users/profile')).toBe(0);
  });

  it('health needs no session', async () => {
    expect(printed<{ status: string }>(await cli('health')).status).toBe('pass');
  });

  it('reset-password and verification commands print ok', async () => {
    await createJane();
    expect(await cli('resetpasswordrequest', 'jane@example.com')).toMatchObject({
      status: 0,
      stdout: 'ok\n',
    });
    const resetMail = service.outbox.find((mail) => mail.kind === 'password-reset');
    expect(await cli('resetpassword', 'abcdefgh', 'abcdefgh', resetMail?.token ?? '')).toMatchObject({
      status: 0,
      stdout: 'ok\n',
    });
    const janesToken = await janesAccessToken('abcdefgh');
    expect(await cli('sendverification', janesToken)).toMatchObject({ status: 0, stdout: 'ok\n' });
    const verifyMail = service.outbox.find((mail) => mail.kind === 'verification');
    expect(await cli('verifyemail', verifyMail?.token ?? '')).toMatchObject({ status: 0, stdout: 'ok\n' });
  });
});

describe('magistrala-users failures', () => {
  it('prints the server message of a 404 to stderr and exits 1', async () => {
    await logInAsAdmin();
    const result = await cli('no-such-user', 'get');
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: 'error: GET /users/no-such-user failed with 404: entity not found\n',
    });
  });

  it('prints a usage error with the command usage and exits 2, sending nothing', async () => {
    const result = await cli('token');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'error: token takes 1 or 2 arguments, got 0\nusage: magistrala-users token <username|email> [<password>]\n',
    );
    expect(service.requests).toHaveLength(0);
  });

  it('lists the issues of an invalid input with the usage and exits 2, sending nothing', async () => {
    await logInAsAdmin();
    const before = service.requests.length;
    const result = await cli('search', 'username=ab');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "error: invalid input\n  params.username: must be at least 3 bytes (UTF-8)\nusage: magistrala-users search '<key>=<value>[&<key>=<value>…]' [<token>] [-l <limit>] [-o <offset>]\n",
    );
    expect(service.requests).toHaveLength(before);
  });

  it('ends a session the server refuses to refresh, and says how to log in again', async () => {
    await logInAsAdmin();
    await ageSavedSession(6 * 60_000);
    service.fail(
      { path: '/users/tokens/refresh' },
      { kind: 'status', status: 401, body: { message: 'revoked' } },
    );
    const result = await cli('profile');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('(POST /users/tokens/refresh failed with 401: revoked)');
    expect(result.stderr).toContain('log in with "magistrala-users token <username|email>"');
    expect(await savedSession()).toBeUndefined();
  });

  it('reports a service it cannot reach and exits 1', async () => {
    await server.close();
    const result = await cli('token', 'admin', '12345678');
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: `error: could not reach ${new URL(server.url).host} (POST /users/tokens/issue could not connect)\n`,
    });
    server = await service.listen();
    fixture.server = server;
  });

  it('rejects a service URL that is not http(s) with exit status 2', async () => {
    const result = await runCli(['health'], { ...env, MAGISTRALA_USERS_URL: 'ftp://example.com' });
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr).toContain('MAGISTRALA_USERS_URL must be an absolute http(s) URL');
  });

  it('never prints a password or token, except the pair token and refreshtoken were asked for', async () => {
    const outputs: RunResult[] = [];
    const run = async (...argv: string[]) => {
      const result = await cli(...argv);
      outputs.push(result);
      return result;
    };
    const wrongPassword = 'not-the-Password-42';
    await run('token', 'admin', wrongPassword);
    const admin = await logInAsAdmin();
    const jane = printed<PrintedUser>(
      await run('create', 'jane', 'doe', 'jane@example.com', 'janedoe', 'Jane-Secret-1'),
    );
    await run('password', 'wrong-old-Secret-9', 'New-Secret-2');
    await run(jane.id, 'get', 'not.a-valid.token');
    await run('profile');
    await run('logout');
    await run('profile');
    const secrets = [
      wrongPassword,
      'Jane-Secret-1',
      'wrong-old-Secret-9',
      'New-Secret-2',
      'not.a-valid.token',
    ];
    secrets.push(admin.access_token, admin.refresh_token);
    for (const { stdout, stderr } of outputs) {
      for (const secret of secrets) {
        expect(stdout).not.toContain(secret);
        expect(stderr).not.toContain(secret);
      }
    }
    expect(outputs[0]?.stderr).toContain('failed with 401');
  });
});
