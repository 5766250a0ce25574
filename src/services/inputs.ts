/**
 * Envelopes of the service inputs, built from the core's field schemas: who acts (from the
 * caller's authentication) and what the operation is about. Request bodies inside them are
 * parsed separately with the core's body schemas, so issue paths stay relative to the body.
 * @internal
 */
import * as z from 'zod';
import { userIdSchema } from '../core/input-schemas.js';
import { sessionIdSchema } from '../core/session-id.js';

/** Largest page of a follow list (the storage contract's limit). */
export const MAX_PAGE_SIZE = 100;

/** `{ userId }`: the authenticated user acting on their own account. */
export const actorSchema = z.strictObject({ userId: userIdSchema });

/** `{ accessToken }`: a caller the service authenticates itself. */
export const accessTokenSchema = z.strictObject({ accessToken: z.string() });

/** `{ userId, targetId }`: the authenticated user acting on another user. */
export const actorTargetSchema = z.strictObject({ userId: userIdSchema, targetId: userIdSchema });

/** `{ filename, bytes }`: an uploaded file, before any image check. */
const imageFileShape = {
  filename: z.string().max(1024),
  bytes: z.instanceof(Uint8Array),
};

/** A file replaces the image, `null` removes it, absent leaves it. */
const imageChangeSchema = z.strictObject(imageFileShape).nullable().optional();

/**
 * `{ userId, changes?, images? }`: a profile update; `changes` is the request body, parsed
 * separately so its issue paths stay relative to the body.
 */
export const profileUpdateEnvelopeSchema = z.strictObject({
  userId: userIdSchema,
  changes: z.unknown().optional(),
  images: z.strictObject({ profile: imageChangeSchema, cover: imageChangeSchema }).optional(),
});

/** `{ userId, filename, bytes }`: an image upload. */
export const imageUploadSchema = z.strictObject({ userId: userIdSchema, ...imageFileShape });

/** `{ viewerId?, id }`: a profile looked at by a user or (viewer `null`) anonymously. */
export const userDetailSchema = z.strictObject({
  viewerId: z.null().or(userIdSchema).optional(),
  id: userIdSchema,
});

/** `{ accessToken, id }`: a user, as seen by the caller the service authenticates itself. */
export const userDetailByTokenSchema = z.strictObject({
  accessToken: z.string(),
  id: userIdSchema,
});

/** `{ id, limit?, cursor? }`: one page of a follow list. */
export const followListSchema = z.strictObject({
  id: userIdSchema,
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  cursor: z.string().max(32).optional(),
});

/** `{ token }`: any token to check, as SimpleJWT's verify endpoint takes it. */
export const verifyTokenSchema = z.strictObject({ token: z.string() });

/** `{ userId, password }`: deleting one's account, confirmed with the current password. */
export const deleteAccountSchema = z.strictObject({ userId: userIdSchema, password: z.string() });

/** Longest user agent an event carries and a session records. @internal */
export const MAX_USER_AGENT_LENGTH = 512;

/**
 * A user agent cut to `MAX_USER_AGENT_LENGTH` code units, never refused: the client chose it,
 * and an odd header must not fail a login. A cut through a surrogate pair drops its first half.
 */
const userAgentField = z.string().transform((agent) => {
  const cut = agent.slice(0, MAX_USER_AGENT_LENGTH);
  return /[\uD800-\uDBFF]$/.test(cut) && agent.length > cut.length ? cut.slice(0, -1) : cut;
});

/** `{ address?, userAgent? }`: what the transport knows about a call (rate limits, events). */
export const requestContextSchema = z.strictObject({
  address: z.string().max(256).optional(),
  userAgent: userAgentField.optional(),
});

/** `{ userId, currentRefresh?, currentSession? }`: the sessions of a user, the caller's marked. */
export const listSessionsSchema = z.strictObject({
  userId: userIdSchema,
  currentRefresh: z.string().optional(),
  currentSession: z.null().or(sessionIdSchema).optional(),
});

/** `{ userId, sessionId }`: one of the user's own sessions. */
export const endSessionSchema = z.strictObject({
  userId: userIdSchema,
  sessionId: sessionIdSchema,
});
