import { type Dialect, Kysely, MysqlDialect } from 'kysely';
import { createConnection, createPool } from 'mysql2';
import {
  type AccountsDatabase,
  createKyselyStorage,
  migrateAccountsSchema,
} from '../../../src/storage/kysely/index.js';
import type { StorageHarness } from '../conformance/harness.js';
import { withFaults } from './fault-dialect.js';
import { clearTables, dumpTables, setCounters } from './sql-dump.js';

/**
 * A MariaDB/MySQL database of its own per test file and process (dropped on close). Pools use
 * mysql2's defaults (so `CLIENT_FOUND_ROWS` is on, as users will have it) plus `timezone: 'Z'`,
 * as the docs say.
 */
export function mysqlHarness(url: string, testFile: string): StorageHarness {
  const database = `accountkit_${testFile.replace(/\W+/g, '_')}_${process.pid}`.toLowerCase();
  const handles: Kysely<AccountsDatabase>[] = [];
  const dialect = (connectionLimit: number) =>
    new MysqlDialect({ pool: createPool({ uri: url, database, timezone: 'Z', connectionLimit }) });
  const connect = (d: Dialect = dialect(10)) => {
    const db = new Kysely<AccountsDatabase>({ dialect: d });
    handles.push(db);
    return db;
  };
  let admin: Kysely<AccountsDatabase> | undefined;
  const adminDb = () => admin as Kysely<AccountsDatabase>;
  return {
    name: 'mysql',
    async open() {
      const setup = createConnection({ uri: url }).promise();
      await setup.query(`drop database if exists ${database}`);
      await setup.query(`create database ${database} character set utf8mb4`);
      await setup.end();
      admin = connect(dialect(2));
      await migrateAccountsSchema(admin, { dialect: 'mysql' });
      return createKyselyStorage({ db: connect(), dialect: 'mysql' });
    },
    openSecond: async () => createKyselyStorage({ db: connect(), dialect: 'mysql' }),
    async openFaulty() {
      const faulty = withFaults(dialect(2));
      return {
        storage: createKyselyStorage({ db: connect(faulty.dialect), dialect: 'mysql' }),
        ...faulty.faults,
      };
    },
    reset: () => clearTables(adminDb()),
    dump: () => dumpTables(adminDb()),
    setCounters: (id, followers, following) => setCounters(adminDb(), id, followers, following),
    async close() {
      for (const db of handles) await db.destroy();
      const setup = createConnection({ uri: url }).promise();
      await setup.query(`drop database if exists ${database}`);
      await setup.end();
    },
  };
}
