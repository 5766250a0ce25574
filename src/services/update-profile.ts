import { type ProfileUpdateInput, parseInput, profileUpdateSchema } from '../core/input-schemas.js';
import { planProfileUpdate } from '../core/password-update.js';
import { serializeUser } from '../core/user-serializer.js';
import { ValidationError, type ValidationIssue } from '../errors/errors.js';
import type { UserRecord } from '../storage/storage.js';
import type { AccountsDeps } from './deps.js';
import { imageIssues } from './image-checks.js';
import { profileUpdateEnvelopeSchema } from './inputs.js';
import { IMAGE_KINDS, invalidCurrentPassword, writeProfile } from './profile-write.js';
import type { ProfileImageChanges } from './requests.js';
import type { UpdateProfileResult } from './results.js';
import { loadActor } from './session.js';
import { viewOptions } from './view-options.js';

/** The form field of each image in the Django app, where its issues are reported. */
const IMAGE_FORM_FIELD = { profile: 'profile_pic', cover: 'cover_image' } as const;

/**
 * Update one's own profile in one call: any of `username`, `email`, `password` (with
 * `current_password`) from `changes`, the request body, and the profile and cover images from
 * `images` (a file replaces, `null` removes). Read-only fields of the body (`id`, `followers`,
 * `is_active`...) are refused with `READ_ONLY_FIELD`, unknown ones with `UNKNOWN_FIELD`.
 *
 * Every part is judged before anything is written, and every issue of every part comes in one
 * `ValidationError`: the body's schema, each image (size, extension, magic bytes; reported at
 * `profile_pic` / `cover_image`, the Django form's field names) and, when the body is valid,
 * the password policy. Then `current_password` is verified and the new password hashed. Then
 * the new files are stored and one transaction writes everything (see `writeProfile`); if
 * anything fails, nothing changed and no new file is left behind.
 *
 * A password change compare-and-swaps the verified hash, bumps the token version (every
 * earlier access token stops working), revokes every refresh token, and records a fresh pair
 * for this client. A rename also returns a fresh pair, since the claims carry the name.
 *
 * @throws ValidationError `VALIDATION_FAILED`: schema issues (`READ_ONLY_FIELD`,
 *   `UNKNOWN_FIELD`, `USERNAME_INVALID`, `EMAIL_INVALID`, `REQUIRED` for a missing
 *   `current_password`...), image issues (`IMAGE_TOO_LARGE`, `INVALID_IMAGE_EXTENSION`,
 *   `INVALID_IMAGE_CONTENT`) and password policy issues (`PASSWORD_TOO_SHORT`, ...).
 * @throws BadRequestError `INVALID_CURRENT_PASSWORD` when `current_password` is wrong (or the
 *   password changed meanwhile).
 * @throws ConflictError `USERNAME_TAKEN` when the new name is taken in any variant.
 * @throws AuthenticationError `TOKEN_INVALID` or `USER_INACTIVE` for the acting user.
 * @throws StorageError `STORAGE_UNAVAILABLE` from the database or the media storage; nothing
 *   was changed.
 * @internal
 */
export async function updateProfile(
  deps: AccountsDeps,
  input: unknown,
): Promise<UpdateProfileResult> {
  const { userId, changes, images = {} } = parseInput(profileUpdateEnvelopeSchema, input);
  const body = parseChanges(changes === undefined ? {} : changes);
  const fileIssues = uploadIssues(images, deps.settings.maxImageBytes);
  // The policy compares the password with the new name and email: it needs a valid body.
  if (body.patch === null) throw new ValidationError([...body.issues, ...fileIssues]);
  const now = deps.clock.now();
  const user = await loadActor(deps.storage, userId);
  const plan = planProfileUpdate(user, body.patch);
  const passwordIssues =
    plan.newPassword === null
      ? []
      : await policyIssues(deps, plan.newPassword, {
          username: plan.changes.username ?? user.username,
          email: plan.changes.email ?? user.email,
        });
  // Body issues first, then the files, as when the body itself is invalid.
  const issues = [...passwordIssues, ...fileIssues];
  if (issues.length > 0) throw new ValidationError(issues);
  const passwordHash =
    plan.newPassword === null
      ? null
      : await verifyAndHash(deps, user, body.patch.current_password, plan.newPassword);
  const { user: record, pair } = await writeProfile(deps, {
    user,
    patch: passwordHash === null ? plan.changes : { ...plan.changes, passwordHash },
    images,
    now,
  });
  return {
    user: serializeUser(record, viewOptions(deps, now)),
    tokens: pair === null ? null : { refresh: pair.refresh, access: pair.access },
  };
}

/** The parsed body, or its issues, to be reported along with the other parts'. */
function parseChanges(changes: unknown): {
  patch: ProfileUpdateInput | null;
  issues: readonly ValidationIssue[];
} {
  try {
    return { patch: parseInput(profileUpdateSchema, changes), issues: [] };
  } catch (error) {
    if (error instanceof ValidationError) return { patch: null, issues: error.issues };
    throw error;
  }
}

/** The issues of every uploaded file, each under its form field. */
function uploadIssues(images: ProfileImageChanges, maxBytes: number): ValidationIssue[] {
  return IMAGE_KINDS.flatMap((kind) => {
    const file = images[kind];
    if (file === undefined || file === null) return [];
    const path = [IMAGE_FORM_FIELD[kind]];
    return imageIssues(file, maxBytes).map((issue) => ({ ...issue, path }));
  });
}

async function policyIssues(
  deps: AccountsDeps,
  password: string,
  context: { readonly username: string; readonly email: string },
): Promise<readonly ValidationIssue[]> {
  try {
    await deps.checkPassword(password, context);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
}

/**
 * Verify `current_password` (the schema made it present) and hash the new password, both
 * outside the transaction: the transaction may be retried, and holds no hashing.
 * @throws BadRequestError `INVALID_CURRENT_PASSWORD`.
 */
async function verifyAndHash(
  deps: AccountsDeps,
  user: UserRecord,
  currentPassword: string | undefined,
  newPassword: string,
): Promise<string> {
  const check = await deps.passwords.verify(currentPassword ?? '', user.passwordHash);
  if (!check.valid) throw invalidCurrentPassword();
  return deps.passwords.hash(newPassword);
}
