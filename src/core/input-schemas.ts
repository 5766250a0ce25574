/**
 * zod schemas for every input a service accepts, shared by services and HTTP adapters, and
 * {@link parseInput}, which turns every zod failure into a {@link ValidationError}.
 *
 * All object schemas are strict: an unknown key is an error, never silently dropped or stored
 * (mass assignment; see docs/security.md, C-09 and D-02). Usernames and emails are trimmed as
 * DRF's `CharField` does; passwords are taken exactly as sent (no normalisation; see
 * docs/security.md, Decisions), and their content rules belong to the password policy.
 */
import * as z from 'zod';
import { VALIDATION_ISSUE_CODES, type ValidationIssueCode } from '../errors/codes.js';
import { ValidationError, type ValidationIssue } from '../errors/errors.js';
import { normalizeUsername } from './username.js';

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

const KNOWN_ISSUE_CODES: ReadonlySet<string> = new Set(VALIDATION_ISSUE_CODES);

/** Root schemas whose unknown keys are partly read-only fields rather than unknown ones. */
const readOnlyKeysBySchema = new WeakMap<z.ZodType, ReadonlySet<string>>();

const usernameField = z.string().transform((raw, ctx) => {
  const result = normalizeUsername(raw.trim());
  if (result.ok) return result.username;
  ctx.issues.push({
    code: 'custom',
    input: raw,
    message:
      result.problem === 'USERNAME_TOO_LONG'
        ? 'Ensure this field has no more than 150 characters.'
        : 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
    params: { code: result.problem },
  });
  return z.NEVER;
});

const emailField = z.string().transform((raw, ctx) => {
  const email = raw.trim();
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

/**
 * A user id: a positive safe integer, or its decimal string as found in a URL (`/users/7/`).
 * Anything else (`"5/../6"`, `NaN`, `-1`, `1.5`) is issue `INVALID_ID`.
 */
export const userIdSchema = z.unknown().transform((raw, ctx) => {
  const id =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && /^[0-9]{1,16}$/.test(raw)
        ? Number(raw)
        : Number.NaN;
  if (Number.isSafeInteger(id) && id > 0) return id;
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
      message: 'This field may not be blank.',
      params: { code: 'REQUIRED' },
    });
  });
}

/** Sign-up body: `{ username, email?, password }`. The username comes out NFKC-normalised. */
export const signUpSchema = z.strictObject({
  username: usernameField,
  email: emailField.optional(),
  password: z.string(),
});

/** Login body: `{ username, password }`, taken as sent; the service looks the name up. */
export const loginSchema = z.strictObject({
  username: nonBlank(z.string().trim()),
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
    password: z.string().optional(),
    current_password: z.string().optional(),
  })
  .superRefine((patch, ctx) => {
    if (patch.password !== undefined && patch.current_password === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['current_password'],
        message: 'The current password is required to set a new one.',
        params: { code: 'REQUIRED' },
      });
    }
  });
readOnlyKeysBySchema.set(profileUpdateSchema, new Set(READ_ONLY_USER_FIELDS));

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

/**
 * Parse `raw` with `schema`. Returns the parsed value or throws one `ValidationError` listing
 * every problem with its field path; zod's own errors never escape.
 *
 * Issue codes: a missing field is `REQUIRED`, a wrong JSON type `INVALID_TYPE`, an unexpected
 * key `UNKNOWN_FIELD` (or `READ_ONLY_FIELD` on a profile update), plus the rule codes of the
 * fields (`USERNAME_INVALID`, `USERNAME_TOO_LONG`, `EMAIL_INVALID`, `INVALID_ID`).
 *
 * @throws ValidationError `VALIDATION_FAILED` with the issues above.
 * @example
 * ```ts
 * const input = parseInput(signUpSchema, await request.json());
 * // throws for { username: 'alice', password: 'x', is_staff: true }:
 * // issues [{ path: ['is_staff'], code: 'UNKNOWN_FIELD', ... }]
 * ```
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const readOnly = readOnlyKeysBySchema.get(schema) ?? new Set<string>();
  throw new ValidationError(result.error.issues.flatMap((issue) => toIssues(issue, raw, readOnly)));
}

function toIssues(
  issue: z.core.$ZodIssue,
  raw: unknown,
  readOnly: ReadonlySet<string>,
): ValidationIssue[] {
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        readOnly.has(key)
          ? { path: [...path, key], code: 'READ_ONLY_FIELD', message: 'This field is read-only.' }
          : { path: [...path, key], code: 'UNKNOWN_FIELD', message: 'Unknown field.' },
      );
    case 'invalid_type':
      return [
        isPresent(raw, path)
          ? { path, code: 'INVALID_TYPE', message: `Expected ${issue.expected}.` }
          : { path, code: 'REQUIRED', message: 'This field is required.' },
      ];
    case 'custom':
      return [{ path, code: customCode(issue.params), message: issue.message }];
    case 'too_big':
      return [{ path, code: 'TOO_LONG', message: issue.message }];
    default:
      return [{ path, code: 'INVALID_VALUE', message: issue.message }];
  }
}

function customCode(params: Record<string, unknown> | undefined): ValidationIssueCode {
  const code = params?.code;
  return typeof code === 'string' && KNOWN_ISSUE_CODES.has(code)
    ? (code as ValidationIssueCode)
    : 'INVALID_VALUE';
}

/** Whether the value at `path` was sent at all (JSON has no `undefined`). */
function isPresent(raw: unknown, path: readonly (string | number)[]): boolean {
  let node = raw;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node !== undefined;
}
