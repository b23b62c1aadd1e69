import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import type { TokenPair as Pair } from 'magistrala-users';
import {
  createFakeUsersService,
  type FakeUsersService,
  type FakeUsersServiceOptions,
  type LoopbackServer,
  seededAdmin,
} from 'magistrala-users/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunResult, runCli, temporaryDirectory } from './support.ts';

const hour = 3_600_000;

let service: FakeUsersService;
let server: LoopbackServer | undefined;
let directory: Awaited<ReturnType<typeof temporaryDirectory>> | undefined;
let sessionFile: string;
let env: Record<string, string>;
/** The service's clock runs this many ms off the real one: tokens look older to the CLI than they are. */
let skew = 0;

async function start(options: FakeUsersServiceOptions = {}): Promise<void> {
  skew = 0;
  service = createFakeUsersService({ ...options, now: () => Date.now() + skew });
  server = await service.listen();
  directory = await temporaryDirectory();
  sessionFile = join(directory.path, 'session.json');
  env = { MAGISTRALA_USERS_URL: server.url, MAGISTRALA_USERS_SESSION: sessionFile };
}

afterEach(async () => {
  await server?.close();
  await directory?.remove();
  server = undefined;
  directory = undefined;
});

const cli = (...argv: string[]): Promise<RunResult> => runCli(argv, env);

function printed<T>(result: RunResult): T {
  expect(result, result.stderr).toMatchObject({ status: 0, stderr: '' });
  return JSON.parse(result.stdout) as T;
}

async function savedFile(): Promise<string | undefined> {
  try {
    return await readFile(sessionFile, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Makes the saved session look `ms` older: the SDK measures a pair's age from when it was received (`received_at`),
 * not from the server's clock, so a skewed service clock no longer does it.
 */
async function ageSavedSession(ms: number): Promise<void> {
  const saved = JSON.parse(await readFile(sessionFile, 'utf8'));
  await writeFile(sessionFile, JSON.stringify({ ...saved, received_at: saved.received_at - ms }));
}

async function logInAsAdmin(): Promise<Pair> {
  return printed<Pair>(await cli('token', seededAdmin.username, seededAdmin.password));
}

/** Creates jane and logs her in directly against the service, leaving the CLI's saved session alone. */
async function janesSession(): Promise<{ id: string; pair: Pair }> {
  const { id } = printed<{ id: string }>(
    await cli('create', 'jane', 'doe', 'jane@example.com', 'janedoe', '12345678'),
  );
  const reply = await service.fetch('/users/tokens/issue', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'janedoe', password: '12345678' }),
  });
  expect(reply.status).toBe(201);
  return { id, pair: (await reply.json()) as Pair };
}

const lastRequest = (method: string, path: string) =>
  service.requests.filter((request) => request.method === method && request.path === path).at(-1);

describe('refreshtoken and the saved session', () => {
  it("prints another user's new pair and leaves the saved session file untouched", async () => {
    await start();
    await logInAsAdmin();
    const jane = await janesSession();
    const before = await savedFile();

    const renewed = printed<Pair>(await cli('refreshtoken', jane.pair.refresh_token));

    expect((await service.verifyToken(renewed.access_token))?.sub).toBe(jane.id);
    expect(await savedFile()).toBe(before);
    expect(printed<{ credentials: { username: string } }>(await cli('profile')).credentials.username).toBe(
      'admin',
    );
  });

  it("replaces the saved session when given that session's own refresh token", async () => {
    await start();
    const first = await logInAsAdmin();
    const renewed = printed<Pair>(await cli('refreshtoken', first.refresh_token));
    expect(JSON.parse((await savedFile()) ?? 'null')).toMatchObject(renewed);
    expect(printed<{ credentials: { username: string } }>(await cli('profile')).credentials.username).toBe(
      'admin',
    );
  });

  it('under SuperMQ, replaces the saved session when given an older refresh token with the same jti', async () => {
    await start({ refreshMode: 'supermq' });
    const first = await logInAsAdmin();
    const second = printed<Pair>(await cli('refreshtoken', first.refresh_token));
    expect(decodeJwt(second.refresh_token).jti).toBe(decodeJwt(first.refresh_token).jti);
    // A second later, so that the next pair differs from the saved one (SuperMQ keeps jti and exp).
    skew += 1_000;

    const third = printed<Pair>(await cli('refreshtoken', first.refresh_token));

    expect(third.refresh_token).not.toBe(second.refresh_token);
    expect(JSON.parse((await savedFile()) ?? 'null')).toMatchObject(third);
  });

  it('never sends the saved refresh token twice when another run refreshes the same session at the same time', async () => {
    await start();
    const first = await logInAsAdmin();
    await ageSavedSession(6 * 60_000);

    const [profile, refreshed] = await Promise.all([
      cli('profile'),
      cli('refreshtoken', first.refresh_token),
    ]);

    expect(profile, profile.stderr).toMatchObject({ status: 0, stderr: '' });
    const pair = printed<Pair>(refreshed);
    const sent = service.requests
      .filter((request) => request.path === '/users/tokens/refresh')
      .map((request) => request.headers.authorization);
    expect(sent.filter((bearer) => bearer === `Bearer ${first.refresh_token}`)).toHaveLength(1);
    // Strict rotation would have ended the session on a second use of the same token. An access token it issued
    // would still verify, so ask the server instead: the login's refresh session is still listed, its current
    // refresh token is the one printed, and that is the one saved.
    expect(await service.verifyToken(pair.access_token)).toBeDefined();
    const sessions = await service.fetch('/users/tokens/refresh-tokens', {
      headers: { authorization: `Bearer ${pair.access_token}` },
    });
    expect(sessions.status).toBe(200);
    expect(await sessions.json()).toEqual({
      refresh_tokens: [expect.objectContaining({ id: decodeJwt(pair.refresh_token).jti })],
    });
    expect(JSON.parse((await savedFile()) ?? 'null')).toMatchObject(pair);
    expect(printed<{ credentials: { username: string } }>(await cli('profile')).credentials.username).toBe(
      'admin',
    );
  });
});

