import { parseInput } from '../core/input-schemas.js';
import type { ImageKind } from '../core/upload-paths.js';
import { type SerializedUser, serializeUser } from '../core/user-serializer.js';
import { ValidationError } from '../errors/errors.js';
import type { AccountsDeps } from './deps.js';
import { imageIssues } from './image-checks.js';
import { imageUploadSchema } from './inputs.js';
import { writeProfile } from './profile-write.js';
import { loadActor } from './session.js';
import { viewOptions } from './view-options.js';

/**
 * Upload a profile or cover image (`{ userId, filename, bytes }`): the image part of a profile
 * update on its own, with issues at `bytes` / `filename`. The size is checked first, then the
 * extension (jpg, jpeg, png, gif, webp), then the content's magic bytes, which must match the
 * extension. The file is stored under a fresh random name before the database points at it;
 * if the database write fails the new file is removed, and the previous file is removed only
 * after the write committed.
 *
 * @throws ValidationError `VALIDATION_FAILED` with issue `IMAGE_TOO_LARGE`,
 *   `INVALID_IMAGE_EXTENSION` or `INVALID_IMAGE_CONTENT`, or a schema issue.
 * @throws AuthenticationError `TOKEN_INVALID` or `USER_INACTIVE` for the acting user.
 * @throws StorageError `STORAGE_UNAVAILABLE` when the file or the row cannot be written;
 *   nothing is left behind.
 * @internal
 */
export async function setImage(
  deps: AccountsDeps,
  kind: ImageKind,
  input: unknown,
): Promise<SerializedUser> {
  const { userId, filename, bytes } = parseInput(imageUploadSchema, input);
  const file = { filename, bytes };
  const issues = imageIssues(file, deps.settings.maxImageBytes);
  if (issues.length > 0) throw new ValidationError(issues);
  const now = deps.clock.now();
  const user = await loadActor(deps.storage, userId);
  const images = kind === 'profile' ? { profile: file } : { cover: file };
  const written = await writeProfile(deps, { user, patch: {}, images, now });
  return serializeUser(written.user, viewOptions(deps, now));
}
