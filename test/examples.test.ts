import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createFakeUsersService } from '../src/testing/index.ts';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

async function runExample(env: Record<string, string>, example = 'examples/quickstart.ts') {
  // Asynchronous on purpose: in the second test the server answers from this very process.
  const { stdout } = await promisify(execFile)(tsx, [example], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return stdout;
}

describe('npm start (examples/quickstart.ts)', () => {
  it('walks the whole seed flow against its own fake service, then again on the fake ATOM, and exits 0', async () => {
    const out = await runExample({ MAGISTRALA_USERS_URL: '', MAGISTRALA_ATOM_URL: '' });
    expect(out).toMatch(/^Started the fake users service at http:\/\/127\.0\.0\.1:\d+/);
    for (const heading of [
      '## create jane doe',
      '## token admin ********',
      'update tags',
      'resetpassword',
      'delete',
    ]) {
      expect(out).toContain(heading);
    }
    expect(out).toContain('\nSuperMQ: 18 steps: 18 ok, 0 failed, 0 skipped\n');
    // The ATOM walk: the same flow, with a line for each step ATOM cannot do.
    expect(out).toMatch(/# The same flow on ATOM\nStarted the fake ATOM at http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('skipped: list(order) is not supported by the atom backend');
    expect(out).toContain('skipped: listRefreshTokens is not supported by the atom backend');
    expect(out).toContain('\nATOM: 20 steps: 17 ok, 0 failed, 3 skipped\n');
    expect(out.trim().split('\n').at(-1)).toBe('38 steps: 35 ok, 0 failed, 3 skipped');
    expect(out).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./);
  });

  it('runs the same flow against the server named by MAGISTRALA_USERS_URL', async () => {
    const service = createFakeUsersService();
    const server = await service.listen();
    try {
      const out = await runExample({
        MAGISTRALA_USERS_URL: server.url,
        MAGISTRALA_USERNAME: 'admin@example.com',
        MAGISTRALA_PASSWORD: '12345678',
      });
      expect(out).not.toContain('Started the fake users service');
      expect(out.trim().split('\n').at(-1)).toBe('18 steps: 17 ok, 0 failed, 1 skipped');
      expect(service.count('POST', '/users/tokens/issue')).toBe(2);
      expect(service.requests.find((request) => request.path === '/users/tokens/issue')?.json).toMatchObject({
        username: 'admin@example.com',
      });
    } finally {
      await server.close();
    }
  });

  it('exits 1 and says which steps failed when the server cannot be reached', async () => {
    const failure = await runExample({ MAGISTRALA_USERS_URL: 'http://127.0.0.1:9' }).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    const out = (failure as { stdout: string }).stdout;
    expect(out).toContain('failed: ConnectionError: POST /users could not connect');
    expect(out.trim().split('\n').at(-1)).toMatch(/^\d+ steps: 0 ok, \d+ failed, 1 skipped$/);
  });
});

describe('the other examples', () => {
  it('persistent-session.ts logs in once and the second run reuses the saved session', async () => {
    const out = await runExample({}, 'examples/persistent-session.ts');
    expect(out).toContain('run 1: session signed-in');
    expect(out).toMatch(/run 2: admin, session ends \d{4}-/);
    expect(out.trim().split('\n').at(-1)).toBe('logins: 1');
  });

  it('error-handling.ts shows each kind of failure', async () => {
    const out = await runExample({}, 'examples/error-handling.ts');
    expect(out.trim().split('\n')).toEqual([
      'a missing user: not found (entity not found)',
      "a bad page size: bad input, nothing sent: [ { path: 'params.limit', message: 'must be at most 100' } ]",
      'a duplicate username: 400 username not available',
      'the network drops: offline (GET /users/profile could not connect)',
      'the session is revoked: log in again (The server ended the session: log in again)',
    ]);
  });
});
