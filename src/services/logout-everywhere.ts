import { parseInput } from '../core/input-schemas.js';
import { AuthenticationError } from '../errors/errors.js';
import { emitEvents } from '../events/emit-events.js';
import { requestDetails } from '../events/request-details.js';
import type { AccountsDeps } from './deps.js';
import { endAllSessions } from './end-sessions.js';
import { actorSchema } from './inputs.js';

/**
 * Log out everywhere: bump the user's token version, which ends every access token issued
 * before, and revoke every refresh token, in one transaction. The caller's own tokens end too.
 * Emits `allSessionsEnded` (reason `logout_everywhere`) after the commit.
 *
 * @throws ValidationError `VALIDATION_FAILED` (issue `INVALID_ID`) for a malformed `userId`.
 * @throws AuthenticationError `TOKEN_INVALID` when the user no longer exists.
 * @throws StorageError `STORAGE_UNAVAILABLE`; nothing was changed.
 * @internal
 */
export async function logoutEverywhere(deps: AccountsDeps, input: unknown): Promise<void> {
  const { userId } = parseInput(actorSchema, input);
  const now = deps.clock.now();
  await deps.storage.transaction(async (tx) => {
    const version = await endAllSessions(tx, userId, now);
    if (version === null) throw new AuthenticationError('TOKEN_INVALID', 'Token is invalid.');
  });
  await emitEvents(deps, {
    type: 'allSessionsEnded',
    at: now,
    userId,
    reason: 'logout_everywhere',
    ...requestDetails(),
  });
}
