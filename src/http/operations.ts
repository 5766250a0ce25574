/**
 * Every route of the API and the service call behind each method. Bodies are handed to the
 * service as received (it validates them); what happens here is only the translation between
 * the Django app's HTTP shapes and the service's inputs and results.
 */

import * as z from 'zod';
import {
  loginSchema,
  profileUpdateSchema,
  refreshTokenSchema,
  signUpSchema,
} from '../core/input-schemas.js';
import { ValidationError } from '../errors/errors.js';
import { verifyTokenSchema } from '../services/inputs.js';
import type {
  LoginRequest,
  ProfileImageChanges,
  RefreshRequest,
  RegisterRequest,
  UpdateProfileRequest,
  VerifyTokenRequest,
} from '../services/requests.js';
import { HttpError } from './http-error.js';
import {
  emptySchema,
  followEdgeSchema,
  jwksSchema,
  profileAnswerSchema,
  rotatedPairSchema,
  sessionListSchema,
  signUpAnswerSchema,
  toggleFollowSchema,
  tokenPairSchema,
  userDetailSchema,
  userPageSchema,
  userSchema,
} from './openapi/response-schemas.js';
import { actor, body, caller } from './operation-context.js';
import { resetOperations } from './reset-operations.js';
import type { Operation } from './route.js';
import { verificationOperations } from './verification-operations.js';

/**
 * The body of a profile update as documented: the service's fields, and `null` for an image
 * to clear it (files come as multipart parts of the same names).
 */
const profileBodySchema = z.strictObject({
  ...profileUpdateSchema.shape,
  profile_pic: z.null().optional(),
  cover_image: z.null().optional(),
});

/** Form fields holding images, and the image each one is in the service's terms. */
const IMAGE_FIELDS = { profile_pic: 'profile', cover_image: 'cover' } as const;

type ImageField = keyof typeof IMAGE_FIELDS;

/** The images of one update, filled as the body is read. */
type ImageChanges = { -readonly [K in keyof ProfileImageChanges]: ProfileImageChanges[K] };

const isImageField = (name: string): name is ImageField => Object.hasOwn(IMAGE_FIELDS, name);

const signUp: Operation = {
  doc: {
    summary: 'Sign up',
    body: signUpSchema,
    status: 201,
    answer: signUpAnswerSchema,
    errors: [409, 429],
  },
  auth: 'none',
  body: 'json',
  tokens: true,
  async run(context) {
    const { user, tokens } = await context.accounts.register(
      body(context) as RegisterRequest,
      caller(context),
    );
    // Django's sign-up answer: the name and email, then the pair.
    return {
      status: 201,
      body: {
        username: user.username,
        email: user.email,
        tokens: { refresh: tokens.refresh, access: tokens.access },
      },
    };
  },
};

const login: Operation = {
  doc: {
    summary: 'Log in',
    body: loginSchema,
    status: 200,
    answer: tokenPairSchema,
    errors: [401, 429],
  },
  auth: 'none',
  body: 'json',
  tokens: true,
  async run(context) {
    const pair = await context.accounts.login(body(context) as LoginRequest, caller(context));
    return { body: { refresh: pair.refresh, access: pair.access } };
  },
};

const refresh: Operation = {
  doc: {
    summary: 'Exchange a refresh token for a new pair',
    body: refreshTokenSchema,
    status: 200,
    answer: rotatedPairSchema,
    errors: [401, 429],
  },
  auth: 'none',
  body: 'json',
  tokens: true,
  async run(context) {
    const pair = await context.accounts.refresh(body(context) as RefreshRequest, caller(context));
    // SimpleJWT's refresh view answers access first.
    return { body: { access: pair.access, refresh: pair.refresh } };
  },
};

const verify: Operation = {
  doc: {
    summary: 'Check a token',
    body: verifyTokenSchema,
    status: 200,
    answer: emptySchema,
    errors: [401],
  },
  auth: 'none',
  body: 'json',
  async run(context) {
    await context.accounts.verifyToken(body(context) as VerifyTokenRequest);
    return { body: {} };
  },
};

const logout: Operation = {
  doc: {
    summary: 'Log out: revoke a refresh token',
    body: refreshTokenSchema,
    status: 200,
    answer: emptySchema,
    errors: [401],
  },
  auth: 'none',
  body: 'json',
  async run(context) {
    await context.accounts.logout(body(context) as RefreshRequest);
    return { body: {} };
  },
};

