import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^magistrala-users\/node$/, replacement: source('./src/node/index.ts') },
      { find: /^magistrala-users\/redis$/, replacement: source('./src/redis/index.ts') },
      { find: /^magistrala-users\/testing\/msw$/, replacement: source('./src/testing/msw-handlers.ts') },
      { find: /^magistrala-users\/testing$/, replacement: source('./src/testing/index.ts') },
      { find: /^magistrala-users$/, replacement: source('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    expect: { requireAssertions: true },
    testTimeout: 20_000,
  },
});
