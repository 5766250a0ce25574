import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './dialects/dialect-ops.js';

/**
 * A query built and compiled once, then run with new parameters. Building and compiling a
 * Kysely query costs about as much as a SQLite point read itself, and the hot reads (user by
 * id, is-following) have a fixed shape, so only their parameters change.
 *
 * @internal
 */
export class PreparedQuery<Row> {
  readonly #compiled: CompiledQuery<Row>;

  /** `build` must use exactly the parameters given to {@link PreparedQuery.run}, in order. */
  constructor(db: Db, build: (db: Db) => Compilable<Row>) {
    this.#compiled = build(db).compile();
  }

  /** The SQL text, for a direct read of the same statement. */
  get sql(): string {
    return this.#compiled.sql;
  }

  async run(db: Db, parameters: readonly unknown[]): Promise<Row[]> {
    const { rows } = await db.executeQuery<Row>({ ...this.#compiled, parameters });
    return rows;
  }

  /** Run a write; how many rows it changed. */
  async changes(db: Db, parameters: readonly unknown[]): Promise<number> {
    const { numAffectedRows } = await db.executeQuery<Row>({ ...this.#compiled, parameters });
    return Number(numAffectedRows ?? 0);
  }
}
