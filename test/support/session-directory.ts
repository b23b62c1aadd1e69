import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** Where a test's file store lives: a fresh directory, the session file in it and that file's lock. */
export interface SessionDirectory {
  directory: string;
  sessionPath: string;
  lockPath: string;
}

/**
 * Before each test: a fresh temporary directory named from `prefix`, handed to `take` with the paths of a session
 * file and its lock in it (neither exists yet); after each test, the directory and all in it are gone.
 * Call it at the top level of a test file, before the file's own hooks.
 */
export function useSessionDirectory(prefix: string, take: (paths: SessionDirectory) => void): void {
  let directory: string | undefined;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), prefix));
    const sessionPath = join(directory, 'session.json');
    take({ directory, sessionPath, lockPath: `${sessionPath}.lock` });
  });
  afterEach(async () => {
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });
}
