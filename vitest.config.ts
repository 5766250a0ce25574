import { defineConfig } from 'vitest/config';

// Three projects: `unit` is pure and runs anywhere (also on newer Node majors in CI),
// `storage` needs real databases, `integration` composes services and HTTP.
const ciReporters = process.env.ACCOUNTKIT_TEST_REPORT
  ? { reporters: ['default', 'json'], outputFile: { json: process.env.ACCOUNTKIT_TEST_REPORT } }
  : {};

export default defineConfig({
  test: {
    ...ciReporters,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/compat/**/*.test.ts', 'tests/*.test.ts'],
        },
      },
      {
        test: {
          name: 'storage',
          include: ['tests/storage/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'tests/services/**/*.test.ts',
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
