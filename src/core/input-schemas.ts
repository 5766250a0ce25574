/**
 * zod schemas for every input a service accepts, shared by services and HTTP adapters. Parse
 * them with {@link parseInput} or {@link parseInputFields} (re-exported here from
 * `parse-input.ts`), which turn every zod failure into typed issues.
 *
 * All object schemas are strict: an unknown key is an error, never silently dropped or stored
 * (mass assignment; see docs/security.md, C-09 and D-02). Usernames and emails are trimmed of
 * the whitespace Python's `str.strip()` removes, as DRF's `CharField` did; passwords are taken
 * exactly as sent (no normalisation; see docs/security.md, Decisions), and their content rules
 * belong to the password policy. A blank text field is `REQUIRED`, with DRF's message.
 */
import * as z from 'zod';
import { declareReadOnlyKeys, isObject } from './parse-input.js';
import { stripPythonWhitespace } from './python-whitespace.js';
import { normalizeUsername } from './username.js';

export { type ParsedFields, parseInput, parseInputFields } from './parse-input.js';

/** Longest email, as Django's `EmailField`. */
export const EMAIL_MAX_LENGTH = 254;

/**
 * Keys of the user object (and of the storage record) that no input may set. On a profile
 * update they are reported as `READ_ONLY_FIELD`; images change through uploads, not JSON.
 */
export const READ_ONLY_USER_FIELDS: readonly string[] = Object.freeze([
  'id',
  'user_id',
  'date_joined',
  'following',
  'followers',
  'follower_count',
  'followers_count',
  'following_count',
  'is_following',
  'is_active',
  'is_staff',
  'is_superuser',
  'last_login',
  'groups',
  'user_permissions',
  'password_hash',
  'username_key',
  'token_version',
  'token_type',
  'profile_pic',
  'cover_image',
]);

const BLANK_MESSAGE = 'This field may not be blank.';

const usernameField = z.string().transform((raw, ctx) => {
  const stripped = stripPythonWhitespace(raw);
  const result = stripped === '' ? null : normalizeUsername(stripped);
  if (result?.ok) return result.username;
  ctx.issues.push({
    code: 'custom',
    input: raw,
    message:
      result === null
        ? BLANK_MESSAGE
        : result.problem === 'USERNAME_TOO_LONG'
          ? 'Ensure this field has no more than 150 characters.'
          : 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
    params: { code: result === null ? 'REQUIRED' : result.problem },
  });
  return z.NEVER;
});

const emailField = z.string().transform((raw, ctx) => {
  const email = stripPythonWhitespace(raw);
  // Length first: the pattern is only run on short strings.
  if (email === '' || (email.length <= EMAIL_MAX_LENGTH && z.regexes.email.test(email))) {
    return email;
  }
  ctx.issues.push({
    code: 'custom',
    input: raw,
    message: 'Enter a valid email address.',
    params: { code: 'EMAIL_INVALID' },
  });
  return z.NEVER;
});

const USER_ID_TEXT = /^[0-9]{1,16}$/;

/**
 * The id {@link userIdSchema} accepts, or `null` for what it refuses: the one definition, also
 * used where a service checks ids without a schema on its hot path.
 * @internal
 */
export function toUserId(raw: unknown): number | null {
  const id =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && USER_ID_TEXT.test(raw)
        ? Number(raw)
        : Number.NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * A user id: a positive safe integer, or its decimal string as found in a URL (`/users/7/`).
 * Anything else (`"5/../6"`, `NaN`, `-1`, `1.5`) is issue `INVALID_ID`.
 */
export const userIdSchema = z.unknown().transform((raw, ctx) => {
  const id = toUserId(raw);
  if (id !== null) return id;
  ctx.issues.push({
    code: 'custom',
    input: raw,
    message: raw === undefined ? 'This field is required.' : 'A valid id is a positive integer.',
    params: { code: raw === undefined ? 'REQUIRED' : 'INVALID_ID' },
  });
  return z.NEVER;
});

/** DRF's `CharField` refuses `""` (after trimming, where it trims) before anything else runs. */
function nonBlank<T extends z.ZodType<string, string>>(field: T) {
  return field.superRefine((value, ctx) => {
    if (value !== '') return;
    ctx.addIssue({
      code: 'custom',
      input: value,
      message: BLANK_MESSAGE,
      params: { code: 'REQUIRED' },
    });
  });
}

/** A new password: any string but `""`, as sent; the password policy judges the rest. */
const newPasswordField = nonBlank(z.string());

/** Sign-up body: `{ username, email?, password }`. The username comes out NFKC-normalised. */
export const signUpSchema = z.strictObject({
  username: usernameField,
  email: emailField.optional(),
  password: newPasswordField,
});

/**
 * Login body: `{ username, password }`. The username is trimmed as at sign-up, so a name typed
 * with surrounding spaces finds its account; the password is taken as sent.
 */
export const loginSchema = z.strictObject({
  username: nonBlank(z.string().overwrite(stripPythonWhitespace)),
  password: nonBlank(z.string()),
});

/** Refresh and logout body: `{ refresh }`. */
export const refreshTokenSchema = z.strictObject({
  refresh: z.string(),
});

/**
 * Profile update (PATCH) body: any of `username`, `email`, `password`; a `password` needs
 * `current_password`. Read-only user fields are issue `READ_ONLY_FIELD`.
 */
export const profileUpdateSchema = z
  .strictObject({
    username: usernameField.optional(),
    email: emailField.optional(),
    password: newPasswordField.optional(),
    current_password: z.string().optional(),
  })
  .superRefine(
    (patch, ctx) => {
      if (patch.password !== undefined && patch.current_password === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['current_password'],
          message: 'The current password is required to set a new one.',
          params: { code: 'REQUIRED' },
        });
      }
    },
    // zod skips a refinement once any field failed; this one reads only the two password
    // fields, so it runs whenever those are valid and its issue comes with every other field's.
    { when: (payload) => isObject(payload.value) && !payload.issues.some(isAboutPasswords) },
  );
declareReadOnlyKeys(profileUpdateSchema, READ_ONLY_USER_FIELDS);

/** Route parameters of `<id>/info/`, `<id>/followers/`, `follow_unfollow/<id>/`. */
export const userIdParamsSchema = z.strictObject({
  id: userIdSchema,
});

/** Parsed {@link signUpSchema}. */
export type SignUpInput = z.output<typeof signUpSchema>;
/** Parsed {@link loginSchema}. */
export type LoginInput = z.output<typeof loginSchema>;
/** Parsed {@link refreshTokenSchema}. */
export type RefreshTokenInput = z.output<typeof refreshTokenSchema>;
/** Parsed {@link profileUpdateSchema}. */
export type ProfileUpdateInput = z.output<typeof profileUpdateSchema>;
/** Parsed {@link userIdParamsSchema}. */
export type UserIdParams = z.output<typeof userIdParamsSchema>;

function isAboutPasswords(issue: { readonly path?: readonly PropertyKey[] | undefined }): boolean {
  const field = issue.path?.[0];
  return field === 'password' || field === 'current_password';
}
