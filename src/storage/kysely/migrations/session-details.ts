import { MAX_USER_AGENT_LENGTH } from '../../../services/inputs.js';
import { MAX_KEPT_ADDRESS_LENGTH } from '../../../sessions/address-policy.js';
import type { MigrationDb, SchemaContext } from './schema-context.js';

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
    .addColumn('user_agent', `varchar(${MAX_USER_AGENT_LENGTH})`)
    .execute();
  await db.schema
    .alterTable(table)
    .addColumn('address', `varchar(${MAX_KEPT_ADDRESS_LENGTH})`)
    .execute();
}
