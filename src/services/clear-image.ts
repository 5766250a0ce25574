import { parseInput } from '../core/input-schemas.js';
import type { ImageKind } from '../core/upload-paths.js';
import { type SerializedUser, serializeUser } from '../core/user-serializer.js';
import { AuthenticationError } from '../errors/errors.js';
import type { UserRecord } from '../storage/storage.js';
import type { AccountsDeps } from './deps.js';
import { actorSchema } from './inputs.js';
import { removeUnreferenced } from './media-cleanup.js';
import { loadActor } from './session.js';
import { IMAGE_FIELD } from './set-image.js';
import { viewOptions } from './view-options.js';

/**
 * Remove the profile or cover image (`{ userId }`): the field is cleared first and the file
 * removed after the write committed (a cleared cover shows the default cover again).
 *
 * @throws ValidationError `VALIDATION_FAILED` (issue `INVALID_ID`).
 * @throws AuthenticationError `TOKEN_INVALID` or `USER_INACTIVE` for the acting user.
 * @throws StorageError `STORAGE_UNAVAILABLE`; nothing was changed.
 * @internal
 */
export async function clearImage(
  deps: AccountsDeps,
  kind: ImageKind,
  input: unknown,
): Promise<SerializedUser> {
  const { userId } = parseInput(actorSchema, input);
  const now = deps.clock.now();
  const field = IMAGE_FIELD[kind];
  const { previous, updated } = await deps.storage.transaction(async (tx) => {
    const current = await loadActor(tx, userId);
    if (current[field] === null) return { previous: null, updated: current };
    const cleared: UserRecord | null = await tx.users.update(userId, { [field]: null });
    if (cleared === null) throw new AuthenticationError('TOKEN_INVALID', 'Token is invalid.');
    return { previous: current[field], updated: cleared };
  });
  await removeUnreferenced(deps, previous);
  return serializeUser(updated, viewOptions(deps, now));
}
