import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Application, Logger, LogLevel } from 'typedoc';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/** Runs typedoc with the example-checking plugin over one small module and collects its warnings. */
async function warningsFor(source: string): Promise<string[]> {
  const directory = join(root, '.tmp', 'typedoc-examples');
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'entry.ts'), source);
  writeFileSync(
    join(directory, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, target: 'es2022', module: 'nodenext' },
      files: ['entry.ts'],
    }),
  );
  const warnings: string[] = [];
  const app = await Application.bootstrapWithPlugins({
    entryPoints: [join(directory, 'entry.ts')],
    tsconfig: join(directory, 'tsconfig.json'),
    plugin: [join(root, 'scripts', 'typedoc-require-example.mjs')],
    logLevel: 'Warn',
  });
  app.logger = new (class extends Logger {
    override log(message: string, level: LogLevel): void {
      if (level === LogLevel.Warn) warnings.push(message);
    }
  })();
  const project = await app.convert();
  if (!project) throw new Error('typedoc could not convert the fixture');
  app.validate(project);
  return warnings;
}

describe('the typedoc @example check (npm run docs)', () => {
  it('warns about every export and member method without an example, and only those', async () => {
    const warnings = await warningsFor(`
/** Has one.\n * @example\n * \`\`\`ts\n * documented();\n * \`\`\`\n */
export function documented(): void {}
/** Has none. */
export function bare(): void {}
/** An alias without one. */
export type Alias = string;
/** A store.\n * @example\n * \`\`\`ts\n * const s: Store = { get: () => 1 };\n * \`\`\`\n */
export interface Store {
  /** A member method without one. */
  get(): number;
  /** A property is not a method. */
  readonly size?: number;
}
`);
    expect(warnings.sort()).toEqual([
      'entry.Alias (TypeAlias) has no @example',
      'entry.Store.get (Method) has no @example',
      'entry.bare (Function) has no @example',
    ]);
  }, 60_000);
});
