import type { MigrationDb, SchemaContext } from './schema-context.js';

/** Longest user agent kept; the service cuts longer ones to this length. @internal */
export const USER_AGENT_COLUMN_LENGTH = 512;

/** Longest address kept: a whole IPv6 address with a zone, or a hash's hex digest. @internal */
export const ADDRESS_COLUMN_LENGTH = 64;

/**
 * Sessions: when the refresh family began and where its tokens were issued, on each token row,
 * so a rotation writes them with the token it inserts and listing sessions is one read. The
 * columns are nullable: rows written before have none, and read their own issue time instead.
 *
 * @internal
 */
export async function addSessionDetails(db: MigrationDb, ctx: SchemaContext): Promise<void> {
  const table = ctx.tables.refreshTokens;
  // One column per statement: SQLite adds a single column per ALTER TABLE.
  await db.schema
    .alterTable(table)
    .addColumn('session_began_at', ctx.ops.schema.dateType)
    .execute();
  await db.schema
    .alterTable(table)
    .addColumn('user_agent', `varchar(${USER_AGENT_COLUMN_LENGTH})`)
    .execute();
  await db.schema
    .alterTable(table)
    .addColumn('address', `varchar(${ADDRESS_COLUMN_LENGTH})`)
    .execute();
}
