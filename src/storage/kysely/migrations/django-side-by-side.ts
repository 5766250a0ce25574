import { fillUsernameKeys, recountFromEdges } from './django.js';
import type { MigrationDb, SchemaContext } from './schema-context.js';

/**
 * Django 0004: install the side-by-side triggers (see `SideBySideTriggers`), which keep
 * `username_key`, the follow counters and `token_version` right whichever program writes, then
 * key the users and recount the counters Django wrote before they existed. The triggers come
 * first, so nothing Django writes meanwhile falls between the two.
 *
 * @internal
 */
export async function installSideBySide(db: MigrationDb, ctx: SchemaContext): Promise<void> {
  await ctx.ops.sideBySide.install(db, ctx.tables);
  await fillUsernameKeys(db, ctx.tables.users);
  await recountFromEdges(db, ctx);
}

/**
 * Drop the side-by-side triggers, for the day Django stops writing. The migration that made
 * them stays recorded, so running the migrations again does not bring them back.
 *
 * @returns the names of the triggers that were there.
 * @internal
 */
export async function removeSideBySide(db: MigrationDb, ctx: SchemaContext): Promise<string[]> {
  const present = await ctx.ops.sideBySide.installed(db, ctx.tables);
  await ctx.ops.sideBySide.uninstall(db, ctx.tables);
  return present;
}
