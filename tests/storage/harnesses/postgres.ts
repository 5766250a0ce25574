import { type Dialect, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import {
  type AccountsDatabase,
  createKyselyStorage,
  migrateAccountsSchema,
} from '../../../src/storage/kysely/index.js';
import type { StorageHarness } from '../conformance/harness.js';
import { withFaults } from './fault-dialect.js';
import { clearTables, dumpTables, setCounters } from './sql-dump.js';

/** A PostgreSQL schema of its own per test file, so files can run in parallel. */
export function postgresHarness(url: string, testFile: string): StorageHarness {
  const schema = `accountkit_${testFile.replace(/\W+/g, '_')}`.toLowerCase();
  const pools: pg.Pool[] = [];
  const handles: Kysely<AccountsDatabase>[] = [];
  const pool = (max: number) => {
    const p = new pg.Pool({ connectionString: url, max, options: `-c search_path=${schema}` });
    pools.push(p);
    return p;
  };
  const connect = (dialect: Dialect = new PostgresDialect({ pool: pool(10) })) => {
    const db = new Kysely<AccountsDatabase>({ dialect });
    handles.push(db);
    return db;
  };
  const admin = connect(new PostgresDialect({ pool: pool(2) }));
  return {
    name: 'postgres',
    async open() {
      const setup = new pg.Client({ connectionString: url });
      await setup.connect();
      await setup.query(`drop schema if exists ${schema} cascade`);
      await setup.query(`create schema ${schema}`);
      await setup.end();
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
    },
  };
}
