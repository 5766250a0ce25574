import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { type Dialect, Kysely, SqliteDialect } from 'kysely';
import {
  type AccountsDatabase,
  createCachedSqliteDialect,
  createKyselyStorage,
  migrateAccountsSchema,
} from '../../../src/storage/kysely/index.js';
import type { StorageHarness } from '../conformance/harness.js';
import { withFaults } from './fault-dialect.js';
import { clearTables, dumpTables, setCounters } from './sql-dump.js';

/** Open one connection the way the docs tell users to. */
export function openSqliteFile(file: string, busyTimeoutMs: number): SQLite.Database {
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma(`busy_timeout = ${busyTimeoutMs}`);
  database.pragma('foreign_keys = ON');
  return database;
}

/**
 * A temp SQLite file (not `:memory:`, so other connections and processes can open it).
 * The main connection uses the statement-caching dialect, the others Kysely's stock one.
 * In one process a busy wait blocks the event loop, so these connections wait briefly and rely
 * on the adapter's async retries; the cross-process test uses a long busy timeout.
 */
export function sqliteHarness(): StorageHarness & { readonly file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'accountkit-sqlite-'));
  const file = join(dir, 'accounts.sqlite3');
  const handles: Kysely<AccountsDatabase>[] = [];
  const connect = (
    dialect: Dialect = new SqliteDialect({ database: openSqliteFile(file, 20) }),
  ) => {
    const db = new Kysely<AccountsDatabase>({ dialect });
    handles.push(db);
    return db;
  };
  const admin = connect();
  return {
    name: 'sqlite',
    file,
    async open() {
      await migrateAccountsSchema(admin, { dialect: 'sqlite' });
      const db = connect(createCachedSqliteDialect({ database: openSqliteFile(file, 20) }));
      return createKyselyStorage({ db, dialect: 'sqlite' });
    },
    openSecond: async () => createKyselyStorage({ db: connect(), dialect: 'sqlite' }),
    async openFaulty() {
      const { dialect, faults } = withFaults(
        new SqliteDialect({ database: openSqliteFile(file, 20) }),
      );
      return {
        storage: createKyselyStorage({ db: connect(dialect), dialect: 'sqlite' }),
        ...faults,
      };
    },
    reset: () => clearTables(admin),
    dump: () => dumpTables(admin),
    setCounters: (id, followers, following) => setCounters(admin, id, followers, following),
    async close() {
      for (const db of handles) await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
