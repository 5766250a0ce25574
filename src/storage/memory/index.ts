/**
 * In-memory storage: the whole account database in one process's memory, for tests, examples
 * and prototypes. It enforces the same constraints as the SQL adapters (unique username key,
 * follows only between existing users, single-use refresh-token consumption) and passes the same
 * conformance suite.
 *
 * @module storage/memory
 */
import type { AccountStorage } from '../storage.js';
import { openMemoryStorage } from './memory-storage.js';

/**
 * Create an empty in-memory {@link AccountStorage}.
 *
 * Concurrency: every write (a single method or a whole `transaction`) holds one async write lock
 * and runs its check and its change with no `await` in between, so of 50 concurrent inserts of
 * `alice`/`Alice` exactly one wins and a refresh token is consumed exactly once. A transaction
 * works on a copy of the data that replaces the committed state only when `fn` resolves; when
 * `fn` rejects the copy is dropped (a real rollback) and the same error is rethrown. Reads
 * outside a transaction see the last committed state. Inside `fn`, use only the `tx` it is
 * given: calling the outer storage there waits for the lock `fn` holds.
 *
 * Data lives as long as the returned object; nothing is shared between two calls.
 *
 * @example
 * ```ts
 * import { createMemoryStorage } from 'accountkit/storage/memory';
 *
 * const storage = createMemoryStorage();
 * const accounts = createAccounts({ storage, tokens: { signingKey } });
 * ```
 */
export function createMemoryStorage(): AccountStorage {
  const { snapshot: _snapshot, tamper: _tamper, ...storage } = openMemoryStorage();
  return storage;
}
