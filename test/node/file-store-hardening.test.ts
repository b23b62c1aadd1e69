import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LockTimeoutError, StorageUnavailableError } from '../../src/errors.ts';
import { fileTokenStore } from '../../src/node/index.ts';
import { deadPid, lockOf } from '../support/locks.ts';
import { useSessionDirectory } from '../support/session-directory.ts';

// Issue 7, items 13–15: what a hostile or unlucky file system leaves at the store's paths.
/**
 * Items 13 and 14 run on POSIX only: they plant symbolic links (which Windows lets only administrators or Developer
 * Mode create), a FIFO (`mkfifo` does not exist there), and rely on `O_NOFOLLOW` and on POSIX mode bits for
 * group- and world-writable directories, neither of which Windows has (`src/node/private-directory.ts` skips the
 * check there).
 */
const onPosix = process.platform !== 'win32';
const run = promisify(execFile);
const pair = { access_token: 'access-1', refresh_token: 'refresh-1' };

let directory: string;
let sessionPath: string;
let lockPath: string;

useSessionDirectory('file-store-hardening-', (paths) => {
  ({ directory, sessionPath, lockPath } = paths);
});

/** Settles with `promise`, or rejects once `ms` have passed: a lock that spins must fail the test, not hang it. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms),
    ),
  ]);
}

/** CPU time this process spent, in ms, while `fn` ran. */
async function cpuMsOf(fn: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await fn().catch(() => undefined);
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / 1000;
}

// POSIX only: symlinks, mkfifo and O_NOFOLLOW, which Windows lacks (see onPosix above).
describe.runIf(onPosix)('the lock file path (item 13)', () => {
  it('takes over a dangling symlink at the lock path instead of spinning', async () => {
    await symlink(join(directory, 'nowhere'), lockPath);
    const lock = lockOf(fileTokenStore(sessionPath, { timeoutMs: 2_000 }));
    const seen = await within(
      5_000,
      lock(async () => (await lstat(lockPath)).isFile()),
    );
    expect(seen).toBe(true);
    await expect(lstat(join(directory, 'nowhere'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over a FIFO at the lock path without blocking on it', async () => {
    await run('mkfifo', [lockPath]);
    const lock = lockOf(fileTokenStore(sessionPath, { timeoutMs: 2_000 }));
    expect(
      await within(
        5_000,
        lock(async () => 'ran'),
      ),
    ).toBe('ran');
  });

  it('gives up on a directory at the lock path by its deadline, with LockTimeoutError, backing off meanwhile', async () => {
    await mkdir(lockPath);
    const lock = lockOf(fileTokenStore(sessionPath, { timeoutMs: 400 }));
    const started = Date.now();
    let error: unknown;
    const cpuMs = await cpuMsOf(async () => {
      error = await within(
        5_000,
        lock(async () => 'ran').catch((e: unknown) => e),
      );
    });
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(Date.now() - started).toBeLessThan(3_000);
    // A busy loop burns the whole 400 ms; polling with waits costs a small fraction of it.
    expect(cpuMs).toBeLessThan(250);
    expect((await lstat(lockPath)).isDirectory()).toBe(true);
  });
});

// POSIX only: symlinks, O_NOFOLLOW and group/world-writable mode bits, which Windows lacks (see onPosix above).
describe.runIf(onPosix)('the session path (item 14)', () => {
  it('never reads a session through a symlink planted at the store path', async () => {
    const elsewhere = join(directory, 'planted.json');
    await writeFile(elsewhere, JSON.stringify(pair));
    await symlink(elsewhere, sessionPath);
    const error = await Promise.resolve(fileTokenStore(sessionPath).get()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(String(error)).toContain('symbolic link');
    expect(String(error)).not.toContain('access-1');
  });

  it('never writes a session through a symlink planted at the store path', async () => {
    const elsewhere = join(directory, 'target.json');
    await writeFile(elsewhere, 'untouched');
    await symlink(elsewhere, sessionPath);
    await expect(fileTokenStore(sessionPath).set(pair)).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(await readFile(elsewhere, 'utf8')).toBe('untouched');
    expect((await lstat(sessionPath)).isSymbolicLink()).toBe(true);
  });

  it('refuses a directory that other users can write, with a clear error, for every operation', async () => {
    const shared = join(directory, 'shared');
    await mkdir(shared);
    await chmod(shared, 0o777);
    const store = fileTokenStore(join(shared, 'session.json'));
    const attempts: Array<() => unknown> = [
      () => store.set(pair),
      () => store.get(),
      () => store.clear(),
      () => lockOf(store)(async () => 'ran'),
    ];
    for (const attempt of attempts) {
      const error = await Promise.resolve()
        .then(attempt)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(String(error)).toContain(shared);
      expect(String(error)).toContain('writable by other users');
    }
    expect(await readdir(shared)).toEqual([]);
  });

  it('still works in a directory only its owner can write', async () => {
    const own = join(directory, 'own');
    await mkdir(own, { mode: 0o700 });
    const store = fileTokenStore(join(own, 'session.json'));
    await store.set(pair);
    expect(await store.get()).toEqual(pair);
  });
});

describe('abandoned temporary files (item 15)', () => {
  // The on-disk name of a writer's temporary file: `.<file>.<host tag>-<pid>.<uuid>.tmp`.
  const host = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
  /** A temporary file as a writer that was killed mid-write leaves it. */
  async function leftover(name: string, ageMs: number): Promise<string> {
    const path = join(directory, name);
    await writeFile(path, JSON.stringify(pair), { mode: 0o600 });
    const then = new Date(Date.now() - ageMs);
    await utimes(path, then, then);
    return name;
  }
  const temporaries = async () => (await readdir(directory)).filter((name) => name.endsWith('.tmp'));

  it('sweeps the temporary files of a writer that died, on the next write', async () => {
    const dead = await deadPid();
    await leftover(`.session.json.${host}-${dead}.6f1c1f0e-0c1a-4d7e-9d55-1d1b2b6c0c11.tmp`, 0);
    await leftover('.session.json.0b7e4a52-9d0f-4c55-8a66-73a3b0d5f0f2.tmp', 10 * 60_000);
    await fileTokenStore(sessionPath).set(pair);
    expect(await temporaries()).toEqual([]);
  });

  it('sweeps them on logout too (clear), leaving no copy of the pair on disk', async () => {
    const dead = await deadPid();
    await leftover(`.session.json.${host}-${dead}.4a3c86a4-1f3e-4a59-95e5-3c3e0f8c2a10.tmp`, 0);
    const store = fileTokenStore(sessionPath);
    await store.set(pair);
    await store.clear();
    expect(await readdir(directory)).toEqual([]);
  });

  it('leaves a live writer of another process alone, and other files too', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      const live = await leftover(
        `.session.json.${host}-${sleeper.pid}.9e0f7d44-2d1b-4d58-8a7e-7c6a0c1f8b33.tmp`,
        0,
      );
      const recentOld = await leftover('.session.json.2f5b0a8e-3c1d-4b6e-9f7a-8e9d0c1b2a3f.tmp', 1_000);
      await leftover('.other.json.7d1f0c2e-4b3a-4e5d-8f6a-9b0c1d2e3f4a.tmp', 10 * 60_000);
      await fileTokenStore(sessionPath).set(pair);
      expect((await temporaries()).sort()).toEqual(
        [live, recentOld, '.other.json.7d1f0c2e-4b3a-4e5d-8f6a-9b0c1d2e3f4a.tmp'].sort(),
      );
    } finally {
      sleeper.kill();
    }
  });
});
