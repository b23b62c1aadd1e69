import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsersClient } from '../src/index.ts';
import { fileTokenStore } from '../src/node/index.ts';
import { createFakeUsersService, type LoopbackServer } from '../src/testing/index.ts';
import { useCleanup } from './support/cleanup.ts';
import { runSessionWorker as run } from './support/run-session-worker.ts';

const cleanup = useCleanup();

describe('parallel processes sharing one fileTokenStore', () => {
  it('refresh an expired session exactly once, and every process succeeds', async () => {
    // Log in "two hours ago": the access token has expired by now, the refresh token has not.
    let offset = -2 * 60 * 60_000;
    const fake = createFakeUsersService({ refreshMode: 'rotate', now: () => Date.now() + offset });
    const server: LoopbackServer = await fake.listen();
    const dir = await mkdtemp(join(tmpdir(), 'mu-processes-'));
    cleanup.push(server.close, () => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'session.json');

    await new UsersClient({ baseUrl: server.url, tokenStore: fileTokenStore(path) }).login({
      username: 'admin',
      password: '12345678',
    });
    offset = 0;
    // Hold the refresh long enough that every process is waiting on the lock while it runs.
    fake.fail({ method: 'POST', path: '/users/tokens/refresh' }, { kind: 'delay', ms: 400 });

    const results = await Promise.all(['w1', 'w2', 'w3'].map((label) => run(server.url, path, label)));

    for (const result of results) {
      expect(result.out.trim()).toBe('{"ok":true}');
      expect(result.code).toBe(0);
    }
    expect(fake.count('POST', '/users/tokens/refresh')).toBe(1);
    const stored = JSON.parse(await readFile(path, 'utf8'));
    expect(await fake.verifyToken(stored.access_token)).toMatchObject({ sub: expect.any(String) });
  });
});

describe('a process for another server on the same session file', () => {
  it('sends none of the saved tokens to its server, and leaves the saved session as it was', async () => {
    const a = createFakeUsersService({ refreshMode: 'rotate' });
    const b = createFakeUsersService({ refreshMode: 'rotate' });
    const [serverA, serverB] = await Promise.all([a.listen(), b.listen()]);
    const dir = await mkdtemp(join(tmpdir(), 'mu-two-servers-'));
    cleanup.push(serverA.close, serverB.close, () => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'session.json');
    const pair = await new UsersClient({ baseUrl: serverA.url, tokenStore: fileTokenStore(path) }).login({
      username: 'admin',
      password: '12345678',
    });
    const saved = await readFile(path, 'utf8');

    const onB = await run(serverB.url, path, 'b1');

    expect(onB.code).toBe(1);
    expect(onB.out).toContain('AuthenticationError');
    const bearers = b.requests.map((request) => request.headers.authorization);
    expect(bearers.length).toBeGreaterThan(0);
    for (const bearer of bearers) {
      expect(bearer ?? '').not.toContain(pair.access_token);
      expect(bearer ?? '').not.toContain(pair.refresh_token);
    }
    expect(b.count('POST', '/users/tokens/refresh')).toBe(0);
    expect(await readFile(path, 'utf8')).toBe(saved);

    const onA = await run(serverA.url, path, 'a1');
    expect(onA.out.trim()).toBe('{"ok":true}');
  });
});
