import type { Kysely } from 'kysely';
import type { AccountsTableNames } from '../tables.js';

/** Triggers are created on the raw handle, under the tables' real names. */
// biome-ignore lint/suspicious/noExplicitAny: DDL runs on an untyped handle, as migrations do.
type AnyDb = Kysely<any>;

/**
 * The database triggers that keep accountkit's derived columns right whichever program writes
 * Django's tables, so a Django process needs no accountkit code:
 *
 * - `username_key` on every insert and rename: the lower-cased name when the name is ASCII
 *   (there the SQL and the TypeScript key agree exactly), otherwise left for accountkit to
 *   compute (NULL on a rename that did not set it);
 * - `token_version` + 1 when the stored password changes, which revokes every token;
 * - both follow counters on every edge inserted or deleted.
 *
 * Trigger syntax differs per database, so each dialect has its own set.
 *
 * @internal
 */
export interface SideBySideTriggers {
  /** Create the triggers, replacing any of the same names (a half-finished run can repeat). */
  install(db: AnyDb, tables: AccountsTableNames): Promise<void>;
  /** Drop the triggers (and PostgreSQL's trigger functions) that exist. */
  uninstall(db: AnyDb, tables: AccountsTableNames): Promise<void>;
  /** The names of the triggers of this set that exist now, sorted. */
  installed(db: AnyDb, tables: AccountsTableNames): Promise<string[]>;
}

/** A trigger's (or function's) name: the table's name, then accountkit's purpose. @internal */
export function triggerName(table: string, purpose: string): string {
  return `${table}_accountkit_${purpose}`;
}
