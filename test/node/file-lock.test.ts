import { execFile, spawn } from 'node:child_process';
import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LockTimeoutError } from '../../src/errors.ts';
import { type FileTokenStoreOptions, fileTokenStore } from '../../src/node/index.ts';
import { deadPid, type Lock, lockOf, peakOverlap, sleep } from '../support/locks.ts';
import { useSessionDirectory } from '../support/session-directory.ts';

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

let directory: string;
let sessionPath: string;
let lockPath: string;

useSessionDirectory('file-lock-', (paths) => {
  ({ directory, sessionPath, lockPath } = paths);
});

afterEach(() => {
  vi.useRealTimers();
});

/** The locks of `count` stores on the session file, one store each. */
function storeLocks(count: number, options: FileTokenStoreOptions = {}): Lock[] {
  return Array.from({ length: count }, () => lockOf(fileTokenStore(sessionPath, options)));
}

/** Resolves once `stream` has printed `text`; rejects if `exit` fires first. */
function printed(
  stream: NodeJS.ReadableStream,
  text: string,
  exits: { once(event: 'exit', listener: () => void): unknown },
): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunk.toString().includes(text) && resolve());
    exits.once('exit', () => reject(new Error(`exited before printing ${text}`)));
  });
}

async function writeLockFile(owner: { pid: number; host: string }, ageMs = 0): Promise<void> {
  await writeFile(lockPath, JSON.stringify({ ...owner, acquiredAt: new Date().toISOString() }));
  const then = new Date(Date.now() - ageMs);
  await utimes(lockPath, then, then);
}

describe('fileTokenStore lock', () => {
  it('never lets two holders in one process run at once', async () => {
    expect(await peakOverlap(storeLocks(6))).toEqual({ peak: 1, completed: 6 });
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
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    try {
      await printed(holder.stdout, 'holding', holder);
      expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: holder.pid });
    } finally {
      // Killed whatever happened above, so that a failed expectation cannot leave it running.
      holder.kill('SIGKILL');
      await exited;
    }

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

  it('takes over at once a lock file naming this process that this process does not hold', async () => {
    // What pid 1 of a restarted container finds: the crashed run had the same pid.
    await writeLockFile({ pid: process.pid, host: hostname() });
    const started = Date.now();
    const lock = lockOf(fileTokenStore(sessionPath, { staleMs: 60_000, timeoutMs: 5_000 }));
    await expect(lock(async () => 'ran')).resolves.toBe('ran');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await readdir(directory)).toEqual([]);
  });

  it('waits for a lock that another thread of this process holds', async () => {
    const holder = new Worker(fixture('hold-lock.ts'), { argv: [sessionPath], stdout: true });
    try {
      await printed(holder.stdout, 'holding', holder);
      expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
      const fn = vi.fn(async () => undefined);
      const lock = lockOf(fileTokenStore(sessionPath, { staleMs: 60_000, timeoutMs: 300 }));
      await expect(lock(fn)).rejects.toBeInstanceOf(LockTimeoutError);
      expect(fn).not.toHaveBeenCalled();
    } finally {
      await holder.terminate();
    }
  });

  it('gives up with LockTimeoutError while a live process holds the lock, leaving its file alone', async () => {
    // The parent (the test runner) is a live process other than this one.
    await writeLockFile({ pid: process.ppid, host: hostname() });
    const fn = vi.fn(async () => undefined);
    const lock = lockOf(fileTokenStore(sessionPath, { timeoutMs: 150 }));
    const error = await lock(fn).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect(error).toMatchObject({ name: 'LockTimeoutError', lockName: lockPath, timeoutMs: 150 });
    expect(String(error)).toContain(lockPath);
    expect(fn).not.toHaveBeenCalled();
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.ppid });
  });

  it('keeps a slow holder’s lock fresh, so it is not taken over as stale', async () => {
    // Only the heartbeat's interval is faked: half a staleMs passes at once, the file system stays real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const options = { staleMs: 30_000 };
    const events: string[] = [];
    let finish = () => {};
    const slow = lockOf(fileTokenStore(sessionPath, options))(async () => {
      events.push('slow starts');
      await new Promise<void>((resolve) => (finish = resolve));
      events.push('slow ends');
    });
    await vi.waitFor(() => expect(events).toEqual(['slow starts']));
    // Aged as if the holder had run for a minute: only its heartbeat can make the file fresh again.
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockPath, minuteAgo, minuteAgo);
    vi.advanceTimersByTime(options.staleMs / 2);
    await vi.waitFor(async () => expect(Date.now() - (await stat(lockPath)).mtimeMs).toBeLessThan(10_000));
    const waiter = lockOf(fileTokenStore(sessionPath, options))(async () => {
      events.push('waiter runs');
    });
    await sleep(100);
    finish();
    await Promise.all([slow, waiter]);
    expect(events).toEqual(['slow starts', 'slow ends', 'waiter runs']);
  });

  it('lets only one of many waiters take over the same stale lock', async () => {
    const pid = await deadPid();
    for (let round = 0; round < 5; round++) {
      await writeLockFile({ pid, host: hostname() }, 60_000);
      expect(await peakOverlap(storeLocks(8, { staleMs: 30_000 }))).toEqual({ peak: 1, completed: 8 });
      // Neither the lock nor its steal guard (`.steal`) is left behind, nor anything else.
      expect(await readdir(directory)).toEqual([]);
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
