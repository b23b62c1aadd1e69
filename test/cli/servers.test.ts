import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TokenPair as Pair } from 'magistrala-users';
import {
  createFakeUsersService,
  type FakeUsersService,
  type LoopbackServer,
  seededAdmin,
} from 'magistrala-users/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionPath } from '../../src/cli/session-path.ts';
import { runCliProcess } from './subprocess.ts';
import { runCli, temporaryDirectory } from './support.ts';

// Two users services on loopback: A issues the session, B must never see a token A issued.
let serviceA: FakeUsersService;
let serviceB: FakeUsersService;
let serverA: LoopbackServer;
let serverB: LoopbackServer;
let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
let env: Record<string, string>;
/** Every token A has issued, as the CLI printed them. */
const issuedByA: string[] = [];

beforeEach(async () => {
  serviceA = createFakeUsersService();
  serviceB = createFakeUsersService();
  serverA = await serviceA.listen();
  serverB = await serviceB.listen();
  directory = await temporaryDirectory();
  env = { HOME: directory.path, XDG_CONFIG_HOME: join(directory.path, 'config') };
  // Per test: the guard in expectNoTokenOfAReachedB() must be met by this test's own logins.
  issuedByA.length = 0;
});

afterEach(async () => {
  await serverA.close();
  await serverB.close();
  await directory.remove();
});

function tokensOf(output: string): string[] {
  try {
    const pair = JSON.parse(output) as Partial<Pair>;
    return [pair.access_token, pair.refresh_token].filter((token): token is string => Boolean(token));
  } catch {
    return [];
  }
}

/** Fails if any request B received carries, anywhere in its headers or body, a token that A issued. */
function expectNoTokenOfAReachedB(): void {
  expect(issuedByA.length).toBeGreaterThan(0);
  for (const request of serviceB.requests) {
    const seen = JSON.stringify({ headers: request.headers, json: request.json, query: request.query });
    for (const token of issuedByA) expect(seen).not.toContain(token);
  }
}

async function logInToA(extra: Record<string, string> = {}): Promise<string> {
  const login = await runCliProcess(
    ['token', seededAdmin.username, '--password-stdin'],
    {
      ...env,
      MAGISTRALA_USERS_URL: serverA.url,
      ...extra,
    },
    `${seededAdmin.password}\n`,
  );
  expect(login.status, login.stderr).toBe(0);
  issuedByA.push(...tokensOf(login.stdout));
  const file = sessionPath(env, serverA.url.replace(/\/+$/, ''), extra.MAGISTRALA_PROFILE ?? 'default');
  return readFile(file, 'utf8');
}

describe('a session saved for server A, and a command for server B (processes)', () => {
  it.each([
    ['--url', (b: string) => ({ argv: ['profile', '--url', b], env: { MAGISTRALA_USERS_URL: serverA.url } })],
    ['-u', (b: string) => ({ argv: ['-u', b, 'profile'], env: { MAGISTRALA_USERS_URL: serverA.url } })],
    ['--users-url=', (b: string) => ({ argv: [`--users-url=${b}`, 'profile'], env: {} })],
    ['MAGISTRALA_USERS_URL', (b: string) => ({ argv: ['profile'], env: { MAGISTRALA_USERS_URL: b } })],
  ])(
    'with %s: B gets no token of A, the run says it is not logged in, and A keeps its session',
    async (_how, make) => {
      const savedForA = await logInToA();
      const { argv, env: extra } = make(serverB.url);
      const result = await runCliProcess(argv, { ...env, ...extra });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^error: Not logged in/);
      expect(serviceB.requests).toHaveLength(0);
      expectNoTokenOfAReachedB();

      const file = sessionPath(env, serverA.url.replace(/\/+$/, ''), 'default');
      expect(await readFile(file, 'utf8')).toBe(savedForA);
      const again = await runCliProcess(['profile'], { ...env, MAGISTRALA_USERS_URL: serverA.url });
      expect(again.status, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ credentials: { username: 'admin' } });
    },
  );

  it('logging in to B keeps both sessions, each used only with its own server', async () => {
    await logInToA();
    const loginB = await runCliProcess(
      ['token', 'admin', '--password-stdin'],
      { ...env, MAGISTRALA_USERS_URL: serverB.url },
      '12345678\n',
    );
    expect(loginB.status, loginB.stderr).toBe(0);
    for (const [url, service] of [
      [serverA.url, serviceA],
      [serverB.url, serviceB],
    ] as const) {
      const result = await runCliProcess(['profile'], { ...env, MAGISTRALA_USERS_URL: url });
      expect(result.status, result.stderr).toBe(0);
      expect(service.requests.at(-1)?.path).toBe('/users/profile');
    }
    expectNoTokenOfAReachedB();
  });
});

