import { buildImagePath, type ImageKind } from '../core/upload-paths.js';
import { AuthenticationError, BadRequestError } from '../errors/errors.js';
import type { StorageTransaction, UserPatch, UserRecord } from '../storage/storage.js';
import type { IssuedPair } from '../tokens/token-service.js';
import type { AccountsDeps } from './deps.js';
import { endAllSessions } from './end-sessions.js';
import { removeUnreferenced } from './media-cleanup.js';
import { recordIssuedRefresh, sessionClient } from './refresh-records.js';
import type { ProfileImageChanges } from './requests.js';

/** Every kind of image, in the order their files are written. @internal */
export const IMAGE_KINDS: readonly ImageKind[] = ['profile', 'cover'];

/** The record field holding each kind of image. */
const IMAGE_FIELD = { profile: 'profilePic', cover: 'coverImage' } as const;

/** Everything one profile write applies, already validated. @internal */
export interface ProfileWrite {
  /** The acting user, as loaded (active) before the write. */
  readonly user: UserRecord;
  /**
   * Field changes. With `passwordHash`, the hash the caller verified `current_password` against
   * is compare-and-swapped and every session ends; with `passwordHash` or `username`, a fresh
   * pair is issued, since the claims carry the name.
   */
  readonly patch: UserPatch;
  /** Images to store under fresh random names, or to remove (`null`). */
  readonly images: ProfileImageChanges;
  /** The use case's one "now". */
  readonly now: Date;
}

/** The stored result of a profile write. @internal */
export interface ProfileWritten {
  readonly user: UserRecord;
  /** The fresh pair, when the password or the username changed. */
  readonly pair: IssuedPair | null;
}

interface NewFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/**
 * Apply a validated profile change all at once. New image files are written first, under
 * fresh random names, so the database never points at a missing file; then one transaction
 * writes the fields and image paths (and, for a password change, bumps the token version,
 * revokes every refresh token and records the fresh pair). If a file or the transaction
 * fails, every new file is removed and the database is unchanged. Replaced and cleared files
 * are removed only after the commit; a removal that fails is logged, never thrown, because an
 * orphan file is harmless and the change is already committed.
 *
 * @throws BadRequestError `INVALID_CURRENT_PASSWORD` when the password changed meanwhile.
 * @throws ConflictError `USERNAME_TAKEN` when the new name is taken.
 * @throws AuthenticationError `TOKEN_INVALID` when the user is gone.
 * @throws StorageError `STORAGE_UNAVAILABLE` from the media storage or the database.
 * @internal
 */
export async function writeProfile(
  deps: AccountsDeps,
  write: ProfileWrite,
): Promise<ProfileWritten> {
  const { patch, files } = planImages(deps, write);
  if (Object.keys(patch).length === 0) return { user: write.user, pair: null };
  const written: string[] = [];
  let outcome: Committed;
  try {
    for (const file of files) {
      await deps.media.put(file.path, file.bytes);
      written.push(file.path);
    }
    outcome = await deps.storage.transaction((tx) => commit(deps, tx, write, patch));
  } catch (error) {
    // Only files this call stored: a put that failed may have met another file at its path.
    for (const path of written) await removeUnreferenced(deps, path);
    throw error;
  }
  for (const kind of IMAGE_KINDS) {
    const field = IMAGE_FIELD[kind];
    // A media storage of the caller's may allow overwrites: never remove what is now referenced.
    if (field in patch && outcome.previous[field] !== patch[field]) {
      await removeUnreferenced(deps, outcome.previous[field]);
    }
  }
  return { user: outcome.user, pair: outcome.pair };
}

/** The full patch (fields and image paths) and the new files it points at. */
function planImages(
  deps: AccountsDeps,
  write: ProfileWrite,
): { patch: UserPatch; files: NewFile[] } {
  const { user } = write;
  // Django saves file fields after the others, so an upload in a rename lands in the new folder.
  const owner = { id: user.id, username: write.patch.username ?? user.username };
  const patch: { -readonly [K in keyof UserPatch]: UserPatch[K] } = { ...write.patch };
  const files: NewFile[] = [];
  for (const kind of IMAGE_KINDS) {
    const change = write.images[kind];
    const field = IMAGE_FIELD[kind];
    if (change === undefined) continue;
    if (change === null) {
      // Removing an image that is not there writes nothing.
      if (user[field] !== null) patch[field] = null;
      continue;
    }
    const upload = { ...owner, filename: change.filename };
    const path = buildImagePath(kind, upload, { random: deps.random });
    files.push({ path, bytes: change.bytes });
    patch[field] = path;
  }
  return { patch, files };
}

/** What the transaction stored, and the user as it was before, for the file cleanup. */
interface Committed extends ProfileWritten {
  readonly previous: UserRecord;
}

/**
 * The storage work of {@link writeProfile}. The previous image paths are read inside the
 * transaction, so the files removed afterwards are the ones this write replaced.
 */
async function commit(
  deps: AccountsDeps,
  tx: StorageTransaction,
  write: ProfileWrite,
  patch: UserPatch,
): Promise<Committed> {
  const { user, now } = write;
  const touchesImages = IMAGE_KINDS.some((kind) => IMAGE_FIELD[kind] in patch);
  const previous = touchesImages ? await tx.users.findById(user.id) : user;
  if (previous === null) throw tokenInvalid();
  const passwordChanged = patch.passwordHash !== undefined;
  let updated = await tx.users.update(
    user.id,
    patch,
    passwordChanged ? { expectedPasswordHash: user.passwordHash } : {},
  );
  if (updated === null) throw await whyNotUpdated(tx, user.id);
  if (passwordChanged) updated = await revokeEverything(tx, updated, now);
  const reissue = passwordChanged || patch.username !== undefined;
  const pair = reissue ? await deps.tokens.issuePair(updated, now) : null;
  // A profile update carries no request context: the new session records no client.
  if (pair !== null) {
    await recordIssuedRefresh(tx.refreshTokens, pair.refreshRecord, sessionClient(deps, {}));
  }
  return { user: updated, pair, previous };
}

/** End every session of the user: newer token version, every refresh token revoked. */
async function revokeEverything(
  tx: StorageTransaction,
  user: UserRecord,
  now: Date,
): Promise<UserRecord> {
  const tokenVersion = await endAllSessions(tx, user.id, now);
  if (tokenVersion === null) throw tokenInvalid();
  return { ...user, tokenVersion };
}

/** A conditional update wrote nothing: the user is gone, or their hash changed meanwhile. */
async function whyNotUpdated(tx: StorageTransaction, userId: number): Promise<Error> {
  return (await tx.users.findById(userId)) === null ? tokenInvalid() : invalidCurrentPassword();
}

/** `current_password` does not verify (or no longer matches the stored hash). @internal */
export function invalidCurrentPassword(): BadRequestError {
  return new BadRequestError('INVALID_CURRENT_PASSWORD', 'The current password is incorrect.');
}

function tokenInvalid(): AuthenticationError {
  return new AuthenticationError('TOKEN_INVALID', 'Token is invalid.');
}
