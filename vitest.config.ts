import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // examples/: the worked plugin examples and their tests run in CI too (examples/README.md).
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
