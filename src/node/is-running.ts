/**
 * Whether a process of this host is alive.
 *
 * @module
 */
import { errorCode } from './error-code.ts';

/**
 * Whether the process `pid` of this host exists, whoever owns it.
 *
 * @param pid - A process id of this host.
 * @returns `true` while it runs (or exists as another user's process).
 *
 * @example
 * ```ts
 * if (!isRunning(owner.pid)) await unlink(lockPath);
 * ```
 */
export function isRunning(pid: number): boolean {
  try {
    // Signal 0 checks that the process exists without touching it.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return errorCode(error) === 'EPERM';
  }
}
