import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import type { TokenPair } from '../../src/entities.ts';
import { StorageUnavailableError } from '../../src/errors.ts';
import { fileTokenStore } from '../../src/node/index.ts';
import type { TokenStore } from '../../src/types.ts';
import { useSessionDirectory } from '../support/session-directory.ts';

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const pair = (n: number): TokenPair => ({ access_token: `access-${n}`, refresh_token: `refresh-${n}` });
/**
 * The permission tests run on POSIX only: Windows has no owner/group/other mode bits (`stat().mode` reports 0o666 or
 * 0o444 and `chmod` toggles only the read-only flag), so 0600 and 0700 can be neither set nor read back there.
 */
const onPosix = process.platform !== 'win32';

let directory: string;
let sessionPath: string;

useSessionDirectory('file-token-store-', (paths) => {
  ({ directory, sessionPath } = paths);
});

function subscribeTo(store: TokenStore, listener: (tokens: TokenPair | undefined) => void): () => void {
  if (!store.subscribe) throw new Error('this store has no subscribe');
  return store.subscribe(listener);
}

describe('fileTokenStore', () => {
  it('has no session while the file is missing', async () => {
    expect(await fileTokenStore(sessionPath).get()).toBeUndefined();
  });

  it('reads back the pair it wrote, as JSON in the file', async () => {
    const store = fileTokenStore(sessionPath);
    await store.set(pair(1));
    expect(await store.get()).toEqual(pair(1));
    expect(JSON.parse(await readFile(sessionPath, 'utf8'))).toEqual(pair(1));
    expect(await fileTokenStore(sessionPath).get()).toEqual(pair(1));
  });

  // POSIX mode bits (0600 file, 0700 directories): Windows has none to check.
  it.runIf(onPosix)(
    'writes a file only its owner can read, in a directory it creates with mode 0700',
    async () => {
      const nested = join(directory, 'config', 'magistrala-users', 'session.json');
      await fileTokenStore(nested).set(pair(1));
      expect((await stat(nested)).mode & 0o777).toBe(0o600);
      expect((await stat(join(directory, 'config', 'magistrala-users'))).mode & 0o777).toBe(0o700);
      expect((await stat(join(directory, 'config'))).mode & 0o777).toBe(0o700);
    },
  );

  // POSIX mode bits (a 0644 file replaced by a 0600 one): Windows has none to check.
  it.runIf(onPosix)(
    'replaces a session file that others could read with one only its owner can',
    async () => {
      await writeFile(sessionPath, JSON.stringify(pair(1)), { mode: 0o644 });
      await chmod(sessionPath, 0o644);
      await fileTokenStore(sessionPath).set(pair(2));
      expect((await stat(sessionPath)).mode & 0o777).toBe(0o600);
    },
  );

  it('never shows a reader half a write, and leaves no temporary files behind', async () => {
    const store = fileTokenStore(sessionPath);
    await store.set(pair(0));
    const written = Array.from({ length: 8 }, (_, n) => ({ ...pair(n), padding: 'x'.repeat(64 * 1024) }));
    const reads: Array<TokenPair | undefined> = [];
    for (let round = 0; round < 15; round++) {
      await Promise.all([
        ...written.map((tokens) => store.set(tokens)),
        ...Array.from({ length: 8 }, async () => reads.push(await fileTokenStore(sessionPath).get())),
      ]);
    }
    expect(reads).toHaveLength(120);
    for (const read of reads) expect(read?.access_token).toMatch(/^access-\d$/);
    expect(await readdir(directory)).toEqual(['session.json']);
  });

  // Issue 7 item 12: a file that holds something other than a session is "unknown", not "signed out".
  it.each([
    ['empty', ''],
    ['corrupt', '{"access_token": "a", "refresh_'],
    ['of the wrong shape', '{"access_token": "a"}'],
    ['not an object', '[1, 2]'],
  ])('rejects reading a %s file with StorageUnavailableError, quoting none of it', async (_case, content) => {
    await writeFile(sessionPath, content);
    const error = await Promise.resolve(fileTokenStore(sessionPath).get()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    if (content) expect(String(error)).not.toContain(content);
  });

  // Issue 7 item 12: a path that exists but cannot be read is "unknown" too; only a missing file is "no session".
  it('rejects reading an unreadable path (a directory there) with StorageUnavailableError', async () => {
    await mkdir(sessionPath);
    const error = await Promise.resolve(fileTokenStore(sessionPath).get()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(String(error)).toContain(sessionPath);
  });

  it('removes the file on clear, and clearing a missing file is fine', async () => {
    const store = fileTokenStore(sessionPath);
    await store.set(pair(1));
    await store.clear();
    expect(await readdir(directory)).toEqual([]);
    expect(await store.get()).toBeUndefined();
    await expect(store.clear()).resolves.toBeUndefined();
  });

  it('lets errors other than a missing file through clear', async () => {
    await mkdir(sessionPath);
    await expect(fileTokenStore(sessionPath).clear()).rejects.toMatchObject({ code: expect.any(String) });
  });

  describe('subscribe', () => {
    it('tells another store about a write, but not the store that wrote it', async () => {
      const storeA = fileTokenStore(sessionPath);
      const storeB = fileTokenStore(sessionPath);
      const heardByA: Array<TokenPair | undefined> = [];
      const heardByB: Array<TokenPair | undefined> = [];
      const stopA = subscribeTo(storeA, (tokens) => heardByA.push(tokens));
      const stopB = subscribeTo(storeB, (tokens) => heardByB.push(tokens));

      await storeA.set(pair(1));
      await vi.waitFor(() => expect(heardByB).toEqual([pair(1)]));
      await storeB.set(pair(2));
      await vi.waitFor(() => expect(heardByA).toEqual([pair(2)]));
      await storeA.set(pair(3));
      await vi.waitFor(() => expect(heardByB).toEqual([pair(1), pair(3)]));
      expect(heardByA).toEqual([pair(2)]);
      stopA();
      stopB();
    });

    it('tells another store when the session is cleared', async () => {
      const storeA = fileTokenStore(sessionPath);
      await storeA.set(pair(1));
      const heard: Array<TokenPair | undefined> = [];
      const stop = subscribeTo(fileTokenStore(sessionPath), (tokens) => heard.push(tokens));
      await storeA.clear();
      await vi.waitFor(() => expect(heard).toEqual([undefined]));
      stop();
    });

    it('stops calling a listener after it unsubscribes', async () => {
      const storeB = fileTokenStore(sessionPath);
      const gone = vi.fn();
      const staying: Array<TokenPair | undefined> = [];
      const stopGone = subscribeTo(storeB, gone);
      const stopStaying = subscribeTo(storeB, (tokens) => staying.push(tokens));
      stopGone();
      await fileTokenStore(sessionPath).set(pair(1));
      await vi.waitFor(() => expect(staying).toEqual([pair(1)]));
      expect(gone).not.toHaveBeenCalled();
      stopStaying();
    });

    it('never keeps the process alive, nor does a Web Storage store subscription', async () => {
      const { stdout } = await run(process.execPath, [fixture('subscribe-and-exit.ts'), sessionPath], {
        timeout: 10_000,
      });
      expect(stdout.trim()).toBe('subscribed');
    });
  });
});
