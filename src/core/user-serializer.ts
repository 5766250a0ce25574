/**
 * The public view of a user: Django's `UserSerializer` fields in Django's order. The password
 * hash, the username key, the token version and the active flag never appear in it.
 */
import type { Locale } from 'date-fns';
import type { UserRecord } from '../storage/storage.js';
import { type DateStyle, formatRelativeDate } from './natural-time.js';
import { mediaUrl } from './upload-paths.js';

/** The cover every Django user had until they uploaded one (the model field's default). */
export const DEFAULT_COVER_IMAGE_PATH = 'images/cover/coverphoto.jpg';

/** A user as the API shows it. Key order is Django's. */
export interface SerializedUser {
  readonly id: number;
  readonly username: string;
  /** `date_joined` as text relative to "now", e.g. `3\u00a0days, 2\u00a0hours ago`. */
  readonly date_joined: string;
  readonly email: string;
  /** URL of the profile image, or `null`. */
  readonly profile_pic: string | null;
  /** How many users this user follows. */
  readonly following: number;
  /** How many users follow this user. */
  readonly followers: number;
  /** URL of the cover image, or `null`. */
  readonly cover_image: string | null;
}

/** {@link SerializedUser} plus whether the viewer follows this user (`<id>/info/`). */
export interface SerializedUserDetail extends SerializedUser {
  readonly is_following: boolean;
}

/** How image paths become URLs. */
export interface MediaOptions {
  /**
   * Media base URL. Omitted: relative `/media/...` URLs (Django without a request). HTTP
   * answers pass the absolute base, e.g. `http://testserver/media/`, as Django did from the
   * request's host.
   */
  readonly baseUrl?: string;
  /**
   * Stored path shown when a user has no cover image; {@link DEFAULT_COVER_IMAGE_PATH} by
   * default, `null` to show `null`.
   */
  readonly defaultCoverImage?: string | null;
}

/** Options of {@link serializeUser}. */
export interface SerializeUserOptions {
  /** The instant `date_joined` is relative to; read once per request from the clock. */
  readonly now: Date;
  /** `naturaltime` by default. */
  readonly dateStyle?: DateStyle;
  /** date-fns locale of the `distance` style. */
  readonly locale?: Locale;
  readonly media?: MediaOptions;
}

/** The record fields the serializer reads. */
export type SerializableUser = Pick<
  UserRecord,
  | 'id'
  | 'username'
  | 'dateJoined'
  | 'email'
  | 'profilePic'
  | 'coverImage'
  | 'followersCount'
  | 'followingCount'
>;

/**
 * Serialize a user as Django's `UserSerializer` does: `id, username, date_joined, email,
 * profile_pic, following, followers, cover_image`.
 *
 * @throws ValidationError `VALIDATION_FAILED` with issue `INVALID_VALUE` when a stored image
 *   path cannot be a media URL (see {@link mediaUrl}).
 * @throws RangeError when `now` or `dateJoined` is an invalid date.
 * @example
 * ```ts
 * serializeUser(alice, { now: new Date('2024-07-11T12:00:00Z') });
 * // { id: 2, username: 'alice', date_joined: '3\u00a0days, 2\u00a0hours ago',
 * //   email: 'alice@example.test', profile_pic: '/media/images/profile/alice_2/0f34....jpg',
 * //   following: 2, followers: 2, cover_image: '/media/images/cover/coverphoto.jpg' }
 * ```
 */
export function serializeUser(
  user: SerializableUser,
  options: SerializeUserOptions,
): SerializedUser {
  const media = options.media ?? {};
  const urlOptions = media.baseUrl === undefined ? {} : { baseUrl: media.baseUrl };
  const cover =
    user.coverImage ??
    (media.defaultCoverImage === undefined ? DEFAULT_COVER_IMAGE_PATH : media.defaultCoverImage);
  return {
    id: user.id,
    username: user.username,
    date_joined: formatRelativeDate(user.dateJoined, options.now, {
      ...(options.dateStyle === undefined ? {} : { style: options.dateStyle }),
      ...(options.locale === undefined ? {} : { locale: options.locale }),
    }),
    email: user.email,
    profile_pic: user.profilePic === null ? null : mediaUrl(user.profilePic, urlOptions),
    following: user.followingCount,
    followers: user.followersCount,
    cover_image: cover === null ? null : coverUrl(cover, urlOptions),
  };
}

/** The last cover URL built: most users show the default cover, under one media base. */
let lastCover: { path: string; baseUrl: string | undefined; url: string } | null = null;

/** {@link mediaUrl} of a cover path, built once for the path every user without a cover shows. */
function coverUrl(path: string, options: { baseUrl?: string }): string {
  if (lastCover?.path === path && lastCover.baseUrl === options.baseUrl) return lastCover.url;
  const url = mediaUrl(path, options);
  lastCover = { path, baseUrl: options.baseUrl, url };
  return url;
}

/**
 * {@link serializeUser} with `is_following` appended last, as `<id>/info/` answers.
 *
 * @throws ValidationError `VALIDATION_FAILED`, as {@link serializeUser}.
 * @throws RangeError as {@link serializeUser}.
 * @example
 * ```ts
 * serializeUserDetail(celebrity, true, { now }); // { id: 1, ..., cover_image: '...', is_following: true }
 * ```
 */
export function serializeUserDetail(
  user: SerializableUser,
  isFollowing: boolean,
  options: SerializeUserOptions,
): SerializedUserDetail {
  return { ...serializeUser(user, options), is_following: isFollowing };
}
