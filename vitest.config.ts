import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

// Three projects: `unit` is pure and runs anywhere (also on newer Node majors in CI),
// `storage` needs real databases, `integration` composes services and HTTP.
const ciReporters = process.env.ACCOUNTKIT_TEST_REPORT
  ? { reporters: ['default', 'json'], outputFile: { json: process.env.ACCOUNTKIT_TEST_REPORT } }
  : {};

export default defineConfig({
  // The examples import the package by its public entries; tests run them on the sources.
  resolve: {
    alias: [
      { find: /^accountkit$/, replacement: source('index.ts') },
      { find: /^accountkit\/(.+)$/, replacement: source('$1/index.ts') },
    ],
  },
  test: {
    ...ciReporters,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/compat/**/*.test.ts', 'tests/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'storage',
          include: ['tests/storage/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'tests/services/**/*.test.ts',
            'tests/reset/**/*.test.ts',
            'tests/verification/**/*.test.ts',
            'tests/http/**/*.test.ts',
            'tests/passwords/**/*.test.ts',
            'tests/tokens/**/*.test.ts',
            'tests/package/**/*.test.ts',
          ],
          testTimeout: 120_000,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'html'],
    },
  },
});
