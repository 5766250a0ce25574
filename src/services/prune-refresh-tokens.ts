import type { AccountsDeps } from './deps.js';

/**
 * Expired tokens stay refused for this long after `exp`, whatever leeway is configured (the
 * largest allowed leeway), so a record is never deleted while its token could still verify.
 */
const MAX_LEEWAY_MS = 300_000;

/**
 * Delete the records of refresh tokens that expired (housekeeping: run it from a scheduled job).
 * An expired token no longer verifies, so its record plays no part in rotation or reuse
 * detection. Returns how many records were deleted.
 *
 * @throws StorageError `STORAGE_UNAVAILABLE`.
 * @internal
 */
export function pruneRefreshTokens(deps: AccountsDeps): Promise<number> {
  const now = deps.clock.now();
  return deps.storage.refreshTokens.deleteExpired(new Date(now.getTime() - MAX_LEEWAY_MS));
}