describe('one session file for every server (--session / MAGISTRALA_USERS_SESSION)', () => {
  it('records the server beside the tokens and never hands them to another server', async () => {
    const sessionFile = join(directory.path, 'shared.json');
    const shared = { ...env, MAGISTRALA_USERS_SESSION: sessionFile };
    const login = await runCli(['token', 'admin', '12345678'], {
      ...shared,
      MAGISTRALA_USERS_URL: serverA.url,
    });
    expect(login.status, login.stderr).toBe(0);
    issuedByA.push(...tokensOf(login.stdout));
    const saved = JSON.parse(await readFile(sessionFile, 'utf8'));
    expect(saved.saved_by).toEqual({ server: serverA.url.replace(/\/+$/, ''), profile: 'default' });

    for (const argv of [['profile'], ['all', 'get'], ['logout'], ['refreshtoken', saved.refresh_token]]) {
      await runCli(argv, { ...shared, MAGISTRALA_USERS_URL: serverB.url });
    }
    const bearers = serviceB.requests.map((request) => request.headers.authorization ?? '');
    // refreshtoken sends the token it is given, on purpose: that is the one request B may see with it.
    expect(bearers.filter((bearer) => bearer !== '')).toEqual([`Bearer ${saved.refresh_token}`]);
    expect(JSON.parse(await readFile(sessionFile, 'utf8'))).toEqual(saved);
  });

  it('treats a file without a recorded server (an earlier version) as no session, and leaves it', async () => {
    const sessionFile = join(directory.path, 'old.json');
    const reply = await serviceA.fetch('/users/tokens/issue', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: seededAdmin.username, password: seededAdmin.password }),
    });
    const old = `${JSON.stringify(await reply.json())}\n`;
    await writeFile(sessionFile, old);
    const result = await runCli(['profile'], {
      ...env,
      MAGISTRALA_USERS_SESSION: sessionFile,
      MAGISTRALA_USERS_URL: serverB.url,
    });
    expect(result.status).toBe(1);
    expect(serviceB.requests).toHaveLength(0);
    expect(await readFile(sessionFile, 'utf8')).toBe(old);
  });

  it('says that the single session.json of earlier versions is no longer used', async () => {
    await writeFile(join(directory.path, 'config-legacy.json'), '');
    const legacyEnv = { ...env, MAGISTRALA_USERS_URL: serverA.url };
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(directory.path, 'config', 'magistrala-users'), { recursive: true });
    await writeFile(
      join(directory.path, 'config', 'magistrala-users', 'session.json'),
      '{"access_token":"a","refresh_token":"r"}',
    );
    const result = await runCli(['profile'], legacyEnv);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('session.json was saved by an earlier version');
    expect(serviceA.requests).toHaveLength(0);
  });
});

describe('profiles', () => {
  it('keeps an admin and a user session for one server, lists them without tokens, and logs out one', async () => {
    const base = { ...env, MAGISTRALA_USERS_URL: serverA.url };
    const admin = await runCli(['token', 'admin', '12345678'], base);
    expect(admin.status).toBe(0);
    const created = await runCli(['create', 'jane', 'doe', 'jane@example.com', 'janedoe', '12345678'], base);
    expect(created.status, created.stderr).toBe(0);
    const jane = await runCli(['--profile', 'jane', 'token', 'janedoe', '12345678'], base);
    expect(jane.status, jane.stderr).toBe(0);

    const asJane = await runCli(['profile'], { ...base, MAGISTRALA_PROFILE: 'jane' });
    expect(JSON.parse(asJane.stdout)).toMatchObject({ credentials: { username: 'janedoe' } });
    const asAdmin = await runCli(['profile'], base);
    expect(JSON.parse(asAdmin.stdout)).toMatchObject({ credentials: { username: 'admin' } });

    const listed = await runCli(['sessions', '--profile', 'jane'], base);
    expect(listed.status, listed.stderr).toBe(0);
    const { sessions } = JSON.parse(listed.stdout) as { sessions: { profile: string; current: boolean }[] };
    expect(sessions.map(({ profile, current }) => ({ profile, current }))).toEqual([
      { profile: 'default', current: false },
      { profile: 'jane', current: true },
    ]);
    for (const token of [...tokensOf(admin.stdout), ...tokensOf(jane.stdout)]) {
      expect(listed.stdout).not.toContain(token);
    }

    expect((await runCli(['logout', '--profile', 'jane'], base)).status).toBe(0);
    expect((await runCli(['profile', '--profile', 'jane'], base)).status).toBe(1);
    expect((await runCli(['profile'], base)).status).toBe(0);
  });

  it('refuses a profile name that is not a plain word', async () => {
    const result = await runCli(['--profile', '../x', 'profile'], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: --profile must be 1 to 64 letters/);
  });
});

describe('parallel runs on one expired saved session (processes)', () => {
  it('make exactly one refresh, and all succeed', async () => {
    let skew = -6 * 60_000;
    const service = createFakeUsersService({ accessTokenTtl: 5 * 60_000, now: () => Date.now() + skew });
    const server = await service.listen();
    try {
      const base = { ...env, MAGISTRALA_USERS_URL: server.url };
      const login = await runCliProcess(['token', 'admin', '--password-stdin'], base, '12345678\n');
      expect(login.status, login.stderr).toBe(0);
      skew = 0;
      const runs = await Promise.all([
        runCliProcess(['profile'], base),
        runCliProcess(['all', 'get', '-r'], base),
        runCliProcess(['profile'], base),
      ]);
      expect(
        runs.map((run) => run.status),
        runs.map((run) => run.stderr).join('\n'),
      ).toEqual([0, 0, 0]);
      // Strict rotation: a second refresh with the spent refresh token would have revoked the session.
      expect(service.count('POST', '/users/tokens/refresh')).toBe(1);
      for (const run of runs) {
        for (const token of tokensOf(login.stdout)) expect(run.stdout + run.stderr).not.toContain(token);
      }
    } finally {
      await server.close();
    }
  });
});
