import { parseInput } from '../core/input-schemas.js';
import type { ImageKind } from '../core/upload-paths.js';
import { type SerializedUser, serializeUser } from '../core/user-serializer.js';
import type { AccountsDeps } from './deps.js';
import { actorSchema } from './inputs.js';
import { writeProfile } from './profile-write.js';
import { loadActor } from './session.js';
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
  const user = await loadActor(deps.storage, userId);
  const images = kind === 'profile' ? { profile: null } : { cover: null };
  const written = await writeProfile(deps, { user, patch: {}, images, now });
  return serializeUser(written.user, viewOptions(deps, now));
}
