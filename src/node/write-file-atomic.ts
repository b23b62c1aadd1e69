/**
 * Whole-file replacement that readers never see half done.
 *
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCode } from './error-code.ts';
import { isRunning } from './is-running.ts';

// Windows refuses to rename over a file that another process has open for a moment; those codes pass.
const transientRenameCodes = new Set(['EPERM', 'EACCES', 'EBUSY']);
const renameAttempts = 5;
// No write takes a minute: a temporary file that old was left by a writer that died, whoever it was.
const abandonedAfterMs = 60_000;
// Names the host in temporary files, so a sweeper only judges the pids of its own host.
const hostTag = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

// On globalThis so that the ESM and CJS copies of this module, loaded side by side, never sweep each other's.
const inFlightKey: unique symbol = Symbol.for('magistrala-users/node: temporary files being written');
const inFlightHome = globalThis as typeof globalThis & { [inFlightKey]?: Set<string> };
function inFlight(): Set<string> {
  inFlightHome[inFlightKey] ??= new Set();
  return inFlightHome[inFlightKey];
}

/**
 * Replaces the file at `path` with `data`, atomically: a reader sees either the old content or the new one.
 *
 * @remarks
 * The data goes to a uniquely named temporary file in the same directory (so the rename never crosses a
 * file system), `.<name>.<host>-<pid>.<uuid>.tmp`, created with `mode`, flushed with `fsync`, then renamed
 * over `path`. On failure the temporary file is removed and the error passes through. A writer killed
 * mid-write leaves its temporary file behind: {@link sweepAbandonedWrites} removes those. The directory must
 * exist.
 *
 * @param path - The file to replace or create.
 * @param data - Its new content, written as UTF-8.
 * @param mode - Permissions of the new file. Default `0o600` (owner read and write).
 *
 * @example
 * ```ts
 * await writeFileAtomic('/home/me/.config/app/session.json', JSON.stringify(tokens));
 * ```
 */
export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${hostTag}-${process.pid}.${randomUUID()}.tmp`);
  inFlight().add(temporary);
  try {
    const handle = await open(temporary, 'wx', mode);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  } finally {
    inFlight().delete(temporary);
  }
}

/**
 * Removes the temporary files that {@link writeFileAtomic} calls for `path` left behind when their writer
 * died mid-write: each may hold a whole token pair.
 *
 * @remarks
 * A file is abandoned when its writer's process (on this host) is gone, when it is this process's and no
 * write of this process is using it, or when it is older than a minute (no write takes that long; this is
 * how files of other hosts, and of versions that did not name their writer, are judged). Best effort: a
 * file that cannot be removed or read is left, and nothing is thrown.
 *
 * @param path - The file whose temporary files to sweep.
 *
 * @example
 * ```ts
 * await writeFileAtomic(sessionPath, raw);
 * await sweepAbandonedWrites(sessionPath);
 * ```
 */
export async function sweepAbandonedWrites(path: string): Promise<void> {
  const directory = dirname(path);
  const prefix = `.${basename(path)}.`;
  const names = await readdir(directory).catch(() => [] as string[]);
  const shape = /^(?:([0-9a-f]{8})-(\d+)\.)?[0-9a-f-]{36}\.tmp$/;
  await Promise.all(
    names.map(async (name) => {
      const writer = name.startsWith(prefix) ? shape.exec(name.slice(prefix.length)) : null;
      if (writer === null) return;
      const temporary = join(directory, name);
      if (inFlight().has(temporary) || !(await isAbandoned(temporary, writer[1], Number(writer[2])))) return;
      await unlink(temporary).catch(() => undefined);
    }),
  );
}

async function isAbandoned(temporary: string, host: string | undefined, pid: number): Promise<boolean> {
  if (host === hostTag && (pid === process.pid || !isRunning(pid))) return true;
  const stats = await stat(temporary).catch(() => undefined);
  return stats !== undefined && Date.now() - stats.mtimeMs > abandonedAfterMs;
}

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      if (
        process.platform !== 'win32' ||
        attempt >= renameAttempts ||
        !transientRenameCodes.has(errorCode(error))
      ) {
        throw error;
      }
      await sleep(10 * attempt);
    }
  }
}
