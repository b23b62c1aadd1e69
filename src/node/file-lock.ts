/**
 * A lock file shared by every process on a machine (or a shared file system) that names the same path.
 *
 * @module
 */
import { type FileHandle, open, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockTimeoutError } from '../errors.ts';
import { errorCode } from './error-code.ts';

/** Options of {@link fileLock}. */
export interface FileLockOptions {
  /**
   * How old, in milliseconds, a lock file must be before it is taken over even though its holder may be
   * alive. A live holder refreshes the file's modification time every third of this, so only a holder that
   * died, hung or lost the file system lets it age. Default `30_000`.
   */
  staleMs?: number;
  /**
   * How long, in milliseconds, to wait for the lock before rejecting with {@link LockTimeoutError}.
   * Default `60_000` (longer than `staleMs`, so that a lock left by a crash is always taken over first).
   */
  timeoutMs?: number;
}

/** Who holds a lock file: its JSON content. */
interface LockOwner {
  pid: number;
  host: string;
}

/** One lock file as seen at one moment: its identity, age and content, read through one handle. */
interface LockSnapshot {
  dev: bigint;
  ino: bigint;
  mtimeNs: bigint;
  content: string;
}

const pollMinMs = 5;
const pollMaxMs = 40;

/**
 * Makes a lock held by creating the file `lockPath`, shared by every process (and every client in a
 * process) that uses the same path.
 *
 * @remarks
 * - Taking it: the file is created with `open(lockPath, 'wx')`, which only one process can win, and holds
 *   `{ pid, host, acquiredAt }`. Waiters poll with small jittered waits.
 * - Holding it: the holder refreshes the file's modification time while its function runs and removes the
 *   file when the function settles, whether it resolved or threw.
 * - A holder that died: a lock file whose process is gone (same host, `pid` not running) or that is older
 *   than `staleMs` is stale. A waiter removes it only while holding a second lock file, `${lockPath}.steal`
 *   (created the same way), and only if it is still the very file it judged stale (same inode,
 *   modification time and content); then every waiter races to create a new one. So two waiters that judge
 *   one stale lock never remove a fresh lock by mistake.
 * - Giving up: after `timeoutMs` a waiter rejects with {@link LockTimeoutError}.
 *
 * The lock is not re-entrant: calling it again from inside the function waits for itself until the timeout.
 * The directory must exist. Modification times come from the file system's clock, so hosts that share a
 * network file system need clocks that agree to well within `staleMs`.
 *
 * @param lockPath - The lock file's path, e.g. `${sessionFile}.lock`.
 * @param options - Staleness threshold and wait timeout.
 * @returns A function that runs its argument while holding the lock and resolves with its result.
 *
 * @example
 * ```ts
 * const lock = fileLock('/var/lib/app/session.json.lock');
 * await lock(async () => {
 *   const current = await readSession();
 *   await writeSession(await refresh(current));
 * });
 * ```
 */
export function fileLock(
  lockPath: string,
  options: FileLockOptions = {},
): <T>(fn: () => Promise<T>) => Promise<T> {
  const { staleMs = 30_000, timeoutMs = 60_000 } = options;
  return async (fn) => {
    const handle = await acquire(lockPath, staleMs, timeoutMs);
    const heartbeat = setInterval(() => touch(handle), staleMs / 3);
    heartbeat.unref();
    try {
      return await fn();
    } finally {
      clearInterval(heartbeat);
      await release(lockPath, handle);
    }
  };
}

async function acquire(lockPath: string, staleMs: number, timeoutMs: number): Promise<FileHandle> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const handle = await tryCreate(lockPath);
    if (handle) return handle;
    const holder = await snapshot(lockPath);
    // A lock that vanished, or a stale one just removed, leaves the slot free: try again at once.
    if (holder === undefined) continue;
    if (isStale(holder, staleMs) && (await removeStale(lockPath, holder, staleMs))) continue;
    if (Date.now() >= deadline) throw new LockTimeoutError(lockPath, timeoutMs);
    await sleep(pollMinMs + Math.random() * (pollMaxMs - pollMinMs));
  }
}

