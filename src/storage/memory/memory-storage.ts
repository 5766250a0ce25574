import type { AccountStorage, StorageTransaction } from '../storage.js';
import { cloneState, emptyState, type MemoryState } from './memory-state.js';
import { createMemoryStores } from './memory-stores.js';
import { WriteLock } from './write-lock.js';

/**
 * Test seam: called before every table mutation, so a test can throw at step k and check that
 * nothing changed. Not part of the public entry.
 *
 * @internal
 */
export interface MemoryFaults {
  beforeWrite(): void;
}

/**
 * The memory adapter. Reads see the last committed state; every write (a single method or a
 * whole transaction) holds one write lock and works on a copy that replaces the committed
 * state only when it succeeds, so a rollback is dropping the copy.
 *
 * @internal
 */
export function openMemoryStorage(faults?: MemoryFaults): AccountStorage & {
  /** Every table, for tests. */
  snapshot(): MemoryState;
  /** Change the committed tables directly under the write lock, for tests. */
  tamper(change: (state: MemoryState) => void): Promise<void>;
} {
  const lock = new WriteLock();
  let committed = emptyState();
  const touch = () => faults?.beforeWrite();

  async function inWriteLock<T>(work: (state: MemoryState) => Promise<T> | T): Promise<T> {
    const release = await lock.acquire();
    try {
      const draft = cloneState(committed);
      const result = await work(draft);
      committed = draft;
      return result;
    } finally {
      release();
    }
  }

  const outside = createMemoryStores({
    read: () => committed,
    write: (change) => inWriteLock((draft) => change(draft, touch)),
  });

  return {
    ...outside,
    transaction<T>(fn: (tx: StorageTransaction) => Promise<T>): Promise<T> {
      return inWriteLock((draft) => {
        const tx = createMemoryStores({
          read: () => draft,
          write: async (change) => change(draft, touch),
        });
        return fn(tx);
      });
    },
    async close() {},
    snapshot: () => cloneState(committed),
    tamper: (change) => inWriteLock(change),
  };
}
