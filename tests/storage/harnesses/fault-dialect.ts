import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryResult,
  TransactionSettings,
} from 'kysely';

/** Counts statements and fails the armed one: real SQL with an injected fault, not a mock. */
export interface FaultSwitch {
  arm(k: number | null): void;
  statements(): number;
}

/** What a dropped connection looks like to the adapter. */
function connectionLost(): Error {
  return Object.assign(new Error('Connection terminated unexpectedly (injected)'), {
    code: 'ECONNRESET',
  });
}

/**
 * Wrap a dialect so that every statement sent to the database (including BEGIN, COMMIT and
 * savepoints) is counted, and the k-th after `arm(k)` throws instead of running.
 */
export function withFaults(dialect: Dialect): { dialect: Dialect; faults: FaultSwitch } {
  let count = 0;
  let failAt: number | null = null;
  const inner = new Map<DatabaseConnection, DatabaseConnection>();
  const wrap = (connection: DatabaseConnection): DatabaseConnection => {
    const wrapped: DatabaseConnection = {
      executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        count += 1;
        if (count === failAt) return Promise.reject(connectionLost());
        return connection.executeQuery<R>(query);
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
    inner.set(wrapped, connection);
    return wrapped;
  };
  const faultyDriver = (driver: Driver): Driver => ({
    init: () => driver.init(),
    acquireConnection: async () => wrap(await driver.acquireConnection()),
    beginTransaction: (c: DatabaseConnection, s: TransactionSettings) =>
      driver.beginTransaction(c, s),
    commitTransaction: (c: DatabaseConnection) => driver.commitTransaction(c),
    rollbackTransaction: (c: DatabaseConnection) => driver.rollbackTransaction(c),
    releaseConnection: async (c: DatabaseConnection) => {
      const original = inner.get(c) ?? c;
      inner.delete(c);
      await driver.releaseConnection(original);
    },
    destroy: () => driver.destroy(),
  });
  return {
    dialect: {
      createAdapter: () => dialect.createAdapter(),
      createDriver: () => faultyDriver(dialect.createDriver()),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createIntrospector: (db) => dialect.createIntrospector(db),
    },
    faults: {
      arm(k) {
        failAt = k;
        count = 0;
      },
      statements: () => count,
    },
  };
}