async function tryCreate(lockPath: string): Promise<FileHandle | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(lockPath, 'wx', 0o600);
  } catch (error) {
    if (isBusy(error)) return undefined;
    throw error;
  }
  try {
    const owner = { pid: process.pid, host: hostname(), acquiredAt: new Date().toISOString() };
    await handle.writeFile(JSON.stringify(owner), 'utf8');
    return handle;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(lockPath).catch(() => undefined);
    throw error;
  }
}

function isBusy(error: unknown): boolean {
  const code = errorCode(error);
  // Windows reports EPERM while a lock file that was just deleted is still open elsewhere.
  return code === 'EEXIST' || (code === 'EPERM' && process.platform === 'win32');
}

async function snapshot(path: string): Promise<LockSnapshot | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const stats = await handle.stat({ bigint: true });
    const content = await handle.readFile('utf8');
    return { dev: stats.dev, ino: stats.ino, mtimeNs: stats.mtimeNs, content };
  } finally {
    await handle.close();
  }
}

function isStale(lock: LockSnapshot, staleMs: number): boolean {
  const ageMs = Date.now() - Number(lock.mtimeNs / 1_000_000n);
  if (ageMs > staleMs) return true;
  const owner = parseOwner(lock.content);
  return owner !== undefined && owner.host === hostname() && !isRunning(owner.pid);
}

async function removeStale(lockPath: string, judged: LockSnapshot, staleMs: number): Promise<boolean> {
  // Without this guard, two waiters that judged the same lock stale could both remove it, the second one
  // removing the fresh lock the first had just created; renaming it away and linking it back leaves a gap
  // in which a third waiter can create its own.
  const guardPath = `${lockPath}.steal`;
  const guard = await tryCreate(guardPath);
  if (guard === undefined) {
    await removeStaleGuard(guardPath, staleMs);
    return false;
  }
  try {
    const current = await snapshot(lockPath);
    if (current === undefined) return true;
    // Replaced since we looked: that lock is alive, and is left alone.
    if (!isSameLock(current, judged)) return false;
    await unlink(lockPath).catch(ignoreMissing);
    return true;
  } finally {
    await guard.close().catch(() => undefined);
    await unlink(guardPath).catch(() => undefined);
  }
}

/** A stealer that died while holding the guard (a window of microseconds) must not block stealing forever. */
async function removeStaleGuard(guardPath: string, staleMs: number): Promise<void> {
  const guard = await snapshot(guardPath);
  if (guard !== undefined && isStale(guard, staleMs)) await unlink(guardPath).catch(ignoreMissing);
}

function ignoreMissing(error: unknown): void {
  if (errorCode(error) !== 'ENOENT') throw error;
}

function isSameLock(a: LockSnapshot, b: LockSnapshot): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.mtimeNs === b.mtimeNs && a.content === b.content;
}

async function touch(handle: FileHandle): Promise<void> {
  const now = new Date();
  // A missed beat only ages the file; the holder keeps running.
  await handle.utimes(now, now).catch(() => undefined);
}

async function release(lockPath: string, handle: FileHandle): Promise<void> {
  const ours = await handle.stat({ bigint: true }).catch(() => undefined);
  await handle.close().catch(() => undefined);
  const current = await stat(lockPath, { bigint: true }).catch(() => undefined);
  // Only remove the file if it is still ours: a holder that looked dead may have been replaced.
  if (ours && current && ours.dev === current.dev && ours.ino === current.ino) {
    await unlink(lockPath).catch(() => undefined);
  }
}

function parseOwner(content: string): LockOwner | undefined {
  try {
    const value: unknown = JSON.parse(content);
    return isLockOwner(value) ? value : undefined;
  } catch {
    // Empty while its creator is still writing it: judged by age alone.
    return undefined;
  }
}

function isLockOwner(value: unknown): value is LockOwner {
  return (
    typeof value === 'object' &&
    value !== null &&
    'pid' in value &&
    typeof value.pid === 'number' &&
    Number.isSafeInteger(value.pid) &&
    value.pid > 0 &&
    'host' in value &&
    typeof value.host === 'string'
  );
}

function isRunning(pid: number): boolean {
  try {
    // Signal 0 checks that the process exists without touching it.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return errorCode(error) === 'EPERM';
  }
}
