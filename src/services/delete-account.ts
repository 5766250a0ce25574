import { parseInput } from '../core/input-schemas.js';
import { AuthenticationError, BadRequestError } from '../errors/errors.js';
import { emitEvents } from '../events/emit-events.js';
import { requestDetails } from '../events/request-details.js';
import type { AccountsDeps } from './deps.js';
import { deleteAccountSchema } from './inputs.js';
import { removeUnreferenced } from './media-cleanup.js';
import { loadActor } from './session.js';

/**
 * Delete one's own account, confirmed with the current password (a stolen access token alone
 * must not be enough to destroy an account). Storage removes the user with their follow edges
 * and refresh-token records and corrects everyone's counters in one unit; the user's images
 * are removed afterwards. Every token of the user then fails with `TOKEN_INVALID`. Emits
 * `accountDeleted` at the end.
 *
 * @throws ValidationError `VALIDATION_FAILED` when the input is not `{ userId, password }`.
 * @throws BadRequestError `INVALID_CURRENT_PASSWORD` when the password is wrong.
 * @throws AuthenticationError `TOKEN_INVALID` or `USER_INACTIVE` for the acting user.
 * @throws StorageError `STORAGE_UNAVAILABLE`; nothing was deleted.
 * @internal
 */
export async function deleteAccount(deps: AccountsDeps, input: unknown): Promise<void> {
  const { userId, password } = parseInput(deleteAccountSchema, input);
  const now = deps.clock.now();
  const user = await loadActor(deps.storage, userId);
  const check = await deps.passwords.verify(password, user.passwordHash);
  if (!check.valid) {
    throw new BadRequestError('INVALID_CURRENT_PASSWORD', 'The current password is incorrect.');
  }
  const deleted = await deps.storage.users.delete(userId);
  if (!deleted) throw new AuthenticationError('TOKEN_INVALID', 'Token is invalid.');
  await removeUnreferenced(deps, user.profilePic);
  await removeUnreferenced(deps, user.coverImage);
  await emitEvents(deps, {
    type: 'accountDeleted',
    at: now,
    userId,
    username: user.username,
    ...requestDetails(),
  });
}
