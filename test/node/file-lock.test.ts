import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockTimeoutError } from '../../src/errors.ts';
import { fileTokenStore } from '../../src/node/index.ts';
import type { TokenStore } from '../../src/types.ts';

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let directory: string;
let sessionPath: string;
let lockPath: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'file-lock-'));
  sessionPath = join(directory, 'session.json');
  lockPath = `${sessionPath}.lock`;
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function lockOf(store: TokenStore): <T>(fn: () => Promise<T>) => Promise<T> {
  if (!store.lock) throw new Error('this store has no lock');
  return async (fn) => {
    if (!store.lock) throw new Error('this store has no lock');
    return store.lock(fn);
  };
}

/** Runs `holders` overlapping critical sections, each through its own store; resolves with the peak. */
async function peakOverlap(holders: number, options: Parameters<typeof fileTokenStore>[1] = {}) {
  let active = 0;
  let peak = 0;
  let completed = 0;
  await Promise.all(
    Array.from({ length: holders }, () =>
      lockOf(fileTokenStore(sessionPath, options))(async () => {
        active++;
        peak = Math.max(peak, active);
        await sleep(5);
        active--;
        completed++;
      }),
    ),
  );
  return { peak, completed };
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = execFile(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  if (child.pid === undefined) throw new Error('the child process did not start');
  return child.pid;
}

async function writeLockFile(owner: { pid: number; host: string }, ageMs = 0): Promise<void> {
  await writeFile(lockPath, JSON.stringify({ ...owner, acquiredAt: new Date().toISOString() }));
  const then = new Date(Date.now() - ageMs);
  await utimes(lockPath, then, then);
}

describe('fileTokenStore lock', () => {
  it('never lets two holders in one process run at once', async () => {
    expect(await peakOverlap(6)).toEqual({ peak: 1, completed: 6 });
  });

  it('holds a lock file naming this process while the function runs, and removes it after', async () => {
    const lock = lockOf(fileTokenStore(sessionPath));
    const owner = await lock(async () => JSON.parse(await readFile(lockPath, 'utf8')));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname(), acquiredAt: expect.any(String) });
    expect(await readdir(directory)).toEqual([]);
  });

  it('creates the directory it needs before taking the lock', async () => {
    const nested = join(directory, 'new', 'session.json');
    await expect(lockOf(fileTokenStore(nested))(async () => 'ran')).resolves.toBe('ran');
  });

  it('releases the lock when the function throws, and passes the error on', async () => {
    const lock = lockOf(fileTokenStore(sessionPath));
    await expect(lock(() => Promise.reject(new Error('refresh failed')))).rejects.toThrow('refresh failed');
    expect(await readdir(directory)).toEqual([]);
    await expect(lock(async () => 'next')).resolves.toBe('next');
  });

  it('takes over at once a lock file left by a process that is no longer running', async () => {
    await writeLockFile({ pid: await deadPid(), host: hostname() });
    const started = Date.now();
    const lock = lockOf(fileTokenStore(sessionPath, { staleMs: 60_000, timeoutMs: 5_000 }));
    await expect(lock(async () => 'ran')).resolves.toBe('ran');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await readdir(directory)).toEqual([]);
  });

  it('takes over at once the lock of a process that was killed while holding it', async () => {
    const holder = spawn(process.execPath, [fixture('hold-lock.ts'), sessionPath], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('holding') && resolve());
      holder.on('exit', () => reject(new Error('the holder exited before taking the lock')));
    });
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: holder.pid });
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    holder.kill('SIGKILL');
    await exited;

    const started = Date.now();
    const lock = lockOf(fileTokenStore(sessionPath, { staleMs: 60_000, timeoutMs: 5_000 }));
    await expect(lock(async () => 'ran')).resolves.toBe('ran');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('takes over a lock file older than staleMs, even when its holder may still run elsewhere', async () => {
    await writeLockFile({ pid: process.pid, host: 'another-host' }, 10_000);
    const lock = lockOf(fileTokenStore(sessionPath, { staleMs: 1_000, timeoutMs: 5_000 }));
    await expect(lock(async () => 'ran')).resolves.toBe('ran');
  });

  it('gives up with LockTimeoutError while a live process holds the lock, leaving its file alone', async () => {
    await writeLockFile({ pid: process.pid, host: hostname() });
    const fn = vi.fn(async () => undefined);
    const lock = lockOf(fileTokenStore(sessionPath, { timeoutMs: 150 }));
    const error = await lock(fn).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect(error).toMatchObject({ name: 'LockTimeoutError', lockName: lockPath, timeoutMs: 150 });
    expect(String(error)).toContain(lockPath);
    expect(fn).not.toHaveBeenCalled();
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('keeps a slow holder’s lock fresh, so it is not taken over as stale', async () => {
    const options = { staleMs: 150 };
    const events: string[] = [];
    const slow = lockOf(fileTokenStore(sessionPath, options))(async () => {
      events.push('slow starts');
      await sleep(500);
      events.push('slow ends');
    });
    await sleep(30);
    const waiter = lockOf(fileTokenStore(sessionPath, options))(async () => {
      events.push('waiter runs');
    });
    await Promise.all([slow, waiter]);
    expect(events).toEqual(['slow starts', 'slow ends', 'waiter runs']);
  });

  it('lets only one of many waiters take over the same stale lock', async () => {
    const pid = await deadPid();
    for (let round = 0; round < 5; round++) {
      await writeLockFile({ pid, host: hostname() }, 60_000);
      expect(await peakOverlap(8, { staleMs: 30_000 })).toEqual({ peak: 1, completed: 8 });
      expect((await readdir(directory)).filter((name) => name.endsWith('.stale'))).toEqual([]);
    }
  });

  it('loses no update when several processes each increment a counter under the lock', async () => {
    const processes = 4;
    const rounds = 20;
    await Promise.all(
      Array.from({ length: processes }, () =>
        run(process.execPath, [fixture('increment-counter.ts'), sessionPath, String(rounds)], {
          timeout: 15_000,
        }),
      ),
    );
    const final = await fileTokenStore(sessionPath).get();
    expect(final?.access_token).toBe(String(processes * rounds));
    expect(await readdir(directory)).toEqual(['session.json']);
  });
});
