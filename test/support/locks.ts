import { execFile } from 'node:child_process';
import type { TokenStore } from '../../src/types.ts';

/** A store's `lock`, as a plain function. */
export type Lock = <T>(fn: () => Promise<T>) => Promise<T>;

/** Waits `ms` milliseconds of real time. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The store's `lock`; throws at once for a store that has none. */
export function lockOf(store: TokenStore): Lock {
  if (!store.lock) throw new Error('this store has no lock');
  return async (fn) => {
    if (!store.lock) throw new Error('this store has no lock');
    return store.lock(fn);
  };
}

/**
 * Runs `holders` overlapping critical sections, the n-th through `locks[n % locks.length]`, and resolves with
 * the most that ran at once and how many completed.
 */
export async function peakOverlap(
  locks: readonly Lock[],
  holders = locks.length,
): Promise<{ peak: number; completed: number }> {
  let active = 0;
  let peak = 0;
  let completed = 0;
  await Promise.all(
    Array.from({ length: holders }, (_, i) =>
      locks[i % locks.length]?.(async () => {
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

/** The pid of a process that has exited: what a lock left by a crash names. */
export async function deadPid(): Promise<number> {
  const child = execFile(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  if (child.pid === undefined) throw new Error('the child process did not start');
  return child.pid;
}
