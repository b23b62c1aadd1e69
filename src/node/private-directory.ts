/**
 * The directory a session file lives in, checked before anything is read from it or written to it.
 *
 * @module
 */
import { mkdir, stat } from 'node:fs/promises';
import { StorageUnavailableError } from '../errors.ts';
import { errorCode } from './error-code.ts';

/**
 * Makes sure `directory` is one that only its owner (or root) can change, creating it with mode `0700` when
 * `create` is set.
 *
 * @remarks
 * Whoever can write the directory can plant a symlink or a lock file there, or swap the session for their
 * own, so a directory writable by group or others, or owned by another user, is refused, shared `/tmp`
 * included. On Windows, where POSIX modes say nothing, nothing is checked. A missing directory is fine when
 * `create` is off: there is simply no session there yet.
 *
 * @param directory - The session file's directory, absolute.
 * @param create - Whether to create it (and its parents) when it is missing.
 * @throws {@link StorageUnavailableError} naming the directory and what is wrong with it.
 *
 * @example
 * ```ts
 * await ensurePrivateDirectory('/home/jane/.config/my-app', true);
 * ```
 */
export async function ensurePrivateDirectory(directory: string, create: boolean): Promise<void> {
  if (create) await mkdir(directory, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const stats = await stat(directory).catch((error: unknown) => {
    if (!create && errorCode(error) === 'ENOENT') return undefined;
    throw error;
  });
  if (stats === undefined) return;
  const refuse = (why: string) =>
    new StorageUnavailableError(
      `Refusing to keep a session in ${directory}: ${why}; use a directory only you can write (mode 0700)`,
    );
  if (!stats.isDirectory()) throw refuse('it is not a directory');
  if ((stats.mode & 0o022) !== 0) {
    throw refuse(`it is writable by other users (mode 0${(stats.mode & 0o777).toString(8)})`);
  }
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid && stats.uid !== 0) throw refuse('it belongs to another user');
}
