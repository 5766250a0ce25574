import { sql } from 'kysely';
import { usernameKey } from '../../../core/username.js';
import { StorageError } from '../../../errors/errors.js';
import {
  createIndex,
  type MigrationDb,
  type SchemaContext,
  usernameKeyColumn,
} from './schema-context.js';

/** Rows read per batch while backfilling keys, to bound memory on large tables. */
const BATCH = 1000;

/**
 * Django 0001: add accountkit's columns to an existing `account_user`, leaving every Django
 * column as it is. `username_key` stays nullable: a Django process still writing the table does
 * not know it, and many NULLs never collide in a unique index.
 *
 * @internal
 */
export async function addColumnsToDjangoUsers(db: MigrationDb, ctx: SchemaContext): Promise<void> {
  const name = ctx.tables.users;
  const keyColumn = await usernameKeyColumn(db, ctx, true);
  await db.schema.alterTable(name).addColumn('username_key', 'varchar(600)', keyColumn).execute();
  for (const counter of ['followers_count', 'following_count', 'token_version']) {
    await db.schema
      .alterTable(name)
      .addColumn(counter, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }
}

/**
 * Django 0002: fill `username_key` (NFKC + case fold, computed in TypeScript so every backend
 * agrees), refuse usernames that fold together, index the key, and set both counters from a
 * COUNT of the edges. Safe to run again: only NULL keys are filled.
 *
 * @internal
 */
export async function backfillDjangoUsers(db: MigrationDb, ctx: SchemaContext): Promise<void> {
  await fillUsernameKeys(db, ctx.tables.users);
  await createIndex(db, ctx, `${ctx.tables.users}_username_key_uniq`)
    .unique()
    .on(ctx.tables.users)
    .column('username_key')
    .execute();
  await recountFromEdges(db, ctx);
}

/** Fill every NULL `username_key`; throws before writing if two usernames fold together. */
export async function fillUsernameKeys(db: MigrationDb, users: string): Promise<void> {
  const owners = new Map<string, number>();
  const pending: { id: number; key: string }[] = [];
  for (let after = -1; ; ) {
    const rows: { id: number | string; username: string; username_key: string | null }[] = await db
      .selectFrom(users)
      .select(['id', 'username', 'username_key'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const row of rows) {
      const id = Number(row.id);
      const key = row.username_key ?? usernameKey(row.username);
      const owner = owners.get(key);
      if (owner !== undefined) {
        throw new StorageError(
          'STORAGE_UNAVAILABLE',
          `Users ${owner} and ${id} have usernames that differ only by case or Unicode form; rename one before migrating.`,
        );
      }
      owners.set(key, id);
      if (row.username_key === null) pending.push({ id, key });
    }
    const last = rows.at(-1);
    if (!last) break;
    after = Number(last.id);
  }
  for (const { id, key } of pending) {
    await db.updateTable(users).set({ username_key: key }).where('id', '=', id).execute();
  }
}

/** Set both counters of every user from a COUNT of the edges. @internal */
export async function recountFromEdges(db: MigrationDb, ctx: SchemaContext): Promise<void> {
  const { users, follows } = ctx.tables;
  const u = sql.table(users);
  const f = sql.table(follows);
  await sql`update ${u} set
    followers_count = (select count(*) from ${f} where ${f}.to_user_id = ${u}.id),
    following_count = (select count(*) from ${f} where ${f}.from_user_id = ${u}.id)`.execute(db);
}
