/**
 * A lock file shared by every process on a machine (or a shared file system) that names the same path.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, lstat, open, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { threadId } from 'node:worker_threads';
import * as z from 'zod/mini';
import { LockTimeoutError } from '../errors.ts';
import { parseJson } from '../parse-json.ts';
import { errorCode } from './error-code.ts';
import { isRunning } from './is-running.ts';

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

/**
 * Who holds a lock file: its JSON content (`acquiredAt` is for people reading it). Files written by earlier
 * versions have no `threadId` (read as the main thread's, 0) and no `id`.
 */
const lockOwnerSchema = z.object({
  pid: z.int().check(z.positive()),
  host: z.string(),
  threadId: z.optional(z.int()),
  id: z.optional(z.string()),
});

/** A lock file this thread created and still holds open. */
interface HeldLock {
  handle: FileHandle;
  /** The `id` written into the file, listed in {@link heldLockIds} until the file is released. */
  id: string;
}

/**
 * What stands at the lock path at one moment: its identity, age and content, read through one handle. Anything
 * but a regular file (a symlink, a FIFO, a directory) has no content and is never a live lock.
 */
interface LockSnapshot {
  dev: bigint;
  ino: bigint;
  mtimeNs: bigint;
  content: string;
  regular: boolean;
}

const pollMinMs = 5;
const pollMaxMs = 40;
// After the slot was found free, a short pause: enough that a loop of vanishing files cannot spin the CPU.
const retryMaxMs = 5;
// Never follow a link planted at the lock path, and never block opening a FIFO there (0 where unsupported).
const readNoFollow = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

// On globalThis so that the ESM and CJS copies of this module, loaded side by side, still see each other's.
const heldLocksKey: unique symbol = Symbol.for('magistrala-users/node: held lock files');
const heldLocksHome = globalThis as typeof globalThis & { [heldLocksKey]?: Set<string> };

/** The ids of the lock files this thread holds (including steal guards). */
function heldLockIds(): Set<string> {
  heldLocksHome[heldLocksKey] ??= new Set();
  return heldLocksHome[heldLocksKey];
}

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
 *   than `staleMs` is stale. So is one naming this very process and thread that this thread does not hold:
 *   an earlier process with the same pid left it, as pid 1 of a restarted container does. (One naming
 *   another thread of this process is judged by age alone.) A waiter removes a stale lock only while holding
 *   a second lock file, `${lockPath}.steal` (created the same way), and only if it is still the very file it
 *   judged stale (same inode, modification time and content); then every waiter races to create a new one.
 *   So two waiters that judge one stale lock never remove a fresh lock by mistake. Anything but a regular
 *   file at the lock path (a symlink, dangling or not, a FIFO, a socket) is stale at once and is never
 *   followed or opened for blocking; one that cannot be removed (a directory) is waited on like a live lock.
 * - Releasing it: the holder removes the file only if it is still the one it created, compared while its
 *   handle is open, so the inode cannot meanwhile be reused by a newer lock file.
 * - Giving up: after `timeoutMs` a waiter rejects with {@link LockTimeoutError}. Every round of waiting,
 *   whatever it found at the lock path, checks that deadline and pauses, so a waiter never spins.
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
    const held = await acquire(lockPath, staleMs, timeoutMs);
    const heartbeat = setInterval(() => touch(held.handle), staleMs / 3);
    heartbeat.unref();
    try {
      return await fn();
    } finally {
      clearInterval(heartbeat);
      await release(lockPath, held);
    }
  };
}

async function acquire(lockPath: string, staleMs: number, timeoutMs: number): Promise<HeldLock> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const held = await tryCreate(lockPath);
    if (held) return held;
    const holder = await snapshot(lockPath);
    // A lock that vanished, or a stale one just removed, leaves the slot free: try again almost at once.
    const free =
      holder === undefined || (isStale(holder, staleMs) && (await removeStale(lockPath, holder, staleMs)));
    // Every path checks the deadline and waits, so nothing at the lock path can make this loop spin.
    if (Date.now() >= deadline) throw new LockTimeoutError(lockPath, timeoutMs);
    await sleep(free ? Math.random() * retryMaxMs : pollMinMs + Math.random() * (pollMaxMs - pollMinMs));
  }
}

