/**
 * A token store in a JSON file, shared by every process that names the same path: CLIs, workers, scripts.
 *
 * @module
 */
import { constants, mkdirSync, watch } from 'node:fs';
import { lstat, readFile, unlink } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { changeFeed } from '../change-feed.ts';
import { StorageUnavailableError } from '../errors.ts';
import { parseTokenPair } from '../parse-token-pair.ts';
import type { TokenStore } from '../types.ts';
import { errorCode } from './error-code.ts';
import { fileLock } from './file-lock.ts';
import { ensurePrivateDirectory } from './private-directory.ts';
import { sweepAbandonedWrites, writeFileAtomic } from './write-file-atomic.ts';

// Never read a session through a link planted at its path (0 where the flag does not exist).
const readNoFollow = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * Options of {@link fileTokenStore}: the lock around refreshes.
 *
 * @example
 * ```ts
 * const store = fileTokenStore('/var/lib/my-app/session.json', { lockTimeoutMs: 10_000 });
 * ```
 */
export interface FileTokenStoreOptions {
  /**
   * How old, in milliseconds, the lock file must be before another process takes it over even though its
   * holder may be alive. A live holder keeps the file fresh, so only one that died, hung or lost the file
   * system lets it age; a holder whose process is gone (same host) is taken over at once. Default `30_000`.
   */
  staleMs?: number;
  /**
   * How long, in milliseconds, `lock()` waits before rejecting with `LockTimeoutError`. Default `60_000`.
   */
  timeoutMs?: number;
}

/**
 * Keeps the session in a JSON file that only its owner may read, shared by every process using the path.
 *
 * @remarks
 * - `set()` writes atomically: the new content goes to a temporary file in the same directory (mode
 *   `0600`), is flushed, and is renamed over the file, so a reader never sees half a session. A missing
 *   directory is created with mode `0700`. Temporary files left by writers that were killed mid-write are
 *   swept after each write and by `clear()`, so no stray copy of a pair outlives a logout.
 * - The directory must be one only its owner can write: one writable by group or others (`/tmp` too) or
 *   owned by another user makes every method reject with `StorageUnavailableError`. A symlink at the
 *   session path is never followed: `get()` and `set()` reject with `StorageUnavailableError`.
 * - `get()` returns `undefined` when the file is missing, and rejects with `StorageUnavailableError` when it is
 *   there but empty, corrupt or unreadable: the session is then unknown, not signed out.
 * - `clear()` removes the file; a missing file is fine.
 * - `lock()` holds the lock file `${path}.lock` (see {@link FileTokenStoreOptions}): one process refreshes
 *   while the others wait, then re-read the store. A lock left by a crashed process is taken over, and a
 *   waiter gives up with `LockTimeoutError` after `timeoutMs`. It is not re-entrant.
 * - `subscribe()` watches the directory (`fs.watch`) for changes made by other stores and processes, never
 *   this store's own writes. The watcher stops when the last listener leaves, and in Node it never keeps the
 *   process alive. Deno ignores `persistent: false`, so there a subscription keeps the process running until
 *   it ends: unsubscribe (for a `UsersClient`, call `dispose()`) before the program is meant to exit.
 *   Watching is best effort: where it is unavailable the listener is simply not called.
 *
 * The path is resolved against the working directory when the store is made.
 *
 * @param path - The session file, e.g. `~/.config/my-app/session.json` expanded.
 * @param options - Lock settings.
 * @returns A {@link TokenStore} with `lock` and `subscribe`.
 *
 * @example
 * ```ts
 * import { UsersClient } from 'magistrala-users';
 * import { fileTokenStore } from 'magistrala-users/node';
 *
 * const users = new UsersClient({
 *   baseUrl: 'http://localhost:9002',
 *   tokenStore: fileTokenStore(`${os.homedir()}/.config/my-app/session.json`),
 * });
 * ```
 */
export function fileTokenStore(path: string, options: FileTokenStoreOptions = {}): TokenStore {
  const file = resolve(path);
  const directory = dirname(file);
  const lock = fileLock(`${file}.lock`, options);
  const feed = changeFeed(() =>
    watchFile(
      file,
      // A file that cannot be trusted is reported as nothing new, never as a session.
      serialized(async () => {
        const raw = await readRaw(file).catch(() => undefined);
        if (raw !== undefined) feed.deliver(raw);
      }),
    ),
  );
  return {
    async get() {
      await ensurePrivateDirectory(directory, false);
      return parseTokenPair(await readRaw(file));
    },
    async set(tokens) {
      const raw = `${JSON.stringify(tokens, null, 2)}\n`;
      await ensurePrivateDirectory(directory, true);
      await refuseLink(file);
      // Noted before the write lands, so the watcher cannot report it back to us first.
      feed.noteOwnWrite(raw);
      await writeFileAtomic(file, raw);
      await sweepAbandonedWrites(file);
    },
    async clear() {
      await ensurePrivateDirectory(directory, false);
      feed.noteOwnWrite(null);
      await unlink(file).catch((error: unknown) => {
        if (errorCode(error) !== 'ENOENT') throw error;
      });
      await sweepAbandonedWrites(file);
    },
    async lock(fn) {
      await ensurePrivateDirectory(directory, true);
      return lock(fn);
    },
    subscribe: (listener) => feed.subscribe(listener),
  };
}

async function readRaw(file: string): Promise<string | null> {
  try {
    return await readFile(file, { encoding: 'utf8', flag: readNoFollow });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw linkRefused(file);
    // There, but unreadable (EACCES, EISDIR, EIO…): "unknown", never "signed out".
    throw new StorageUnavailableError(`Cannot read the session file ${file} (${code || 'unreadable'})`);
  }
}

async function refuseLink(file: string): Promise<void> {
  const entry = await lstat(file).catch(() => undefined);
  if (entry?.isSymbolicLink()) throw linkRefused(file);
}

function linkRefused(file: string): StorageUnavailableError {
  return new StorageUnavailableError(
    `Refusing to use the session file ${file}: it is a symbolic link, and a session is never read or written through one`,
  );
}

function watchFile(file: string, onChange: () => void): () => void {
  const name = basename(file);
  try {
    // The directory, not the file: the file is replaced by rename, and may not exist yet.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const watcher = watch(dirname(file), { persistent: false }, (_event, filename) => {
      if (filename === null || filename === name) onChange();
    });
    watcher.on('error', () => watcher.close());
    return () => watcher.close();
  } catch {
    return () => undefined;
  }
}

/** Runs `task` on every call, never two at once; calls made while it runs fold into one more run. */
function serialized(task: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const loop = async () => {
    running = true;
    try {
      do {
        again = false;
        await task();
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => {
    if (running) again = true;
    else void loop();
  };
}