describe('logout and the server-side revoke', () => {
  it('revokes with the saved access token while it is valid, without refreshing', async () => {
    await start();
    const pair = await logInAsAdmin();
    expect(await cli('logout')).toEqual({ status: 0, stdout: 'ok\n', stderr: '' });
    expect(service.count('POST', '/users/tokens/refresh')).toBe(0);
    expect(lastRequest('POST', '/users/tokens/revoke')?.headers.authorization).toBe(
      `Bearer ${pair.access_token}`,
    );
  });

  it('refreshes an expired saved access token first, so that the revoke is sent with a valid one', async () => {
    await start();
    skew = -2 * hour;
    const pair = await logInAsAdmin();
    skew = 0;

    expect(await cli('logout')).toEqual({ status: 0, stdout: 'ok\n', stderr: '' });

    expect(service.count('POST', '/users/tokens/refresh')).toBe(1);
    const revoke = lastRequest('POST', '/users/tokens/revoke');
    const bearer = revoke?.headers.authorization?.replace(/^Bearer /, '') ?? '';
    expect(await service.verifyToken(bearer)).toMatchObject({ type: 0 });
    expect(await savedFile()).toBeUndefined();
    // The only refresh session left on the server is a new login's.
    const fresh = await service.fetch('/users/tokens/issue', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: seededAdmin.username, password: seededAdmin.password }),
    });
    const { access_token, refresh_token } = (await fresh.json()) as Pair;
    const sessions = await service.fetch('/users/tokens/refresh-tokens', {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(await sessions.json()).toEqual({
      refresh_tokens: [{ id: decodeJwt(refresh_token).jti }],
    });
    expect(decodeJwt(refresh_token).jti).not.toBe(decodeJwt(pair.refresh_token).jti);
  });

  it('warns on stderr, still exits 0 and clears the session when the server cannot be told', async () => {
    await start();
    skew = -2 * hour;
    const pair = await logInAsAdmin();
    skew = 0;
    service.fail(
      { path: '/users/tokens/refresh' },
      { kind: 'status', status: 503, body: { message: 'down' } },
    );

    const result = await cli('logout');

    expect(result.status).toBe(0);
    expect(result.stdout).toBe('ok\n');
    expect(result.stderr).toBe(
      'warning: the session was cleared here, but the server could not be told: ' +
        'POST /users/tokens/refresh failed with 503: down\n',
    );
    expect(result.stderr).not.toContain(pair.access_token);
    expect(result.stderr).not.toContain(pair.refresh_token);
    expect(await savedFile()).toBeUndefined();
  });

  it('does not warn when the saved session has expired altogether: there is nothing left to revoke', async () => {
    await start();
    skew = -25 * hour;
    await logInAsAdmin();
    skew = 0;
    expect(await cli('logout')).toEqual({ status: 0, stdout: 'ok\n', stderr: '' });
    expect(service.count('POST', '/users/tokens/refresh')).toBe(0);
    expect(await savedFile()).toBeUndefined();
  });
});
