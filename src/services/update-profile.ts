import { parseInput, parseInputFields, profileUpdateSchema } from '../core/input-schemas.js';
import { planProfileUpdate } from '../core/password-update.js';
import { serializeUser } from '../core/user-serializer.js';
import { ValidationError, type ValidationIssue } from '../errors/errors.js';
import { emitEvents } from '../events/emit-events.js';
import { requestDetails } from '../events/request-details.js';
import type { UserRecord } from '../storage/storage.js';
import type { AccountsDeps } from './deps.js';
import { fieldRuleIssues } from './field-rules.js';
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
 * The acting user is loaded first. Then every part is judged before anything is written, and
 * every issue of every part comes in one `ValidationError`, in this order: the body's schema
 * (every field), the opt-in username rules on a new name and the password policy on a new
 * password (each whenever its own field is valid, as Django REST Framework ran each field's
 * validators), then each image (name, emptiness, size, extension, magic bytes; reported at
 * `profile_pic` / `cover_image`, the Django form's field names). Then `current_password` is
 * verified and the new password hashed. Then
 * the new files are stored and one transaction writes everything (see `writeProfile`); if
 * anything fails, nothing changed and no new file is left behind.
 *
 * A password change compare-and-swaps the verified hash, bumps the token version (every
 * earlier access token stops working), revokes every refresh token, and records a fresh pair
 * for this client, then emits `passwordChanged` and `allSessionsEnded` (reason
 * `password_changed`) after the commit. A rename also returns a fresh pair, since the claims
 * carry the name.
 *
 * @throws ValidationError `VALIDATION_FAILED`: schema issues (`READ_ONLY_FIELD`,
 *   `UNKNOWN_FIELD`, `USERNAME_INVALID`, `EMAIL_INVALID`, `REQUIRED` for a blank field or a
 *   missing `current_password`...), `USERNAME_MIXED_SCRIPTS` when that rule is on, password
 *   policy issues (`PASSWORD_TOO_SHORT`, ...) and image issues (`IMAGE_NAME_MISSING`,
 *   `IMAGE_EMPTY`, `IMAGE_TOO_LARGE`, `INVALID_IMAGE_EXTENSION`, `INVALID_IMAGE_CONTENT`).
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
  const now = deps.clock.now();
  const user = await loadActor(deps.storage, userId);
  const body = parseInputFields(profileUpdateSchema, changes === undefined ? {} : changes);
  const fields = body.ok ? body.value : body.validFields;
  const ruleIssues = await fieldRuleIssues(deps, {
    newUsername: fields.username === user.username ? undefined : fields.username,
    newPassword: fields.password,
    // The password must not resemble the name and email the account will have.
    attributes: { username: fields.username ?? user.username, email: fields.email ?? user.email },
  });
  const fileIssues = uploadIssues(images, deps.settings.maxImageBytes);
  if (!body.ok || ruleIssues.length > 0 || fileIssues.length > 0) {
    throw new ValidationError([...(body.ok ? [] : body.issues), ...ruleIssues, ...fileIssues]);
  }
  const plan = planProfileUpdate(user, body.value);
  const passwordHash =
    plan.newPassword === null
      ? null
      : await verifyAndHash(deps, user, body.value.current_password, plan.newPassword);
  const { user: record, pair } = await writeProfile(deps, {
    user,
    patch: passwordHash === null ? plan.changes : { ...plan.changes, passwordHash },
    images,
    now,
  });
  const result = {
    user: serializeUser(record, viewOptions(deps, now)),
    tokens: pair === null ? null : { refresh: pair.refresh, access: pair.access },
  };
  if (passwordHash !== null) {
    const about = { at: now, userId, ...requestDetails() };
    await emitEvents(
      deps,
      { type: 'passwordChanged', ...about },
      { type: 'allSessionsEnded', ...about, reason: 'password_changed' },
    );
  }
  return result;
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
