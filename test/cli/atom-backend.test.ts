import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFakeAtomService, type FakeAtomService, type LoopbackServer } from '../../src/testing/index.ts';
import { type RunResult, runCli, type temporaryDirectory, useFakeService } from './support.ts';

let atom: FakeAtomService;
let server: LoopbackServer;
let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
let env: Record<string, string>;

useFakeService((setup) => {
  ({ service: atom, server, directory } = setup);
  env = { MAGISTRALA_USERS_URL: server.url, MAGISTRALA_USERS_SESSION: join(directory.path, 'session.json') };
}, createFakeAtomService);

function printed<T>(result: RunResult): T {
  expect(result, result.stderr).toMatchObject({ status: 0, stderr: '' });
  return JSON.parse(result.stdout) as T;
}

describe('magistrala-users --backend atom', () => {
  it('logs in, creates, lists, updates, gets and deletes on the saved session', async () => {
    const cli = (...argv: string[]) => runCli(['--backend', 'atom', ...argv], env);
    printed(await cli('token', 'admin', '12345678'));
    expect(atom.count('POST', '/auth/login')).toBe(1);
    const jane = printed<{ id: string }>(
      await cli('create', 'jane', 'doe', 'jane@example.com', 'janedoe', '12345678'),
    );
    expect(printed<{ total: number }>(await cli('all', 'get')).total).toBe(2);
    expect(
      printed<{ first_name: string }>(await cli(jane.id, 'update', '{"first_name":"Janice"}')).first_name,
    ).toBe('Janice');
    expect(printed<{ credentials: { username: string } }>(await cli('profile')).credentials.username).toBe(
      'admin',
    );
    expect(printed<{ id: string }>(await cli(jane.id, 'get')).id).toBe(jane.id);
    expect(await cli(jane.id, 'delete')).toMatchObject({ status: 0, stdout: 'ok\n' });
    expect(atom.count('POST', '/graphql')).toBeGreaterThan(5);
  });

  it('takes the backend from MAGISTRALA_BACKEND', async () => {
    const result = await runCli(['token', 'admin', '12345678'], { ...env, MAGISTRALA_BACKEND: 'atom' });
    expect(result.status).toBe(0);
    expect(atom.count('POST', '/auth/login')).toBe(1);
  });

  it('rejects an unknown backend as a usage error, sending nothing', async () => {
    const result = await runCli(['--backend', 'ldap', 'health'], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--backend must be supermq or atom');
    expect(atom.requests).toHaveLength(0);
  });
});
