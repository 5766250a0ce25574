import { type Dialect, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import {
  type AccountsDatabase,
  createKyselyStorage,
  createPreparedPostgresDialect,
  migrateAccountsSchema,
} from '../../../src/storage/kysely/index.js';
import type { StorageHarness } from '../conformance/harness.js';
import { withFaults } from './fault-dialect.js';
import { clearTables, dumpTables, setCounters } from './sql-dump.js';

/**
 * A PostgreSQL schema of its own per test file and process, so files and concurrent runs on one
 * server never meet; dropped on close.
 */
export function postgresHarness(url: string, testFile: string): StorageHarness {
  const schema = `accountkit_${testFile.replace(/\W+/g, '_')}_${process.pid}`.toLowerCase();
  const setupQuery = async (statement: string) => {
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    try {
      await setup.query(statement);
    } finally {
      await setup.end();
    }
  };
  const pools: pg.Pool[] = [];
  const handles: Kysely<AccountsDatabase>[] = [];
  const pool = (max: number) => {
    const p = new pg.Pool({ connectionString: url, max, options: `-c search_path=${schema}` });
    pools.push(p);
    return p;
  };
  // The server's dialect: hot reads as named statements on the pool.
  const connect = (dialect: Dialect = createPreparedPostgresDialect({ pool: pool(10) })) => {
    const db = new Kysely<AccountsDatabase>({ dialect });
    handles.push(db);
    return db;
  };
  const admin = connect(new PostgresDialect({ pool: pool(2) }));
  return {
    name: 'postgres',
    async open() {
      await setupQuery(`drop schema if exists ${schema} cascade; create schema ${schema}`);
      await migrateAccountsSchema(admin, { dialect: 'postgres', migrationTableSchema: schema });
      return createKyselyStorage({ db: connect(), dialect: 'postgres' });
    },
    openSecond: async () => createKyselyStorage({ db: connect(), dialect: 'postgres' }),
    async openFaulty() {
      const { dialect, faults } = withFaults(new PostgresDialect({ pool: pool(2) }));
      return {
        storage: createKyselyStorage({ db: connect(dialect), dialect: 'postgres' }),
        ...faults,
      };
    },
    reset: () => clearTables(admin),
    dump: () => dumpTables(admin),
    setCounters: (id, followers, following) => setCounters(admin, id, followers, following),
    async close() {
      for (const db of handles) await db.destroy();
      await setupQuery(`drop schema if exists ${schema} cascade`);
    },
  };
}
