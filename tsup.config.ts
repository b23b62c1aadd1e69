import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  entry: {
    index: 'src/index.ts',
    'node/index': 'src/node/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  dts: true,
  sourcemap: true,
  target: 'node22',
  platform: 'neutral',
  external: ['zod', 'msw', 'node:fs', 'node:fs/promises', 'node:http', 'node:os', 'node:path', 'node:crypto'],
};

export default defineConfig([
  { ...shared, format: 'esm', clean: true, external: [...(shared.external ?? []), 'ky', 'jose'] },
  // ky and jose ship only ESM, so the CJS build carries them inside for `require()` users.
  { ...shared, format: 'cjs', noExternal: ['ky', 'jose'] },
]);
