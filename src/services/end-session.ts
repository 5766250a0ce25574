import { parseInput } from '../core/input-schemas.js';
import { NotFoundError } from '../errors/errors.js';
import { emitEvents } from '../events/emit-events.js';
import { requestDetails } from '../events/request-details.js';
import type { AccountsDeps } from './deps.js';
import { endSessionSchema } from './inputs.js';

/**
 * End one of the user's sessions by its id (a device signed in elsewhere, or this one): every
 * token of its refresh family is revoked at once, so its refresh token is refused from now on.
 * Its access tokens run out at their expiry (the access lifetime), as after a logout. Emits
 * `sessionEnded` after the commit.
 *
 * @throws ValidationError `VALIDATION_FAILED` (`INVALID_ID` for `userId` or `sessionId`).
 * @throws NotFoundError `SESSION_NOT_FOUND` when the user has no such session still running:
 *   unknown, already ended, or another user's (which is not told apart, and not touched).
 * @throws StorageError `STORAGE_UNAVAILABLE`; nothing was ended.
 * @internal
 */
export async function endSession(deps: AccountsDeps, input: unknown): Promise<void> {
  const { userId, sessionId } = parseInput(endSessionSchema, input);
  const now = deps.clock.now();
  const revoked = await deps.storage.refreshTokens.revokeUserFamily(userId, sessionId, now);
  if (revoked === 0) throw new NotFoundError('SESSION_NOT_FOUND', 'Session not found.');
  await emitEvents(deps, {
    type: 'sessionEnded',
    at: now,
    userId,
    familyId: sessionId,
    ...requestDetails(),
  });
}