const sessionList: Operation = {
  doc: {
    summary: "The caller's sessions (signed-in devices), newest first",
    status: 200,
    answer: sessionListSchema,
    errors: [401],
  },
  auth: 'required',
  body: 'none',
  async run(context) {
    const sessions = await context.accounts.listSessions({
      userId: actor(context),
      currentSession: context.session?.sessionId ?? null,
    });
    return {
      body: sessions.map((session) => ({
        id: session.id,
        began_at: session.beganAt.toISOString(),
        last_refreshed_at: session.lastRefreshedAt?.toISOString() ?? null,
        expires_at: session.expiresAt.toISOString(),
        user_agent: session.userAgent,
        address: session.address,
        current: session.current,
      })),
    };
  },
};

const endSession: Operation = {
  doc: {
    summary: "End one of the caller's sessions: its refresh token is refused from now on",
    status: 200,
    answer: emptySchema,
    errors: [401],
  },
  auth: 'required',
  body: 'none',
  async run(context) {
    await context.accounts.endSession({
      userId: actor(context),
      sessionId: context.request.params.session as string,
    });
    return { body: {} };
  },
};

const me: Operation = {
  doc: { summary: 'The caller', status: 200, answer: userSchema, errors: [401] },
  // One read of the caller's row serves both the token check and the answer.
  auth: 'required',
  checksToken: true,
  body: 'none',
  async run({ accounts, accessToken }) {
    return { body: await accounts.getMe({ accessToken: accessToken as string }) };
  },
};

/**
 * `info/` and `profile/update/` (PUT or PATCH): JSON or multipart text fields are the changes;
 * `"profile_pic": null` / `"cover_image": null` clear an image, as in Django; multipart files
 * named `profile_pic` / `cover_image` are uploaded. All of it is one service call: every part
 * is checked before anything is written, and either all of it is applied or none.
 */
const updateOwnProfile: Operation = {
  doc: {
    summary: 'Update the caller: fields, images, password',
    body: profileBodySchema,
    multipart: true,
    status: 200,
    answer: profileAnswerSchema,
    errors: [401, 409, 413, 415],
  },
  auth: 'required',
  body: 'json-or-multipart',
  async run(context) {
    const { accounts, request } = context;
    const { fields, files } =
      request.readMultipart === null
        ? { fields: body(context), files: [] }
        : await request.readMultipart();
    const { changes, images } = splitImages(fields);
    for (const file of files) {
      if (!isImageField(file.field)) {
        throw new ValidationError([
          { path: [file.field], code: 'UNKNOWN_FIELD', message: 'Unknown field.' },
        ]);
      }
      images[IMAGE_FIELDS[file.field]] = { filename: file.filename, bytes: file.bytes };
    }
    const { user, tokens } = await accounts.updateProfile({
      userId: actor(context),
      changes: changes as UpdateProfileRequest['changes'],
      images,
    });
    // After a password change every earlier token is revoked: the client needs the new pair.
    return { body: tokens === null ? user : { ...user, tokens } };
  },
};

/**
 * `"profile_pic": null` and `"cover_image": null` clear an image, as in Django; everything else
 * goes to `updateProfile` as sent (a body that is not an object too: the service refuses it).
 */
function splitImages(fields: unknown): { changes: unknown; images: ImageChanges } {
  const images: ImageChanges = {};
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    return { changes: fields, images };
  }
  const changes: Record<string, unknown> = { ...fields };
  for (const field of Object.keys(IMAGE_FIELDS) as ImageField[]) {
    if (Object.hasOwn(changes, field) && changes[field] === null) {
      images[IMAGE_FIELDS[field]] = null;
      delete changes[field];
    }
  }
  return { changes, images };
}

const userDetail: Operation = {
  doc: {
    summary: 'A user, and whether the caller follows them',
    status: 200,
    answer: userDetailSchema,
    errors: [401],
  },
  auth: 'optional',
  // One read serves the token check, the user and the edge.
  checksToken: true,
  body: 'none',
  async run({ accounts, request, accessToken }) {
    const id = request.params.id!;
    const answer =
      accessToken === null
        ? accounts.getUserDetail({ viewerId: null, id })
        : accounts.getUserDetail({ accessToken, id });
    return { body: await answer };
  },
};

