import type { NewRefreshToken, RefreshTokenStore } from '../storage/storage.js';

/**
 * Record the refresh token of a pair just issued. Its id is 128 fresh random bits, so finding
 * it already recorded means the random source repeats itself: a fault, never a user's error.
 * @internal
 */
export async function recordIssuedRefresh(
  store: RefreshTokenStore,
  record: NewRefreshToken,
): Promise<void> {
  if (!(await store.insert(record))) {
    throw new Error('a new refresh-token id is already recorded: the random source repeats');
  }
}
