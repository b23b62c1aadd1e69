import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliReference, cliReferencePath } from '../scripts/cli-reference.ts';
import { helpPage } from '../src/cli/usage.ts';

describe('the command-line reference page', () => {
  it('is exactly what npm run docs:cli writes from the CLI usage text', () => {
    expect(readFileSync(cliReferencePath, 'utf8')).toBe(cliReference());
  });

  it('holds every line of the help page', () => {
    const page = readFileSync(cliReferencePath, 'utf8');
    for (const line of helpPage().split('\n')) expect(page).toContain(line);
  });
});
