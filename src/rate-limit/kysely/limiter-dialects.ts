import { type Kysely, sql } from 'kysely';
import { type AccountsDialect, dialectOps } from '../../storage/kysely/dialects/registry.js';
import type { Runner } from '../../storage/kysely/runner.js';

/** The limiter table's default name. */
export const RATE_LIMIT_TABLE = 'accountkit_rate_limit';

/** A window row as read back: `pg` returns bigint as text, so both may be strings. @internal */
export interface WindowRow {
  readonly count: number | string;
  readonly window_start: number | string;
}

/** What a hit needs: where, which key, and the caller's window and instant. @internal */
export interface HitArgs {
  readonly table: string;
  readonly key: string;
  readonly windowMs: number;
  readonly now: number;
}

/**
 * How one database counts a hit atomically. SQLite and PostgreSQL share the `ON CONFLICT`
 * form; MySQL/MariaDB has its own. The store never tests the dialect name.
 *
 * @internal
 */
export interface LimiterDialect {
  /** The key column's type: exact comparison, no collation folding or padding. */
  readonly keyType: string;
  hit(run: Runner, args: HitArgs): Promise<WindowRow>;
}

// biome-ignore lint/suspicious/noExplicitAny: the limiter table is not part of AccountsDatabase.
type AnyDb = Kysely<any>;

/**
 * `CASE WHEN <window still live> THEN <a> ELSE <b> END`, against the stored row. A window is
 * live until its end, and while its count is above zero: a refund that takes the last hit back
 * leaves a row at zero, which counts as no window.
 */
function ifLive(args: HitArgs, live: unknown, ended: unknown) {
  const start = sql.ref(`${args.table}.window_start`);
  const count = sql.ref(`${args.table}.count`);
  return sql`case when ${start} + ${args.windowMs} > ${args.now} and ${count} > 0 then ${live} else ${ended} end`;
}

/**
 * One statement, atomic on its own: insert the key's first window, or on conflict add one to a
 * live window / open a new one, and return the row as written. Both SET expressions read the
 * row as it was before the update (SQL semantics on SQLite and PostgreSQL).
 */
function upsertReturning(db: AnyDb, args: HitArgs) {
  const count = sql.ref(`${args.table}.count`);
  return sql<WindowRow>`
    insert into ${sql.table(args.table)} (${sql.ref('key')}, window_start, ${sql.ref('count')})
    values (${args.key}, ${args.now}, 1)
    on conflict (${sql.ref('key')}) do update set
      ${sql.ref('count')} = ${ifLive(args, sql`${count} + 1`, 1)},
      window_start = ${ifLive(args, sql.ref(`${args.table}.window_start`), args.now)}
    returning ${sql.ref('count')}, window_start`.execute(db);
}

const onConflictReturning = (keyType: string): LimiterDialect => ({
  keyType,
  hit: (run, args) =>
    run.single(async (db) => {
      const { rows } = await upsertReturning(db as AnyDb, args);
      return rows[0] as WindowRow;
    }),
});

/** SQLite: the write lock serialises the statement across connections and processes. @internal */
export const sqliteLimiter = onConflictReturning('varchar(255)');

/** PostgreSQL: the upsert locks the row, so concurrent hits queue on it. @internal */
export const postgresLimiter = onConflictReturning('varchar(255)');

/**
 * MySQL/MariaDB: no `RETURNING`, so `INSERT … ON DUPLICATE KEY UPDATE` then a read of the row
 * in the same transaction, while the upsert's row lock keeps every other hit out. The affected
 * row count is never read (mysql2 sets `CLIENT_FOUND_ROWS`, which blurs it). Assignments run
 * left to right and see earlier ones: `count` is decided on the row as it was, and becomes 1
 * exactly when a new window opens (a live one already held at least 1), which then decides
 * `window_start`. The key is `varbinary`: bytes compared as they are, no case folding, no pad
 * space.
 *
 * @internal
 */
export const mysqlLimiter: LimiterDialect = {
  keyType: 'varbinary(255)',
  hit: (run, args) =>
    run.write(async (trx) => {
      const db = trx as AnyDb;
      const count = sql.ref('count');
      const live = sql`window_start + ${args.windowMs} > ${args.now} and ${count} > 0`;
      await sql`
        insert into ${sql.table(args.table)} (${sql.ref('key')}, window_start, ${count})
        values (${args.key}, ${args.now}, 1)
        on duplicate key update
          ${count} = if(${live}, ${count} + 1, 1),
          window_start = if(${count} = 1, ${args.now}, window_start)`.execute(db);
      const { rows } = await sql<WindowRow>`
        select ${sql.ref('count')}, window_start from ${sql.table(args.table)}
        where ${sql.ref('key')} = ${args.key}`.execute(db);
      return rows[0] as WindowRow;
    }),
};

const LIMITERS: Record<AccountsDialect, LimiterDialect> = {
  sqlite: sqliteLimiter,
  postgres: postgresLimiter,
  mysql: mysqlLimiter,
};

/**
 * The limiter ops of a dialect name.
 *
 * @throws ConfigurationError `CONFIGURATION_ERROR` when the dialect is unknown.
 * @internal
 */
export function limiterDialect(dialect: unknown): LimiterDialect {
  return LIMITERS[dialectOps(dialect).name];
}
