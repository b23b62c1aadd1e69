import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** Every ```ts block of the README, with the line it starts on. */
function samples(markdown: string): { line: number; code: string }[] {
  const found: { line: number; code: string }[] = [];
  const fence = /^```ts\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(fence)) {
    found.push({ line: markdown.slice(0, match.index).split('\n').length, code: match[1] ?? '' });
  }
  return found;
}

/** Type-checks each sample as its own module, with the project's settings and its `magistrala-users` paths. */
function typecheck(files: { name: string; code: string }[]): string[] {
  const directory = join(root, '.tmp', 'readme-samples');
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  const names = files.map(({ name, code }) => {
    const path = join(directory, name);
    writeFileSync(path, code);
    return path;
  });
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(names, { ...options, noEmit: true, noUnusedLocals: false });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return text;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName.slice(directory.length + 1)}:${line + 1}: TS${diagnostic.code} ${text}`;
  });
}

describe('the README code samples', () => {
  const blocks = samples(readme);
  // One program for all, to pay for the type-checker once; the deliberately broken sample proves that the check
  // would catch an undefined name.
  const broken =
    "import { UsersClient } from 'magistrala-users';\nnew UsersClient({ baseUrl: serviceRoot });\n";
  let diagnostics: string[] | undefined;
  const check = () => {
    diagnostics ??= typecheck([
      ...blocks.map(({ line, code }) => ({ name: `readme-line-${line}.ts`, code })),
      { name: 'broken.ts', code: broken },
    ]);
    return diagnostics;
  };

  it('are there to check', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it('each type-check as a module of its own against the source, with nothing undefined', () => {
    expect(check().filter((line) => !line.startsWith('broken.ts'))).toEqual([]);
  }, 120_000);

  it('would catch a sample that uses something it never defines', () => {
    expect(check().filter((line) => line.startsWith('broken.ts'))).toEqual([
      expect.stringMatching(/^broken\.ts:2: TS2304 Cannot find name 'serviceRoot'/),
    ]);
  }, 120_000);
});