/**
 * `<id>/followers/` and `<id>/following/` in DRF's page shape `{count, next, previous,
 * results}`. Pages are keyset cursors: `next` carries `?cursor=`, `previous` is always `null`.
 */
function followList(kind: 'followers' | 'following'): Operation {
  return {
    doc: {
      summary: kind === 'followers' ? 'Who follows a user' : 'Whom a user follows',
      status: 200,
      answer: userPageSchema,
      errors: [401],
    },
    auth: 'optional',
    body: 'none',
    async run(context) {
      const { accounts, request, options } = context;
      const id = request.params.id!;
      const query = pageQuery(new URLSearchParams(request.query));
      const list = kind === 'followers' ? accounts.listFollowers : accounts.listFollowing;
      const [page, owner] = await Promise.all([
        list({ id, ...query }),
        accounts.getUserDetail({ id }),
      ]);
      const next =
        page.nextCursor === null
          ? null
          : `${options.publicUrl}${request.path}?${new URLSearchParams({
              ...(query.limit === undefined ? {} : { limit: String(query.limit) }),
              cursor: page.nextCursor,
            })}`;
      return { body: { count: owner[kind], next, previous: null, results: page.users } };
    },
  };
}

/** `cursor` and `limit` only: a page number (`?page=2`) would silently repeat page one. */
function pageQuery(query: URLSearchParams): { cursor?: string; limit?: number } {
  const result: { cursor?: string; limit?: number } = {};
  for (const [key, value] of query) {
    if (key === 'cursor') result.cursor = value;
    else if (key === 'limit')
      result.limit = /^[0-9]{1,3}$/.test(value) ? Number(value) : Number.NaN;
    else {
      throw new ValidationError([
        {
          path: [],
          code: 'UNKNOWN_FIELD',
          message: 'Only the cursor and limit query parameters are accepted; follow "next".',
        },
      ]);
    }
  }
  return result;
}

const toggleFollow: Operation = {
  doc: {
    summary: 'Follow, or unfollow when already following',
    status: 200,
    answer: toggleFollowSchema,
    errors: [401],
  },
  auth: 'required',
  body: 'none',
  async run(context) {
    const input = { userId: actor(context), targetId: context.request.params.id! };
    return { body: await context.accounts.toggleFollow(input) };
  },
};

function followEdge(action: 'follow' | 'unfollow'): Operation {
  return {
    doc: {
      summary: action === 'follow' ? 'Follow (idempotent)' : 'Unfollow (idempotent)',
      status: 200,
      answer: followEdgeSchema,
      errors: [401],
    },
    auth: 'required',
    body: 'none',
    async run(context) {
      const input = { userId: actor(context), targetId: context.request.params.id! };
      return { body: await context.accounts[action](input) };
    },
  };
}

const jwks: Operation = {
  doc: {
    summary: 'The public keys that verify access tokens',
    status: 200,
    answer: jwksSchema,
    errors: [],
  },
  auth: 'none',
  body: 'none',
  async run(context) {
    const document = await context.accounts.jwks();
    // HMAC keys are secret: there is nothing to publish.
    if (document === null) throw new HttpError('NOT_FOUND', 'Not found.');
    return { body: document };
  },
};

/** @internal Paths relative to `/api/accounts/` unless absolute; methods in upper case. */
export const operations: Readonly<Record<string, Readonly<Record<string, Operation>>>> = {
  'signup/': { POST: signUp },
  'token/': { POST: login },
  'token/refresh/': { POST: refresh },
  'token/verify/': { POST: verify },
  'token/blacklist/': { POST: logout },
  // The Django app mounted the blacklist view here; kept so its clients keep working.
  'api/token/blacklist/': { POST: logout },
  'info/': { GET: me, PUT: updateOwnProfile, PATCH: updateOwnProfile },
  'profile/update/': { PUT: updateOwnProfile, PATCH: updateOwnProfile },
  ':id/info/': { GET: userDetail },
  ':id/followers/': { GET: followList('followers') },
  ':id/following/': { GET: followList('following') },
  'follow_unfollow/:id/': { POST: toggleFollow },
  ':id/follow/': { PUT: followEdge('follow'), DELETE: followEdge('unfollow') },
  'sessions/': { GET: sessionList },
  'sessions/:session/': { DELETE: endSession },
  '/.well-known/jwks.json': { GET: jwks },
  ...resetOperations,
  ...verificationOperations,
};
