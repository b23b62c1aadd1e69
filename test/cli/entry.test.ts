import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoopbackServer } from 'magistrala-users/testing';
import { describe, expect, it } from 'vitest';
import { type temporaryDirectory, useFakeService } from './support.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entry = join(root, 'src/cli/index.ts');
const tsx = join(root, 'node_modules/.bin/tsx');

let server: LoopbackServer;
let directory: Awaited<ReturnType<typeof temporaryDirectory>>;

useFakeService((setup) => {
  ({ server, directory } = setup);
});

/** Runs the real entry in a child process (asynchronously: the fake service answers from this one). */
function spawnCli(argv: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH,
    HOME: directory.path,
    XDG_CONFIG_HOME: join(directory.path, 'config'),
    MAGISTRALA_USERS_URL: server.url,
  };
  return new Promise((resolve) => {
    execFile(tsx, [entry, ...argv], { env, cwd: root, timeout: 15_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

describe('the magistrala-users executable', () => {
  it('starts with a node shebang', async () => {
    expect((await readFile(entry, 'utf8')).split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('runs a command, saves the session under XDG_CONFIG_HOME and exits 0', async () => {
    const login = await spawnCli(['users', 'token', 'admin', '12345678']);
    expect(login.status, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toHaveProperty('refresh_token');
    const profileDirectory = join(directory.path, 'config/magistrala-users/sessions/default');
    const [file, ...others] = await readdir(profileDirectory);
    expect(others.filter((name) => !name.endsWith('.lock'))).toEqual([]);
    expect(file).toMatch(/^http_127\.0\.0\.1_\d+-[0-9a-f]{10}\.json$/);
    const saved = await readFile(join(profileDirectory, file ?? ''), 'utf8');
    expect(JSON.parse(saved)).toMatchObject(JSON.parse(login.stdout));
  });

  it('passes a failure on as its exit status', async () => {
    const result = await spawnCli(['no-such-user', 'get', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('failed with 401');
    const usage = await spawnCli(['token']);
    expect(usage.status).toBe(2);
  });
});
