import { sql } from 'kysely';
import {
  createIndex,
  createTable,
  idColumn,
  type MigrationDb,
  type SchemaContext,
  usernameKeyColumn,
} from './schema-context.js';

const FALSE = sql`false`;

/** 0001: the users table, Django's columns plus accountkit's. @internal */
export async function createUsers(db: MigrationDb, ctx: SchemaContext): Promise<void> {
  const t = ctx.ops.schema;
  const name = ctx.tables.users;
  const keyColumn = await usernameKeyColumn(db, ctx, false);
  await createTable(db, ctx, name, (table) =>
    table
      .addColumn('id', t.idType, idColumn(ctx))
      .addColumn('password', 'varchar(128)', (c) => c.notNull())
      .addColumn('last_login', t.dateType)
      .addColumn('is_superuser', 'boolean', (c) => c.notNull().defaultTo(FALSE))
      .addColumn('username', 'varchar(150)', (c) => c.notNull())
      .addColumn('first_name', 'varchar(150)', (c) => c.notNull().defaultTo(''))
      .addColumn('last_name', 'varchar(150)', (c) => c.notNull().defaultTo(''))
      .addColumn('email', 'varchar(254)', (c) => c.notNull().defaultTo(''))
      .addColumn('is_staff', 'boolean', (c) => c.notNull().defaultTo(FALSE))
      .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(sql`true`))
      .addColumn('date_joined', t.dateType, (c) => c.notNull())
      .addColumn('profile_pic', 'varchar(100)')
      .addColumn('cover_image', 'varchar(100)')
      .addColumn('username_key', 'varchar(600)', keyColumn)
      .addColumn('followers_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('following_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
      .addUniqueConstraint(`${name}_username_key_uniq`, ['username_key']),
  ).execute();
}

/** 0002: the follow edges, unique per pair, indexed both ways, cascading. @internal */
export async function createFollows(db: MigrationDb, ctx: SchemaContext): Promise<void> {
  const t = ctx.ops.schema;
  const { users, follows } = ctx.tables;
  await createTable(db, ctx, follows, (table) =>
    table
      .addColumn('id', t.idType, idColumn(ctx))
      .addColumn('from_user_id', t.refType, (c) =>
        c.notNull().references(`${users}.id`).onDelete('cascade'),
      )
      .addColumn('to_user_id', t.refType, (c) =>
        c.notNull().references(`${users}.id`).onDelete('cascade'),
      )
      .addUniqueConstraint(`${follows}_pair_uniq`, ['from_user_id', 'to_user_id']),
  ).execute();
  // Both lists page newest first by edge id, so each index ends with the id.
  for (const column of ['to_user_id', 'from_user_id']) {
    await createIndex(db, ctx, `${follows}_${column}_id_idx`)
      .on(follows)
      .columns([column, 'id'])
      .execute();
  }
}

/** 0003: refresh-token records (identifiers, never tokens). @internal */
/**
 * The verified addresses, one row per user, under the same name in accountkit's schema and
 * beside Django's tables.
 * @internal
 */
export async function createEmailVerifications(db: MigrationDb, ctx: SchemaContext): Promise<void> {
  const t = ctx.ops.schema;
  await createTable(db, ctx, 'accountkit_email_verification', (table) =>
    table
      .addColumn('user_id', t.refType, (c) =>
        c.primaryKey().references(`${ctx.tables.users}.id`).onDelete('cascade'),
      )
      .addColumn('email', 'varchar(254)', (c) => c.notNull())
      .addColumn('verified_at', t.dateType, (c) => c.notNull()),
  ).execute();
}

export async function createRefreshTokens(db: MigrationDb, ctx: SchemaContext): Promise<void> {
  const t = ctx.ops.schema;
  const { users, refreshTokens } = ctx.tables;
  await createTable(db, ctx, refreshTokens, (table) =>
    table
      .addColumn('jti', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('family_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('user_id', t.refType, (c) =>
        c.notNull().references(`${users}.id`).onDelete('cascade'),
      )
      .addColumn('parent_jti', 'varchar(64)')
      .addColumn('issued_at', t.dateType, (c) => c.notNull())
      .addColumn('expires_at', t.dateType, (c) => c.notNull())
      .addColumn('used_at', t.dateType)
      .addColumn('revoked_at', t.dateType),
  ).execute();
  for (const column of ['family_id', 'user_id', 'expires_at']) {
    await createIndex(db, ctx, `${refreshTokens}_${column}_idx`)
      .on(refreshTokens)
      .column(column)
      .execute();
  }
}
