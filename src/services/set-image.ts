import { parseInput } from '../core/input-schemas.js';
import { buildImagePath, type ImageKind } from '../core/upload-paths.js';
import { type SerializedUser, serializeUser } from '../core/user-serializer.js';
import { AuthenticationError, ValidationError } from '../errors/errors.js';
import { contentMatchesExtension } from '../media/image-content.js';
import type { UserRecord } from '../storage/storage.js';
import type { AccountsDeps } from './deps.js';
import { imageUploadSchema } from './inputs.js';
import { removeUnreferenced } from './media-cleanup.js';
import { loadActor } from './session.js';
import { viewOptions } from './view-options.js';

/** The record field holding each kind of image. @internal */
export const IMAGE_FIELD = { profile: 'profilePic', cover: 'coverImage' } as const;

/**
 * Upload a profile or cover image (`{ userId, filename, bytes }`). The size is checked first,
 * then the extension (jpg, jpeg, png, gif, webp), then the content's magic bytes, which must
 * match the extension. The file is stored under a fresh random name before the database
 * points at it; if the database write fails the new file is removed, and the previous file
 * is removed only after the write committed.
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
  const maxBytes = deps.settings.maxImageBytes;
  if (bytes.length > maxBytes) {
    throw imageIssue('IMAGE_TOO_LARGE', `The image is larger than ${maxBytes} bytes.`);
  }
  const now = deps.clock.now();
  const user = await loadActor(deps.storage, userId);
  const owner = { username: user.username, id: user.id, filename };
  const path = buildImagePath(kind, owner, { random: deps.random });
  if (!contentMatchesExtension(bytes, path.slice(path.lastIndexOf('.') + 1))) {
    throw imageIssue('INVALID_IMAGE_CONTENT', 'The file is not an image of its extension type.');
  }
  await deps.media.put(path, bytes);
  const field = IMAGE_FIELD[kind];
  let outcome: { previous: string | null; updated: UserRecord };
  try {
    outcome = await deps.storage.transaction(async (tx) => {
      const current = await tx.users.findById(userId);
      const updated = current && (await tx.users.update(userId, { [field]: path }));
      if (!updated || !current) throw new AuthenticationError('TOKEN_INVALID', 'Token is invalid.');
      return { previous: current[field], updated };
    });
  } catch (error) {
    await removeUnreferenced(deps, path);
    throw error;
  }
  if (outcome.previous !== path) await removeUnreferenced(deps, outcome.previous);
  return serializeUser(outcome.updated, viewOptions(deps, now));
}

function imageIssue(code: 'IMAGE_TOO_LARGE' | 'INVALID_IMAGE_CONTENT', message: string) {
  return new ValidationError([{ path: ['bytes'], code, message }]);
}
