import type { StorageHarness } from '../storage/conformance/harness.js';
import { memoryHarness } from '../storage/harnesses/memory.js';
import { mysqlHarness } from '../storage/harnesses/mysql.js';
import { postgresHarness } from '../storage/harnesses/postgres.js';
import { sqliteHarness } from '../storage/harnesses/sqlite.js';

/** Where the server backends are, from the environment; unset means "leave it out". */
export const POSTGRES_URL = process.env.ACCOUNTKIT_TEST_POSTGRES_URL || undefined;
export const MYSQL_URL = process.env.ACCOUNTKIT_TEST_MYSQL_URL || undefined;

/** One backend: its name and, when it runs here, a harness factory for a test file. */
export interface Backend {
  readonly name: 'memory' | 'sqlite' | 'postgres' | 'mysql';
  /** `undefined` when the backend's URL is not set. */
  readonly harness: ((testFile: string) => StorageHarness) | undefined;
}

/**
 * Every backend, in Kysely's `DIALECTS` style. Memory and SQLite always run; PostgreSQL and
 * MariaDB run when their URLs are set. A URL that is set but unreachable fails the tests that
 * use it (the harness cannot open), it never skips.
 */
export const BACKENDS: readonly Backend[] = [
  { name: 'memory', harness: () => memoryHarness() },
  { name: 'sqlite', harness: () => sqliteHarness() },
  {
    name: 'postgres',
    harness: POSTGRES_URL ? (file) => postgresHarness(POSTGRES_URL, file) : undefined,
  },
  { name: 'mysql', harness: MYSQL_URL ? (file) => mysqlHarness(MYSQL_URL, file) : undefined },
];

/**
 * The harness of `name`, or `undefined` when its URL is unset. The first left-out backend's test
 * file prints the one line naming every left-out backend, so a run prints it once.
 */
export function backendHarness(
  name: Backend['name'],
  testFile: string,
): StorageHarness | undefined {
  const missing = BACKENDS.filter((backend) => backend.harness === undefined).map((b) => b.name);
  if (missing[0] === name) {
    console.warn(
      `accountkit tests: leaving out ${missing.join(' and ')} (set ACCOUNTKIT_TEST_POSTGRES_URL / ACCOUNTKIT_TEST_MYSQL_URL to run them)`,
    );
  }
  return BACKENDS.find((backend) => backend.name === name)?.harness?.(testFile);
}
