/**
 * Django's production databases (the PostgreSQL and MariaDB dumps of tests/fixtures/django-db)
 * served in place by the server `accountkit serve` runs, and read back the way Django reads
 * them: plain SQL on a connection of Django's own.
 */
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { AccountsOptions } from '../../../src/options.js';
import {
  createRequestListener,
  openServerAccounts,
  readServerConfig,
  type ServerAccounts,
  serverOptions,
} from '../../../src/server/index.js';
import { type DjangoDatabase, djangoBackend } from '../../storage/harnesses/django-database.js';
import { type AnyDb, DJANGO_SAVED_COLUMNS } from '../../storage/harnesses/django-orm.js';
import { TEST_SIGNING_KEY } from './servers.js';

/** The two engines Django's production databases run on. */
export type ProductionEngine = 'postgres' | 'mysql';
export const PRODUCTION_ENGINES: readonly ProductionEngine[] = ['postgres', 'mysql'];

/** Where image URLs point, as Django's `request.build_absolute_uri` made them in its tests. */
export const PUBLIC_URL = 'http://testserver';

/** One user of the manifest: Django's own facts about the dumps. */
export interface ManifestUser {
  readonly id: number;
  readonly username: string;
  readonly email: string;
  readonly is_active: boolean;
  readonly followers: number;
  readonly following: number;
  readonly profile_pic: string | null;
  readonly password: string | null;
  readonly hasher: string;
}

export const MANIFEST: { readonly users: readonly ManifestUser[] } = JSON.parse(
  readFileSync(new URL('../../fixtures/django-db/manifest.json', import.meta.url), 'utf8'),
);

/** A Django database loaded fresh and served over HTTP on loopback. */
export interface ServedDjango {
  readonly engine: ProductionEngine;
  readonly origin: string;
  /** The loaded database; `database.django.db` is Django's own connection. */
  readonly database: DjangoDatabase;
  readonly opened: ServerAccounts;
  readonly mediaRoot: string;
  /** Unexpected errors the server logged (class and code), besides the access log. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Whether the engine's dumps can be loaded here (its URL is set). */
export function engineRuns(engine: ProductionEngine): boolean {
  return djangoBackend(engine).open !== undefined;
}

/**
 * Load the engine's dump into a database of its own (named after this process) and serve it
 * as `accountkit serve` would with `DATABASE_URL` at it: the server migrates it on open.
 */
export async function serveDjangoDatabase(
  engine: ProductionEngine,
  overrides: Partial<AccountsOptions> = {},
): Promise<ServedDjango> {
  const open = djangoBackend(engine).open;
  if (open === undefined) throw new Error(`${engine}: its test URL is not set`);
  const database = await open();
  const mediaRoot = mkdtempSync(join(tmpdir(), 'accountkit-django-media-'));
  const config = readServerConfig({
    DATABASE_URL: database.url,
    MEDIA_ROOT: mediaRoot,
    PUBLIC_URL,
    ACCOUNTKIT_SIGNING_KEY: TEST_SIGNING_KEY,
    // The default limits would refuse the suite's own logins from loopback.
    RATE_LIMIT: 'off',
  });
  const opened = await openServerAccounts(config, overrides);
  const errors: string[] = [];
  const server = createServer(
    createRequestListener({
      accounts: opened.accounts,
      ...serverOptions(config, () => {}),
      log: (line) => errors.push(line),
    }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    engine,
    origin: `http://127.0.0.1:${port}`,
    database,
    opened,
    mediaRoot,
    errors,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await opened.close();
      await database.close();
      rmSync(mediaRoot, { recursive: true, force: true });
    },
  };
}

/** `account_user` as Django's model declares it, in Django's column order. */
export const DJANGO_USER_COLUMNS = ['id', ...DJANGO_SAVED_COLUMNS] as const;

/** A row of `account_user` as Django's ORM reads it: only Django's columns. */
export type DjangoUserRow = Record<(typeof DJANGO_USER_COLUMNS)[number], unknown>;

/** `User.objects.filter(...)`'s SELECT: Django's columns, every row or those from `fromId` on. */
export async function djangoUsers(db: AnyDb, fromId = 0): Promise<DjangoUserRow[]> {
  const { rows } = await sql<DjangoUserRow>`select ${sql.raw(DJANGO_USER_COLUMNS.join(', '))}
    from account_user where id >= ${fromId} order by id`.execute(db);
  return rows;
}

/** Every row of the three tables accountkit writes, in key order. */
export interface TableRows {
  readonly users: readonly Record<string, unknown>[];
  readonly follows: readonly Record<string, unknown>[];
  readonly refreshTokens: readonly Record<string, unknown>[];
}

/** {@link TableRows} now, to compare before and after a refused request. */
export async function everyRow(db: AnyDb): Promise<TableRows> {
  const read = async (table: string, key: string) =>
    (
      await sql<
        Record<string, unknown>
      >`select * from ${sql.table(table)} order by ${sql.ref(key)}`.execute(db)
    ).rows;
  return {
    users: await read('account_user', 'id'),
    follows: await read('account_user_following', 'id'),
    refreshTokens: await read('accountkit_refresh_token', 'jti'),
  };
}

/** `select max(id)` of a table, as a number. */
export async function maxId(db: AnyDb, table: string): Promise<number> {
  const { rows } = await sql<{
    id: number | string;
  }>`select max(id) as id from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.id);
}

/** A 1×1 transparent PNG: a real image, 70 bytes. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** A multipart body with one file field. */
export function imageForm(field: string, bytes: Uint8Array, filename: string): FormData {
  const form = new FormData();
  form.append(field, new Blob([bytes]), filename);
  return form;
}
