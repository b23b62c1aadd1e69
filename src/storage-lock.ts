/**
 * A lock shared by the tabs of one origin, kept in a Web Storage area: the fallback where Web Locks
 * (`navigator.locks`) are missing, or reach only one process while the storage is shared (Node, Deno).
 *
 * @module
 */
import * as z from 'zod/mini';
import { LockTimeoutError } from './errors.ts';
import { finiteSchema } from './schemas.ts';

/** Options of {@link storageLock}. */
export interface StorageLockOptions {
  /**
   * How long, in milliseconds, a holder's claim lasts unless renewed. The holder renews it every third of
   * this while its function runs, so only a holder that died (a closed tab) lets it lapse. Default `10_000`.
   */
  ttlMs?: number;
  /**
   * How long, in milliseconds, to wait for the lock before rejecting with {@link LockTimeoutError}.
   * Default `30_000`.
   */
  timeoutMs?: number;
}

/** A claim on the lock, stored as JSON under the lock's key. */
const lockEntrySchema = z.object({ owner: z.string(), expires: finiteSchema });
type LockEntry = z.infer<typeof lockEntrySchema>;

// Time for a racing tab's claim to land before ours is confirmed: the later write wins, so both tabs see
// the same owner when they re-read.
const settleMs = 30;
const pollMinMs = 10;
const pollMaxMs = 50;

/**
 * Makes a lock kept in `storage` under the key `name`, shared by every tab (and every client in a tab) that
 * uses the same storage and name.
 *
 * @remarks
 * A holder claims the lock by writing `{ owner, expires }` and confirms it by re-reading after a short
 * pause; waiters poll with small jittered waits. The holder renews the claim while its function runs and
 * removes it when the function settles. A claim whose `expires` has passed (its tab closed, or a corrupt
 * entry) is taken over, so a holder that died never blocks the others for longer than `ttlMs`.
 *
 * Errors of `storage` itself while claiming (disabled, full) reject the call without running the function.
 * The lock is not re-entrant: calling it again from inside the function waits for itself until the timeout.
 *
 * @param storage - The storage shared by the tabs, usually `localStorage`.
 * @param name - The key of the lock entry.
 * @param options - Claim lifetime and wait timeout.
 * @returns A function that runs its argument while holding the lock and resolves with its result.
 *
 * @example
 * ```ts
 * const lock = storageLock(localStorage, 'app.session.lock');
 * const fresh = await lock(async () => refreshSession());
 * ```
 */
export function storageLock(
  storage: Storage,
  name: string,
  options: StorageLockOptions = {},
): <T>(fn: () => Promise<T>) => Promise<T> {
  const { ttlMs = 10_000, timeoutMs = 30_000 } = options;
  return async (fn) => {
    const owner = randomOwnerId();
    await acquire(storage, name, owner, ttlMs, timeoutMs);
    const renewal = setInterval(() => renew(storage, name, owner, ttlMs), ttlMs / 3);
    try {
      return await fn();
    } finally {
      clearInterval(renewal);
      release(storage, name, owner);
    }
  };
}

async function acquire(
  storage: Storage,
  name: string,
  owner: string,
  ttlMs: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (isFree(readEntry(storage, name))) {
      writeEntry(storage, name, { owner, expires: Date.now() + ttlMs });
      await sleep(settleMs);
      if (readEntry(storage, name)?.owner === owner) return;
    }
    if (Date.now() >= deadline) throw new LockTimeoutError(name, timeoutMs);
    await sleep(pollMinMs + Math.random() * (pollMaxMs - pollMinMs));
  }
}

function renew(storage: Storage, name: string, owner: string, ttlMs: number): void {
  try {
    if (readEntry(storage, name)?.owner === owner)
      writeEntry(storage, name, { owner, expires: Date.now() + ttlMs });
  } catch {
    // A failed renewal only shortens the claim; the function keeps running.
  }
}

function release(storage: Storage, name: string, owner: string): void {
  try {
    if (readEntry(storage, name)?.owner === owner) storage.removeItem(name);
  } catch {
    // The claim then lapses on its own at `expires`; the function's own outcome matters more.
  }
}

function isFree(entry: LockEntry | undefined): boolean {
  return entry === undefined || entry.expires <= Date.now();
}

function readEntry(storage: Storage, name: string): LockEntry | undefined {
  try {
    const parsed = lockEntrySchema.safeParse(JSON.parse(storage.getItem(name) ?? 'null'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function writeEntry(storage: Storage, name: string, entry: LockEntry): void {
  storage.setItem(name, JSON.stringify(entry));
}

function randomOwnerId(): string {
  // getRandomValues, unlike randomUUID, also exists outside secure contexts (plain-http pages).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
