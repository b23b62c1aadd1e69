import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entry, root } from './subprocess.ts';
import { temporaryDirectory } from './support.ts';

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;

beforeEach(async () => {
  directory = await temporaryDirectory();
});

afterEach(async () => {
  await directory.remove();
});

/** Runs the CLI's source with a resolve hook that records every module specifier it loads. */
async function loadedBy(argv: string[]): Promise<string[]> {
  const record = join(directory.path, 'loaded.json');
  const hook = join(root, 'test/cli/fixtures/record-imports.mjs');
  await new Promise<void>((resolve) => {
    execFile(
      process.execPath,
      ['--import', hook, entry, ...argv],
      {
        env: {
          PATH: process.env.PATH,
          RECORD_IMPORTS_TO: record,
          HOME: directory.path,
          MAGISTRALA_USERS_URL: 'http://127.0.0.1:9',
        },
        timeout: 20_000,
      },
      () => resolve(),
    );
  });
  return (JSON.parse(await readFile(record, 'utf8')) as { specifier: string }[]).map(
    (entry) => entry.specifier,
  );
}

const heavy =
  /^(ky|zod|zod\/.*|jose|smol-toml|node:fs|node:fs\/promises|fs|fs\/promises|node:crypto|node:os)$|^\.\.\/(index|node\/index)\.ts$/;

describe('what the CLI loads to start', () => {
  it.each([
    [['--help']],
    [['-h']],
    [['--version']],
    [['token', '--help']],
    [['frobnicate']],
    [['-x', 'health']],
  ])('%j loads neither ky, zod, jose nor the file system', async (argv) => {
    const loaded = await loadedBy(argv);
    expect(loaded).toContain('./usage.ts');
    expect(loaded.filter((specifier) => heavy.test(specifier))).toEqual([]);
  });

  it('a command that talks to the service loads them (so the check above can fail)', async () => {
    const loaded = await loadedBy(['health']);
    expect(loaded).toEqual(expect.arrayContaining(['ky', 'zod/mini', 'node:fs/promises']));
    expect(loaded).not.toContain('smol-toml');
  });
});