async function tryCreate(lockPath: string): Promise<HeldLock | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(lockPath, 'wx', 0o600);
  } catch (error) {
    if (isBusy(error)) return undefined;
    throw error;
  }
  const id = randomUUID();
  // Listed before the content lands, so a waiter of this thread never takes the new file for a leftover.
  heldLockIds().add(id);
  try {
    const owner = { pid: process.pid, host: hostname(), threadId, id, acquiredAt: new Date().toISOString() };
    await handle.writeFile(JSON.stringify(owner), 'utf8');
    return { handle, id };
  } catch (error) {
    await unlink(lockPath).catch(() => undefined);
    await handle.close().catch(() => undefined);
    heldLockIds().delete(id);
    throw error;
  }
}

function isBusy(error: unknown): boolean {
  const code = errorCode(error);
  // Windows reports EPERM while a lock file that was just deleted is still open elsewhere.
  return code === 'EEXIST' || (code === 'EPERM' && process.platform === 'win32');
}

async function snapshot(path: string): Promise<LockSnapshot | undefined> {
  const entry = await lstat(path, { bigint: true }).catch(ignoreMissing);
  if (entry === undefined) return undefined;
  const irregular = { dev: entry.dev, ino: entry.ino, mtimeNs: entry.mtimeNs, content: '', regular: false };
  if (!entry.isFile()) return irregular;
  let handle: FileHandle;
  try {
    handle = await open(path, readNoFollow);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    // Replaced by a link between the two looks.
    if (errorCode(error) === 'ELOOP') return irregular;
    throw error;
  }
  try {
    const stats = await handle.stat({ bigint: true });
    if (!stats.isFile()) return { ...irregular, dev: stats.dev, ino: stats.ino, mtimeNs: stats.mtimeNs };
    const content = await handle.readFile('utf8');
    return { dev: stats.dev, ino: stats.ino, mtimeNs: stats.mtimeNs, content, regular: true };
  } finally {
    await handle.close();
  }
}

function isStale(lock: LockSnapshot, staleMs: number): boolean {
  if (!lock.regular) return true;
  const ageMs = Date.now() - Number(lock.mtimeNs / 1_000_000n);
  if (ageMs > staleMs) return true;
  // Empty while its creator is still writing it: judged by age alone.
  const owner = parseJson(lock.content, lockOwnerSchema);
  if (owner === undefined || owner.host !== hostname()) return false;
  if (owner.pid !== process.pid) return !isRunning(owner.pid);
  // Our own pid, but perhaps an earlier process's (pid 1 in a restarted container): only this thread can
  // tell whether it holds the file. Another thread's lock cannot be checked from here, so it counts as live.
  return (owner.threadId ?? 0) === threadId && (owner.id === undefined || !heldLockIds().has(owner.id));
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
    // A directory (or anything else unlink refuses) stays, and the waiter times out as for a live holder.
    return await unlink(lockPath).then(
      () => true,
      (error: unknown) => errorCode(error) === 'ENOENT',
    );
  } finally {
    await release(guardPath, guard);
  }
}

/** A stealer that died while holding the guard (a window of microseconds) must not block stealing forever. */
async function removeStaleGuard(guardPath: string, staleMs: number): Promise<void> {
  const guard = await snapshot(guardPath);
  if (guard !== undefined && isStale(guard, staleMs)) await unlink(guardPath).catch(ignoreMissing);
}

function ignoreMissing(error: unknown): undefined {
  if (errorCode(error) !== 'ENOENT') throw error;
  return undefined;
}

function isSameLock(a: LockSnapshot, b: LockSnapshot): boolean {
  return (
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.mtimeNs === b.mtimeNs &&
    a.content === b.content &&
    a.regular === b.regular
  );
}

async function touch(handle: FileHandle): Promise<void> {
  const now = new Date();
  // A missed beat only ages the file; the holder keeps running.
  await handle.utimes(now, now).catch(() => undefined);
}

async function release(lockPath: string, held: HeldLock): Promise<void> {
  try {
    // Compared while our handle is still open: once it is closed, a newer lock file can get our inode.
    const ours = await held.handle.stat({ bigint: true }).catch(() => undefined);
    const current = await stat(lockPath, { bigint: true }).catch(() => undefined);
    // Only remove the file if it is still ours: a holder that looked dead may have been replaced.
    if (ours && current && ours.dev === current.dev && ours.ino === current.ino) {
      await unlink(lockPath).catch(() => undefined);
    }
  } finally {
    await held.handle.close().catch(() => undefined);
    heldLockIds().delete(held.id);
  }
}
