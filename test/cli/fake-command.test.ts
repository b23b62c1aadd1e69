import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsersClient } from 'magistrala-users';
import { describe, expect, it } from 'vitest';
import { fakeUsage, runFake } from '../../src/cli/fake-command.ts';
import { runCli } from './support.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Starts `runFake` in-process; resolves once it has printed its URL. */
async function startFake(args: string[]) {
  let stdout = '';
  let stderr = '';
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  };
  const status = runFake(args, io, stopped);
  for (let tries = 0; !stdout.includes('listening on') && tries < 1_000; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const url = /listening on (\S+)/.exec(stdout)?.[1] ?? '';
  return { url, stop, status, output: () => ({ stdout, stderr }) };
}

describe('magistrala-users fake', () => {
  it('serves the fake on 127.0.0.1, prints its URL and the seeded admin, and exits 0 when stopped', async () => {
    const fake = await startFake(['--port', '0']);
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const users = new UsersClient({ baseUrl: fake.url });
    await users.login({ username: 'admin', password: '12345678' });
    await expect(users.profile()).resolves.toMatchObject({ role: 'admin' });
    fake.stop();
    await expect(fake.status).resolves.toBe(0);
    const { stdout, stderr } = fake.output();
    expect(stdout).toContain(`export MAGISTRALA_USERS_URL=${fake.url}`);
    expect(stdout).toContain('seeded admin: username admin, email admin@example.com, password 12345678');
    expect(stdout).toContain('CORS: off');
    expect(stdout.trimEnd().endsWith('stopped')).toBe(true);
    expect(stderr).toBe('');
    await expect(fetch(`${fake.url}/health`)).rejects.toThrow(TypeError);
  });

  it('answers browser preflights with --cors, and only for the named origins with --cors-origin', async () => {
    const any = await startFake(['--port', '0', '--cors']);
    const only = await startFake(['--port=0', '--cors-origin', 'http://localhost:5173']);
    const preflight = (url: string, origin: string) =>
      fetch(`${url}/users/profile`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
    expect((await preflight(any.url, 'http://app.test')).status).toBe(204);
    expect((await preflight(only.url, 'http://localhost:5173')).status).toBe(204);
    expect((await preflight(only.url, 'http://app.test')).status).toBe(405);
    expect(any.output().stdout).toContain('CORS: any origin');
    expect(only.output().stdout).toContain('CORS: http://localhost:5173');
    any.stop();
    only.stop();
    await expect(Promise.all([any.status, only.status])).resolves.toEqual([0, 0]);
  });

  it('passes --no-self-register and --refresh-mode to the fake', async () => {
    const fake = await startFake(['--port', '0', '--no-self-register', '--refresh-mode', 'supermq']);
    const anonymous = await fetch(`${fake.url}/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        first_name: 'a',
        last_name: 'b',
        email: 'a@b.co',
        credentials: { username: 'ab', secret: '12345678' },
      }),
    });
    expect(anonymous.status).toBe(401);
    const issued = await fetch(`${fake.url}/users/tokens/issue`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: '12345678' }),
    });
    const pair = (await issued.json()) as { refresh_token: string };
    const refreshed = await fetch(`${fake.url}/users/tokens/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${pair.refresh_token}` },
    });
    // supermq mode hands back the same refresh token.
    expect(((await refreshed.json()) as { refresh_token: string }).refresh_token).toBe(pair.refresh_token);
    fake.stop();
    await fake.status;
  });

  it.each([
    [['--port', 'http']],
    [['--port', '70000']],
    [['--refresh-mode', 'never']],
    [['--bogus']],
    [['extra']],
  ])('exits 2 with the usage for %j, starting nothing', async (args) => {
    const result = await runCli(['fake', ...args], {});
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`usage: magistrala-users ${fakeUsage}`);
    expect(result.stdout).toBe('');
  });

  it('prints its usage for --help, and the help page lists it', async () => {
    const help = await runCli(['fake', '--help'], {});
    const page = await runCli(['help'], {});
    expect(help).toEqual({ status: 0, stdout: `usage: magistrala-users ${fakeUsage}\n`, stderr: '' });
    expect(page.stdout).toContain('fake [--port <n>] [--cors]');
  });

  it('exits 1 when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const result = await runCli(['fake', '--port', String(port)], {});
    blocker.close();
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `error: the fake users service could not listen on 127.0.0.1:${port} (EADDRINUSE)\n`,
    );
  });

  it('runs as a process until SIGINT, then exits 0 by itself', async () => {
    const child = spawn(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'src/cli/index.ts'), 'fake', '--port', '0'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let tries = 0; !stdout.includes('stop with Ctrl+C') && tries < 1_000; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const url = /listening on (\S+)/.exec(stdout)?.[1] ?? '';
    expect((await fetch(`${url}/health`)).status).toBe(200);
    child.kill('SIGINT');
    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve('still running'), 8_000)),
    ]);
    if (code === 'still running') child.kill('SIGKILL');
    expect(code).toBe(0);
    expect(stdout).toContain('stopped');
  });
});
