/**
 * Opening the database named by `DATABASE_URL`: embedded SQLite (a file, WAL, busy timeout),
 * PostgreSQL or MySQL/MariaDB, through Kysely. A database that already holds Django's
 * `account_user` table is served in place with the Django table mapping; any other gets
 * accountkit's own tables. Either gets the rate-limit table. Shared by the examples and the
 * `accountkit` command.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { AccountStorage } from '../../storage/storage.js';

/** Where the examples keep their data when `DATABASE_URL` is not set. */
export const DEFAULT_DATABASE_URL = 'sqlite:data/accountkit.sqlite3';

/** Which kind of database a URL names. */
export type DatabaseKind = 'sqlite' | 'postgres' | 'mysql';

/** A parsed `DATABASE_URL`. */
export interface DatabaseTarget {
  readonly kind: DatabaseKind;
  /** The SQLite file (absolute), or the server URL. */
  readonly location: string;
}

/** An open database, migrated or not. */
export interface OpenDatabase {
  readonly target: DatabaseTarget;
  // biome-ignore lint/suspicious/noExplicitAny: accountkit types its own tables.
  readonly db: Kysely<any>;
  /** Whether Django's `account_user` table is served in place. */
  readonly django: boolean;
  readonly storage: AccountStorage;
  /** Resolves when the database answers a trivial query; rejects when it does not. */
  ping(): Promise<void>;
  /**
   * Stored password values of the oldest and the newest users (`limit` of each): a sample of
   * the hash formats in use, which change with the era an account was made in.
   */
  samplePasswords(limit: number): Promise<string[]>;
  /** Closes every connection. */
  close(): Promise<void>;
}

/**
 * Parse `DATABASE_URL`: `postgres://` / `postgresql://`, `mysql://` / `mariadb://`,
 * `sqlite:<path>`, `file:<path>` or a bare file path.
 */
export function parseDatabaseUrl(url: string = DEFAULT_DATABASE_URL): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', location: url };
  if (/^(mysql|mariadb):\/\//i.test(url)) {
    return { kind: 'mysql', location: url.replace(/^mariadb:/i, 'mysql:') };
  }
  const path = url.replace(/^(sqlite|file):(\/\/)?/i, '');
  if (path === '' || path === ':memory:') {
    throw new Error('DATABASE_URL: SQLite needs a file path (the data must survive restarts)');
  }
  return { kind: 'sqlite', location: resolve(path) };
}

/** A short description for logs: never the password of a server URL. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'sqlite') return `SQLite file ${target.location}`;
  const url = new URL(target.location);
  return `${target.kind === 'postgres' ? 'PostgreSQL' : 'MySQL'} ${url.host}${url.pathname}`;
}

/**
 * Connect, and (unless `migrate: false`) bring the schema up to date: Django's tables get
 * accountkit's extra columns and token table, other databases accountkit's own tables; both
 * get the rate-limit table.
 *
 * @returns the open database and the migrations this call applied.
 */
export async function openDatabase(
  target: DatabaseTarget,
  options: { readonly migrate?: boolean } = {},
): Promise<OpenDatabase & { readonly applied: readonly string[] }> {
  const kysely = await import('kysely');
  const storageModule = await import('../../storage/kysely/index.js');
  const db = await connect(target, kysely);
  try {
    const schema = await currentSchema(db, target.kind, kysely.sql);
    const django = await hasDjangoUsers(db, schema);
    // PostgreSQL's introspection sees every schema: keep the migrator to ours.
    const migrateOptions = {
      dialect: target.kind,
      ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    } as const;
    let applied: readonly string[] = [];
    if (options.migrate !== false) {
      applied = django
        ? await storageModule.migrateDjangoSchema(db, migrateOptions)
        : await storageModule.migrateAccountsSchema(db, migrateOptions);
      // The throttle's table, whichever store the server counts in: one schema whatever the
      // configuration, and `accountkit migrate` prepares it before the first start.
      const { migrateRateLimitSchema } = await import('../../rate-limit/kysely/index.js');
      applied = [...applied, ...(await migrateRateLimitSchema(db, migrateOptions))];
    }
    const storage = storageModule.createKyselyStorage({
      db,
      dialect: target.kind,
      ...(django ? { tables: storageModule.DJANGO_TABLE_NAMES } : {}),
    });
    const ping = async () => {
      await kysely.sql`select 1`.execute(db);
    };
    const users = (django ? storageModule.DJANGO_TABLE_NAMES : storageModule.DEFAULT_TABLE_NAMES)
      .users;
    const samplePasswords = async (limit: number) => {
      const ends = await Promise.all(
        (['asc', 'desc'] as const).map((order) =>
          db.selectFrom(users).select('password').orderBy('id', order).limit(limit).execute(),
        ),
      );
      return ends.flat().map((row) => String(row.password));
    };
    return {
      target,
      db,
      django,
      storage,
      applied,
      ping,
      samplePasswords,
      close: () => db.destroy(),
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: accountkit types its own tables.
type AnyKysely = Kysely<any>;

/** PostgreSQL: the schema the connection works in (its `search_path`); other databases: none. */
async function currentSchema(
  db: AnyKysely,
  kind: DatabaseKind,
  sql: typeof import('kysely').sql,
): Promise<string | undefined> {
  if (kind !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema;
}

/** Whether Django's `account_user` is in `schema` (another schema's tables are not ours). */
async function hasDjangoUsers(db: AnyKysely, schema: string | undefined): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return tables.some(
    (table) => table.name === 'account_user' && (schema === undefined || table.schema === schema),
  );
}

async function connect(
  target: DatabaseTarget,
  kysely: typeof import('kysely'),
): Promise<AnyKysely> {
  if (target.kind === 'postgres') {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: target.location, max: 10 });
    // A connection the server drops (a restart, a terminated backend) reports an 'error' event,
    // on the pool while idle and on the client while checked out; unheard, either would end the
    // process. The pool replaces the connection, and a query on it fails typed.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const { createPreparedPostgresDialect } = await import('../../storage/kysely/index.js');
    return new kysely.Kysely({ dialect: createPreparedPostgresDialect({ pool }) });
  }
  if (target.kind === 'mysql') {
    const mysql = await import('mysql2');
    // UTC on the wire, as the storage adapter requires.
    const pool = mysql.createPool({ uri: target.location, timezone: 'Z', connectionLimit: 10 });
    return new kysely.Kysely({ dialect: new kysely.MysqlDialect({ pool }) });
  }
  const { default: SQLite } = await import('better-sqlite3');
  const { createCachedSqliteDialect } = await import('../../storage/kysely/index.js');
  mkdirSync(dirname(target.location), { recursive: true });
  const database = new SQLite(target.location);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  return new kysely.Kysely({ dialect: createCachedSqliteDialect({ database }) });
}
