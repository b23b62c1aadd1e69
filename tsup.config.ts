import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  entry: {
    index: 'src/index.ts',
    'node/index': 'src/node/index.ts',
    'testing/index': 'src/testing/index.ts',
    'redis/index': 'src/redis/index.ts',
    // msw only here, so `magistrala-users/testing` loads without it.
    'testing/msw': 'src/testing/msw-handlers.ts',
  },
  // `@internal` members stay out of the declarations (`UsersClient[Symbol.dispose]` is declared through a type that
  // degrades where `Symbol.dispose` is unknown).
  dts: { compilerOptions: { stripInternal: true } },
  sourcemap: false,
  target: 'node22',
  platform: 'neutral',
  external: [
    'zod',
    'msw',
    'graphql',
    'node:fs',
    'node:fs/promises',
    'node:http',
    'node:os',
    'node:path',
    'node:crypto',
    'node:async_hooks',
  ],
};

export default defineConfig([
  // The command-line tool: ESM only, run by `node` through the package's `bin`.
  {
    entry: { 'cli/index': 'src/cli/index.ts' },
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // The TOML parser is for the CLI's -c alone: bundled into its lazily loaded chunk, not a dependency.
    noExternal: ['smol-toml'],
  },
  { ...shared, format: 'esm', external: [...(shared.external ?? []), 'ky', 'jose'] },
  // ky and jose ship only ESM, so the CJS build carries them inside for `require()` users.
  { ...shared, format: 'cjs', noExternal: ['ky', 'jose'] },
]);
