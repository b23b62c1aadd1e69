import { readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { fileTokenStore } from '../../src/node/index.ts';
import { deadPid, lockOf } from '../support/locks.ts';
import { useSessionDirectory } from '../support/session-directory.ts';

// The file system calls of the lock, in order, as `close <file>` and `unlink <file>`.
const calls = vi.hoisted((): string[] => []);

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof actual.open = async (...args) => {
    const handle = await actual.open(...args);
    const close = handle.close.bind(handle);
    handle.close = async () => {
      calls.push(`close ${basename(String(args[0]))}`);
      return close();
    };
    return handle;
  };
  const unlink: typeof actual.unlink = async (path) => {
    calls.push(`unlink ${basename(String(path))}`);
    return actual.unlink(path);
  };
  return { ...actual, default: { ...actual, open, unlink }, open, unlink };
});

let directory: string;
let sessionPath: string;

useSessionDirectory('file-lock-release-', (paths) => {
  ({ directory, sessionPath } = paths);
  calls.length = 0;
});

// Once its handle is closed, a lock file's inode can be freed and given to a newer lock file, which would
// then look like ours: so the file is compared and removed while the handle still pins the inode.
describe('fileTokenStore lock release', () => {
  it('removes its lock file before closing the file’s handle', async () => {
    await lockOf(fileTokenStore(sessionPath))(async () => {
      calls.length = 0;
    });
    expect(calls).toEqual(['unlink session.json.lock', 'close session.json.lock']);
    expect(await readdir(directory)).toEqual([]);
  });

  it('removes its steal guard before closing the guard’s handle', async () => {
    const lockPath = `${sessionPath}.lock`;
    await writeFile(lockPath, JSON.stringify({ pid: await deadPid(), host: hostname() }));
    await lockOf(fileTokenStore(sessionPath))(async () => undefined);
    const guard = calls.filter((call) => call.endsWith('.steal'));
    expect(guard).toEqual(['unlink session.json.lock.steal', 'close session.json.lock.steal']);
    expect(await readdir(directory)).toEqual([]);
  });
});
