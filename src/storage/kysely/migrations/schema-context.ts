import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { DialectOps } from '../dialects/dialect-ops.js';
import type { AccountsTableNames } from '../tables.js';

/** What a migration needs to know: the database's column types and the table names. @internal */
export interface SchemaContext {
  readonly ops: DialectOps;
  readonly tables: AccountsTableNames;
}

/** Migrations run on an untyped handle: they create the tables the types describe. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's own Migration interface takes Kysely<any>.
export type MigrationDb = Kysely<any>;

/** An auto-increment primary key in this database's spelling. @internal */
export function idColumn(ctx: SchemaContext) {
  return (col: ColumnDefinitionBuilder) => {
    const key = col.primaryKey();
    return ctx.ops.schema.idAutoIncrement ? key.autoIncrement() : key;
  };
}

/** `CREATE TABLE IF NOT EXISTS` with the database's table options (MySQL: InnoDB, utf8mb4). */
export function createTable(
  db: MigrationDb,
  ctx: SchemaContext,
  name: string,
  // biome-ignore lint/suspicious/noExplicitAny: the builder's column set is built up step by step.
  columns: (table: CreateTableBuilder<string, never>) => CreateTableBuilder<string, any>,
) {
  const table = columns(db.schema.createTable(name).ifNotExists());
  const suffix = ctx.ops.schema.tableSuffix;
  return suffix ? table.modifyEnd(sql.raw(suffix)) : table;
}

/**
 * The `username_key` column: NOT NULL in accountkit's own table; nullable when added to a
 * Django table, so rows Django still inserts (it does not know the column) do not collide.
 */
export async function usernameKeyColumn(db: MigrationDb, ctx: SchemaContext, nullable: boolean) {
  const collation = await ctx.ops.schema.keyCollation(db);
  return (col: ColumnDefinitionBuilder) => {
    const typed = collation
      ? col.modifyFront(sql.raw(`character set utf8mb4 collate ${collation}`))
      : col;
    return nullable ? typed : typed.notNull();
  };
}

/** `CREATE INDEX`, with `IF NOT EXISTS` where the database parses it, so a re-run can finish. */
export function createIndex(db: MigrationDb, ctx: SchemaContext, name: string) {
  const index = db.schema.createIndex(name);
  return ctx.ops.schema.indexIfNotExists ? index.ifNotExists() : index;
}
