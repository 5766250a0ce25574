import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import { createConnection, createPool } from 'mysql2';
import pg from 'pg';
import { migrateRateLimitSchema } from '../../../../src/rate-limit/kysely/index.js';
import { openSqliteFile } from '../../../storage/harnesses/sqlite.js';
import { MYSQL_URL, POSTGRES_URL } from '../../../support/backends.js';
import type { StoreSpec } from './connect.js';

/** Where the Redis server is; unset means "leave Redis out". */
export const REDIS_URL = process.env.ACCOUNTKIT_TEST_REDIS_URL || undefined;

/** A store backend for one test file: a fresh place for its data, and cleanup. */
export interface LimiterHarness {
  readonly name: StoreSpec['kind'];
  /** Create the data's home (table, schema, database, key prefix) and describe it. */
  setUp(): Promise<StoreSpec>;
  tearDown(): Promise<void>;
}

/** Names of our own, apart from the account tests' `accountkit_<file>` schemas and databases. */
const ownName = (file: string) => `accountkit_rl_${file.replace(/\W+/g, '_')}`.toLowerCase();

const memory = (): LimiterHarness => ({
  name: 'memory',
  setUp: async () => ({ kind: 'memory' }),
  tearDown: async () => {},
});

function sqlite(): LimiterHarness {
  const dir = mkdtempSync(join(tmpdir(), 'accountkit-rate-limit-'));
  const file = join(dir, 'limits.sqlite3');
  return {
    name: 'sqlite',
    async setUp() {
      const db = new Kysely({
        dialect: new SqliteDialect({ database: openSqliteFile(file, 1000) }),
      });
      await migrateRateLimitSchema(db, { dialect: 'sqlite' });
      await db.destroy();
      return { kind: 'sqlite', file };
    },
    tearDown: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgres(url: string, testFile: string): LimiterHarness {
  const schema = ownName(testFile);
  return {
    name: 'postgres',
    async setUp() {
      const setup = new pg.Client({ connectionString: url });
      await setup.connect();
      await setup.query(`drop schema if exists ${schema} cascade`);
      await setup.query(`create schema ${schema}`);
      await setup.end();
      const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` });
      const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
      await migrateRateLimitSchema(db, { dialect: 'postgres', migrationTableSchema: schema });
      await db.destroy();
      return { kind: 'postgres', url, schema };
    },
    tearDown: async () => {},
  };
}

function mysql(url: string, testFile: string): LimiterHarness {
  const database = ownName(testFile);
  return {
    name: 'mysql',
    async setUp() {
      const setup = createConnection({ uri: url }).promise();
      await setup.query(`drop database if exists ${database}`);
      await setup.query(`create database ${database} character set utf8mb4`);
      await setup.end();
      const db = new Kysely({
        dialect: new MysqlDialect({ pool: createPool({ uri: url, database, timezone: 'Z' }) }),
      });
      await migrateRateLimitSchema(db, { dialect: 'mysql' });
      await db.destroy();
      return { kind: 'mysql', url, database };
    },
    tearDown: async () => {},
  };
}

function redis(url: string, testFile: string): LimiterHarness {
  const prefix = `accountkit-test:${ownName(testFile)}:`;
  const clear = async () => {
    const client = new Redis(url);
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
    client.disconnect();
  };
  return {
    name: 'redis',
    async setUp() {
      await clear();
      return { kind: 'redis', url, prefix };
    },
    tearDown: clear,
  };
}

/** A server store's harness factory when its URL is set. */
const on = (url: string | undefined, harness: (url: string, file: string) => LimiterHarness) =>
  url === undefined ? undefined : (file: string) => harness(url, file);

/** Every store, in the order the suite reports them; `undefined` when its URL is unset. */
const HARNESSES: Record<StoreSpec['kind'], ((file: string) => LimiterHarness) | undefined> = {
  memory,
  sqlite,
  postgres: on(POSTGRES_URL, postgres),
  mysql: on(MYSQL_URL, mysql),
  redis: on(REDIS_URL, redis),
};

/**
 * The harness of `name`, or `undefined` when its URL is unset; the first left-out store's file
 * prints the one line naming every left-out store. A set but unreachable URL fails `setUp`.
 */
export function limiterHarness(name: StoreSpec['kind'], testFile: string) {
  const missing = Object.entries(HARNESSES).flatMap(([n, h]) => (h ? [] : [n]));
  if (missing[0] === name) {
    console.warn(
      `accountkit rate-limit tests: leaving out ${missing.join(' and ')} (set ACCOUNTKIT_TEST_POSTGRES_URL / ACCOUNTKIT_TEST_MYSQL_URL / ACCOUNTKIT_TEST_REDIS_URL to run them)`,
    );
  }
  return HARNESSES[name]?.(testFile);
}
