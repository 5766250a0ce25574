import type { CounterDrift } from '../storage/storage.js';
import type { AccountsDeps } from './deps.js';

/**
 * Recompute every follower and following counter from the follow edges and repair the ones
 * that drifted (after a manual edit or an import, for example). Returns each repair.
 *
 * @throws StorageError `STORAGE_UNAVAILABLE`.
 * @internal
 */
export function recount(deps: AccountsDeps): Promise<CounterDrift[]> {
  return deps.storage.follows.recount();
}
