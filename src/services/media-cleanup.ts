import { isAccountsError } from '../errors/is-accounts-error.js';
import type { AccountsDeps } from './deps.js';

/**
 * Remove a file that is no longer referenced. Failure only leaves an orphan file behind, never
 * a broken profile, so it is logged and not thrown; the shared default cover is never removed.
 * @internal
 */
export async function removeUnreferenced(deps: AccountsDeps, path: string | null): Promise<void> {
  if (path === null || path === deps.settings.defaultCoverImage) return;
  try {
    await deps.media.delete(path);
  } catch (error) {
    if (!isAccountsError(error)) throw error;
    deps.logger.warn('media file could not be removed', { path, code: error.code });
  }
}
