import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { createPool } from 'mysql2';
import pg from 'pg';
import {
  type AccountsDialect,
  createCachedSqliteDialect,
} from '../../../src/storage/kysely/index.js';
import { MYSQL_URL, POSTGRES_URL } from '../../support/backends.js';
import { type AnyDb, type DjangoOrm, djangoOrm } from './django-orm.js';
import { openSqliteFile } from './sqlite.js';

const FIXTURES = new URL('../../fixtures/', import.meta.url);
const fixture = (name: string) => fileURLToPath(new URL(name, FIXTURES));

/** One of Django's own databases (the fixtures), loaded fresh for one test. */
export interface DjangoDatabase {
  readonly dialect: AccountsDialect;
  /** Where it is, as `DATABASE_URL` names it. */
  readonly url: string;
  /** accountkit's handle: its own connections. */
  readonly db: AnyDb;
  /** Django, writing on connections of its own. */
  readonly django: DjangoOrm;
  /** Django's own unique index on `username` ignores case and accents (MariaDB's `_ci`). */
  readonly djangoIndexIgnoresCase: boolean;
  /**
   * Whether writers on two connections of this process can race. Not on SQLite: the file lock
   * admits one writer, and better-sqlite3 waits for it by blocking the only thread.
   */
  readonly concurrentWriters: boolean;
  close(): Promise<void>;
}

/** A database kind and how to get a fresh Django database of it; `open` unset when not here. */
export interface DjangoBackend {
  readonly name: AccountsDialect;
  readonly open: (() => Promise<DjangoDatabase>) | undefined;
}

let made = 0;
/** Unique per process and call, so parallel files and other people's runs never meet. */
function uniqueName(): string {
  made += 1;
  return `accountkit_django_${process.pid}_${made}`;
}

async function openSqlite(): Promise<DjangoDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'accountkit-django-'));
  const file = join(dir, 'django.sqlite3');
  copyFileSync(fixture('django.sqlite3'), file);
  const db = new Kysely({
    dialect: createCachedSqliteDialect({ database: openSqliteFile(file, 20) }),
  });
  const djangoDb = new Kysely({
    dialect: new SqliteDialect({ database: openSqliteFile(file, 20) }),
  });
  return {
    dialect: 'sqlite',
    url: `sqlite:${file}`,
    db,
    django: djangoOrm('sqlite', djangoDb),
    djangoIndexIgnoresCase: false,
    concurrentWriters: false,
    async close() {
      await db.destroy();
      await djangoDb.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `createdb` + `psql -f`: the dump opens with `\restrict`, which only psql reads. */
async function openPostgres(server: string): Promise<DjangoDatabase> {
  const name = uniqueName();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const psql = (...args: string[]) =>
    execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', ...args], { stdio: 'pipe' });
  psql('-d', server, '-c', `create database ${name}`);
  psql('-d', url.href, '-f', fixture('django-db/postgres.sql'));
  const pool = (max: number) => new pg.Pool({ connectionString: url.href, max });
  const db = new Kysely({ dialect: new PostgresDialect({ pool: pool(10) }) });
  const djangoDb = new Kysely({ dialect: new PostgresDialect({ pool: pool(20) }) });
  return {
    dialect: 'postgres',
    url: url.href,
    db,
    django: djangoOrm('postgres', djangoDb),
    djangoIndexIgnoresCase: false,
    concurrentWriters: true,
    async close() {
      await db.destroy();
      await djangoDb.destroy();
      psql('-d', server, '-c', `drop database if exists ${name} with (force)`);
    },
  };
}

/** `CREATE DATABASE` with Django's collation, then the dump through the `mysql` client. */
async function openMysql(server: string): Promise<DjangoDatabase> {
  const name = uniqueName();
  const url = new URL(server);
  const client = [
    '-h',
    url.hostname,
    '-P',
    url.port || '3306',
    '-u',
    decodeURIComponent(url.username),
  ];
  const env = { ...process.env, MYSQL_PWD: decodeURIComponent(url.password) };
  const mysql = (args: string[], input?: Buffer) =>
    execFileSync('mysql', [...client, ...args], { env, input, stdio: 'pipe' });
  mysql(['-e', `CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`]);
  mysql([name], readFileSync(fixture('django-db/mysql.sql')));
  // accountkit's pool as its docs say (UTC); Django's hands datetimes over as text.
  const db = new Kysely({
    dialect: new MysqlDialect({
      pool: createPool({ uri: server, database: name, timezone: 'Z', connectionLimit: 10 }),
    }),
  });
  const djangoDb = new Kysely({
    dialect: new MysqlDialect({
      pool: createPool({ uri: server, database: name, dateStrings: true, connectionLimit: 20 }),
    }),
  });
  const named = new URL(server);
  named.pathname = `/${name}`;
  return {
    dialect: 'mysql',
    url: named.href,
    db,
    django: djangoOrm('mysql', djangoDb),
    djangoIndexIgnoresCase: true,
    concurrentWriters: true,
    async close() {
      await db.destroy();
      await djangoDb.destroy();
      mysql(['-e', `DROP DATABASE IF EXISTS ${name}`]);
    },
  };
}

/** SQLite always; PostgreSQL and MariaDB when their URLs are set (see tests/support/backends). */
export const DJANGO_BACKENDS: readonly DjangoBackend[] = [
  { name: 'sqlite', open: openSqlite },
  { name: 'postgres', open: POSTGRES_URL ? () => openPostgres(POSTGRES_URL as string) : undefined },
  { name: 'mysql', open: MYSQL_URL ? () => openMysql(MYSQL_URL as string) : undefined },
];

/** The backend called `name`. */
export function djangoBackend(name: AccountsDialect): DjangoBackend {
  return DJANGO_BACKENDS.find((backend) => backend.name === name) as DjangoBackend;
}

/**
 * Every trigger in the database, and on PostgreSQL every function named after accountkit,
 * read from the catalogs (not through accountkit).
 */
export async function catalogTriggers(database: DjangoDatabase): Promise<string[]> {
  const { db, dialect } = database;
  const query = {
    sqlite: sql<{ name: string }>`select name from sqlite_master where type = 'trigger'`,
    postgres: sql<{ name: string }>`select tgname as name from pg_trigger where not tgisinternal
      union all select proname || '()' from pg_proc where proname like '%accountkit%'`,
    mysql: sql<{ name: string }>`select trigger_name as name from information_schema.triggers
      where trigger_schema = database()`,
  }[dialect];
  const { rows } = await query.execute(db);
  return rows.map((row) => row.name).sort();
}
