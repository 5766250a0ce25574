import {
  type DialectAdapter,
  PostgresDialect,
  type PostgresDialectConfig,
  type PostgresPool,
} from 'kysely';
import { type PreparedRead, withHotReads } from './direct-read.js';

/** A `pg.Pool`, or anything with its `connect` and its `query` of a named statement. */
export interface PreparedPostgresPool extends PostgresPool {
  query(config: {
    readonly name: string;
    readonly text: string;
    readonly values: unknown[];
  }): Promise<{ readonly rows: unknown[] }>;
}

/** Options of {@link createPreparedPostgresDialect}: Kysely's, with the pool itself. */
export interface PreparedPostgresDialectConfig extends Omit<PostgresDialectConfig, 'pool'> {
  readonly pool: PreparedPostgresPool;
}

/**
 * One name per SQL text for the whole process: two dialects sharing a pool never give one
 * name two texts, which PostgreSQL refuses on a connection that has prepared the first.
 */
const statementNames = new Map<string, string>();

function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `accountkit_${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}

class PreparedPostgresDialect extends PostgresDialect {
  readonly #preparedRead: PreparedRead | null;

  constructor(config: PreparedPostgresDialectConfig) {
    super(config);
    const { pool } = config;
    // A connection the pool hands out directly never ran `onCreateConnection` (a search_path
    // set there, say), so with it every read stays on Kysely's connections.
    this.#preparedRead =
      config.onCreateConnection !== undefined
        ? null
        : (sql, parameters) =>
            pool
              .query({ name: statementName(sql), text: sql, values: [...parameters] })
              .then(({ rows }) => rows);
  }

  override createAdapter(): DialectAdapter {
    const adapter = super.createAdapter();
    return this.#preparedRead === null
      ? adapter
      : withHotReads(adapter, { now: null, later: this.#preparedRead });
  }
}

/**
 * Kysely's `PostgresDialect` with accountkit's hot reads (a user by id or username, whether
 * one user follows another) run as named prepared statements straight on the `pg` pool.
 * Kysely sends every query unnamed, so PostgreSQL parses and plans it again each time, and
 * runs it through a connection checked out for it; a named statement is parsed once per
 * connection, and `pool.query` skips the check-out bookkeeping. Reads inside a transaction
 * still run on the transaction's connection.
 *
 * @example
 * ```ts
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const db = new Kysely({ dialect: createPreparedPostgresDialect({ pool }) });
 * ```
 */
export function createPreparedPostgresDialect(
  config: PreparedPostgresDialectConfig,
): PostgresDialect {
  return new PreparedPostgresDialect(config);
}
