/**
 * The shapes of the API's answers, as zod schemas, for the OpenAPI document. Field order is the
 * order the answers use (Django's).
 */
import * as z from 'zod';
import { ACCOUNTS_ERROR_CODES } from '../../errors/codes.js';
import { HTTP_ERROR_CODES } from '../http-error.js';

const imageUrl = z
  .string()
  .nullable()
  .describe('URL of the image (relative `/media/...` unless a public URL is configured)');

/** The user object (`UserSerializer`). */
export const userSchema = z.strictObject({
  id: z.int().positive(),
  username: z.string(),
  date_joined: z.string().describe("Human-readable, as Django's `naturaltime`"),
  email: z.string(),
  profile_pic: imageUrl,
  following: z.int().nonnegative(),
  followers: z.int().nonnegative(),
  cover_image: imageUrl,
});

/** Another user as the caller sees them. */
export const userDetailSchema = z.strictObject({
  ...userSchema.shape,
  is_following: z.boolean(),
});

const pairFields = {
  refresh: z.string().describe('Refresh token (JWT)'),
  access: z.string().describe('Access token (JWT)'),
};

/** A token pair, refresh first (`token/`). */
export const tokenPairSchema = z.strictObject(pairFields);

/** A token pair, access first (`token/refresh/`, as SimpleJWT's refresh view). */
export const rotatedPairSchema = z.strictObject({
  access: pairFields.access,
  refresh: pairFields.refresh,
});

/** The sign-up answer. */
export const signUpAnswerSchema = z.strictObject({
  username: z.string(),
  email: z.string(),
  tokens: tokenPairSchema,
});

/** A profile update's answer: the user, and a fresh pair after a password change or rename. */
export const profileAnswerSchema = z.strictObject({
  ...userSchema.shape,
  tokens: tokenPairSchema.optional(),
});

/** `follow_unfollow/<id>/`. */
export const toggleFollowSchema = z.strictObject({
  username: z.string(),
  email: z.string(),
  followed: z.boolean(),
  followers: z.int().nonnegative(),
});

/** `<id>/follow/`. */
export const followEdgeSchema = z.strictObject({
  following: z.boolean(),
  changed: z.boolean(),
  followers: z.int().nonnegative(),
});

/** A page of a follow list, in DRF's page shape. */
export const userPageSchema = z.strictObject({
  count: z.int().nonnegative(),
  next: z.string().nullable().describe('The next page (keyset cursor), or null'),
  previous: z.null(),
  results: z.array(userSchema),
});

/** One signed-in device of `sessions/`; instants in ISO 8601 (UTC). */
export const sessionSchema = z.strictObject({
  id: z.string().describe('The session id, for DELETE sessions/<id>/'),
  began_at: z.iso.datetime(),
  last_refreshed_at: z.iso.datetime().nullable().describe('null when never refreshed'),
  expires_at: z.iso.datetime().describe('When it lapses unless refreshed before'),
  user_agent: z.string().nullable(),
  address: z.string().nullable().describe('Whole, truncated or hashed, as configured'),
  current: z.boolean().describe("True for the session of the request's access token"),
});

/** `sessions/`: the caller's sessions, newest first. */
export const sessionListSchema = z.array(sessionSchema);

/** The empty object some answers carry. */
export const emptySchema = z.strictObject({});

/** A JSON Web Key Set. */
export const jwksSchema = z.strictObject({ keys: z.array(z.record(z.string(), z.unknown())) });

/** An error in accountkit's style; `fields` lists validation issues per field. */
const accountkitErrorSchema = z.strictObject({
  code: z.enum([...ACCOUNTS_ERROR_CODES, ...HTTP_ERROR_CODES]),
  message: z.string(),
  fields: z
    .record(z.string(), z.array(z.strictObject({ code: z.string(), message: z.string() })))
    .optional(),
});

/**
 * An error in Django REST Framework's style: `{detail, code?}`, the follow view's `{message}`,
 * or message lists per field.
 */
const drfErrorSchema = z.union([
  z.strictObject({ detail: z.string(), code: z.string().optional() }),
  z.strictObject({ message: z.string() }),
  z.record(z.string(), z.array(z.string())),
]);

/** Any error answer, in either style. */
export const errorSchema = z.union([accountkitErrorSchema, drfErrorSchema]);

/** dj-rest-auth's answer to a reset request or confirmation: one sentence in `detail`. */
export const detailSchema = z.strictObject({ detail: z.string() });
