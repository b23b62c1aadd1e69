/**
 * Whole-file replacement that readers never see half done.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCode } from './error-code.ts';

// Windows refuses to rename over a file that another process has open for a moment; those codes pass.
const transientRenameCodes = new Set(['EPERM', 'EACCES', 'EBUSY']);
const renameAttempts = 5;

/**
 * Replaces the file at `path` with `data`, atomically: a reader sees either the old content or the new one.
 *
 * @remarks
 * The data goes to a uniquely named temporary file in the same directory (so the rename never crosses a
 * file system), created with `mode`, flushed with `fsync`, then renamed over `path`. On failure the
 * temporary file is removed and the error passes through. The directory must exist.
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
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
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
  }
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
