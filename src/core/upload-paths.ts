/**
 * Storage paths for uploaded profile and cover images, in the Django layout
 * `{prefix}/{username}_{id}/{name}.{ext}`, and the media URL of a stored path.
 *
 * Unlike the original (`md5(str(time.time()))` and the extension as sent), the name is 128
 * random bits or the SHA-256 of the content, and the extension must be on an allow-list.
 */
import { ConfigurationError, ValidationError } from '../errors/errors.js';
import type { RandomSource } from '../platform/random.js';
import { type SubtleDigest, sha256Hex } from './content-hash.js';
import { bytesToHex } from './hex.js';
import { normalizeUsername } from './username.js';

/** Folder of profile images, relative to the media root (Django's `upload_to`). */
export const DEFAULT_PROFILE_IMAGE_PREFIX = 'images/profile';

/** Folder of cover images, relative to the media root. */
export const DEFAULT_COVER_IMAGE_PREFIX = 'images/cover';

/** Extensions accepted by default: raster formats browsers render and that cannot carry script. */
export const DEFAULT_IMAGE_EXTENSIONS: readonly string[] = Object.freeze([
  'jpg',
  'jpeg',
  'png',
  'gif',
  'webp',
]);

/** Django's `MEDIA_URL`: where stored paths are served, and what token claims carry. */
export const DEFAULT_MEDIA_BASE_URL = '/media/';

/**
 * Longest stored path, in characters: Django's `FileField` `max_length`, and so the width of
 * the `profile_pic` and `cover_image` columns (PostgreSQL and MySQL refuse longer values).
 */
export const MAX_IMAGE_PATH_LENGTH = 100;

/** 16 bytes = 128 bits, above uuid4's 122 (see docs/security.md, Upload paths). */
const RANDOM_NAME_BYTES = 16;
/** Hex digits of the random name and of the SHA-256 name. */
const RANDOM_NAME_LENGTH = RANDOM_NAME_BYTES * 2;
const CONTENT_NAME_LENGTH = 64;

const EXTENSION_PATTERN = /^[A-Za-z0-9]+$/;
const ALLOWED_EXTENSION_PATTERN = /^[a-z0-9]+$/;
const PREFIX_SEGMENT_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** Which image an upload is for. */
export type ImageKind = 'profile' | 'cover';

/** Whose image it is and the file name the client sent (only its extension is kept). */
export interface ImageUpload {
  /** The owner's username; must be a valid username (it becomes a folder name). */
  readonly username: string;
  /** The owner's id: a positive integer. */
  readonly id: number;
  /** The client's file name, e.g. `me.PNG`; any folders in it are ignored. */
  readonly filename: string;
}

/** Layout options shared by every naming strategy. */
export interface ImagePathLayout {
  /** Folder for this kind of image; defaults to `images/profile` or `images/cover`. */
  readonly prefix?: string;
  /** Lower-case ASCII extensions to accept; defaults to {@link DEFAULT_IMAGE_EXTENSIONS}. */
  readonly allowedExtensions?: readonly string[];
  /**
   * Longest path in characters; defaults to {@link MAX_IMAGE_PATH_LENGTH}. A path that would be
   * longer keeps fewer characters of the username in its folder (never fewer of the name, the
   * id or the extension), as a username of up to 150 characters would not fit otherwise.
   */
  readonly maxLength?: number;
}

/** Options of the random naming strategy. */
export interface RandomImagePathOptions extends ImagePathLayout {
  /** Where the 128 random bits of the name come from. */
  readonly random: RandomSource;
}

/** Options of the content-hash naming strategy. */
export interface ContentImagePathOptions extends ImagePathLayout {
  /** SHA-256 implementation; defaults to `globalThis.crypto.subtle`. */
  readonly subtle?: SubtleDigest;
}

/** Options of {@link mediaUrl}. */
export interface MediaUrlOptions {
  /**
   * Where the media root is served: relative (`/media/`, the default, as in token claims) or
   * absolute (`https://cdn.example/media/`, as in HTTP answers).
   */
  readonly baseUrl?: string;
}

/**
 * Build the storage path of a profile image with a random name.
 *
 * @returns `images/profile/{username}_{id}/{32 lowercase hex}.{ext}`
 * @throws ValidationError `VALIDATION_FAILED` with issue `INVALID_IMAGE_EXTENSION` (path
 *   `filename`), `INVALID_ID` (path `id`), or `USERNAME_INVALID`/`USERNAME_TOO_LONG` (path
 *   `username`).
 * @throws ConfigurationError `CONFIGURATION_ERROR` when `prefix` or `allowedExtensions` is unusable.
 * @example
 * ```ts
 * buildProfileImagePath({ username: 'alice', id: 7, filename: 'me.PNG' }, { random: systemRandom });
 * // 'images/profile/alice_7/3f9c0e1d2b4a59687766554433221100.png'
 * ```
 */
export function buildProfileImagePath(
  upload: ImageUpload,
  options: RandomImagePathOptions,
): string {
  return buildImagePath('profile', upload, options);
}

/**
 * Build the storage path of a cover image with a random name.
 *
 * @returns `images/cover/{username}_{id}/{32 lowercase hex}.{ext}`
 * @throws ValidationError `VALIDATION_FAILED`, as {@link buildProfileImagePath}.
 * @throws ConfigurationError `CONFIGURATION_ERROR`, as {@link buildProfileImagePath}.
 * @example
 * ```ts
 * buildCoverImagePath({ username: 'alice', id: 7, filename: 'beach.jpg' }, { random: systemRandom });
 * ```
 */
export function buildCoverImagePath(upload: ImageUpload, options: RandomImagePathOptions): string {
  return buildImagePath('cover', upload, options);
}

/**
 * Build the storage path of an image of `kind`, named by 128 bits from `options.random`.
 *
 * @throws ValidationError `VALIDATION_FAILED`, as {@link buildProfileImagePath}.
 * @throws ConfigurationError `CONFIGURATION_ERROR`, as {@link buildProfileImagePath}.
 */
export function buildImagePath(
  kind: ImageKind,
  upload: ImageUpload,
  options: RandomImagePathOptions,
): string {
  const folder = ownerFolder(kind, upload, options, RANDOM_NAME_LENGTH);
  const bytes = options.random.bytes(RANDOM_NAME_BYTES);
  if (bytes.length !== RANDOM_NAME_BYTES) {
    throw new TypeError(`RandomSource returned ${bytes.length} bytes, ${RANDOM_NAME_BYTES} asked`);
  }
  return `${folder.directory}/${bytesToHex(bytes)}.${folder.extension}`;
}

/**
 * Build the storage path of an image of `kind`, named by the SHA-256 of its content, so the
 * same file uploaded twice by one user lands on one path. Anyone holding the image can compute
 * the name: prefer {@link buildImagePath} when names should not be guessable.
 * Everything is validated before the content is hashed.
 *
 * @returns `{prefix}/{username}_{id}/{64 lowercase hex}.{ext}`
 * @throws ValidationError `VALIDATION_FAILED`, as {@link buildProfileImagePath}.
 * @throws ConfigurationError `CONFIGURATION_ERROR`, as {@link buildProfileImagePath}.
 * @example
 * ```ts
 * await buildContentImagePath('profile', { username: 'alice', id: 7, filename: 'me.png' }, bytes);
 * // 'images/profile/alice_7/<sha-256 hex>.png'
 * ```
 */
export async function buildContentImagePath(
  kind: ImageKind,
  upload: ImageUpload,
  content: Uint8Array,
  options: ContentImagePathOptions = {},
): Promise<string> {
  const folder = ownerFolder(kind, upload, options, CONTENT_NAME_LENGTH);
  const digest = await sha256Hex(content, options.subtle);
  return `${folder.directory}/${digest}.${folder.extension}`;
}

/**
 * The allowed extension of a client file name: the text after the last dot of the basename
 * (split on `/` and `\`), ASCII letters and digits only, lower-cased. A leading dot does not
 * start an extension (`.htaccess` has none), as in Python's `splitext`.
 *
 * @returns the lower-case extension, e.g. `png` for `../x.php.PNG`.
 * @throws ValidationError `VALIDATION_FAILED` with issue `INVALID_IMAGE_EXTENSION` (path
 *   `filename`) when there is none or it is not allowed.
 */
export function imageExtension(
  filename: string,
  allowedExtensions: readonly string[] = DEFAULT_IMAGE_EXTENSIONS,
): string {
  const allowed = checkAllowedExtensions(allowedExtensions);
  if (typeof filename !== 'string') throw invalidExtension('The file name must be a string.');
  const basename = filename.slice(
    Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1,
  );
  const dot = basename.lastIndexOf('.');
  const extension = basename.slice(dot + 1);
  if (dot <= 0 || basename.slice(0, dot).replaceAll('.', '') === '') {
    throw invalidExtension('The file name has no extension.');
  }
  if (!EXTENSION_PATTERN.test(extension) || !allowed.has(extension.toLowerCase())) {
    throw invalidExtension(`Allowed extensions are: ${[...allowed].join(', ')}.`);
  }
  return extension.toLowerCase();
}

/**
 * Turn a stored path into the URL it is served at: each segment percent-encoded as Django's
 * `filepath_to_uri` does (`José` becomes `Jos%C3%A9`), appended to the media base URL.
 *
 * @returns e.g. `/media/images/profile/alice_7/ab.png` or `http://host/media/...`
 * @throws ValidationError `VALIDATION_FAILED` with issue `INVALID_VALUE` (path `path`) when the
 *   path is absolute, has an empty, `.` or `..` segment, a backslash, a NUL or a lone surrogate:
 *   browsers resolve `..` (and `%2E%2E`) segments, so no encoding makes them safe.
 * @example
 * ```ts
 * mediaUrl('images/profile/José_4/a.png'); // '/media/images/profile/Jos%C3%A9_4/a.png'
 * mediaUrl('images/cover/coverphoto.jpg', { baseUrl: 'http://testserver/media/' });
 * ```
 */
export function mediaUrl(path: string, options: MediaUrlOptions = {}): string {
  const base = options.baseUrl ?? DEFAULT_MEDIA_BASE_URL;
  const segments = typeof path === 'string' ? path.split('/') : [];
  const encoded: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || /[\\\0]/.test(segment)) {
      throw invalidMediaPath();
    }
    try {
      encoded.push(encodeURIComponent(segment));
    } catch (error) {
      throw invalidMediaPath(error);
    }
  }
  if (encoded.length === 0) throw invalidMediaPath();
  return `${base.endsWith('/') ? base : `${base}/`}${encoded.join('/')}`;
}

/** The folder and extension of a path whose file name will be `nameLength` characters. */
function ownerFolder(
  kind: ImageKind,
  upload: ImageUpload,
  options: ImagePathLayout,
  nameLength: number,
): { directory: string; extension: string } {
  const prefix = checkPrefix(options.prefix ?? defaultPrefix(kind));
  const maxLength = checkMaxLength(options.maxLength ?? MAX_IMAGE_PATH_LENGTH);
  const id = upload.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
    throw new ValidationError([
      { path: ['id'], code: 'INVALID_ID', message: 'The id must be a positive integer.' },
    ]);
  }
  const username = folderUsername(upload.username);
  const extension = imageExtension(upload.filename, options.allowedExtensions);
  // Database columns count characters (code points), not UTF-16 units.
  const room = maxLength - `${prefix}/_${id}/.${extension}`.length - nameLength;
  if (room < 0) {
    throw new ConfigurationError([
      `image paths under ${JSON.stringify(prefix)} do not fit in ${maxLength} characters`,
    ]);
  }
  const kept = [...username].slice(0, room).join('');
  return { directory: `${prefix}/${kept}_${id}`, extension };
}

function checkMaxLength(maxLength: number): number {
  if (!Number.isSafeInteger(maxLength) || maxLength <= 0) {
    throw new ConfigurationError(['the longest image path must be a positive integer']);
  }
  return maxLength;
}

/**
 * The owner's name as the folder starts with it. Any valid username is usable, `.` and `..`
 * included (valid in Django too): the folder is always `{name}_{id}`, so it is never a `.` or
 * `..` segment, and it ends with a digit, which no file system trims away (Windows drops
 * trailing dots).
 */
function folderUsername(raw: unknown): string {
  const result =
    typeof raw === 'string' ? normalizeUsername(raw) : { ok: false as const, problem: null };
  if (result.ok) return result.username;
  const code = result.problem ?? 'USERNAME_INVALID';
  throw new ValidationError([
    { path: ['username'], code, message: 'The username cannot be used in a storage path.' },
  ]);
}

function defaultPrefix(kind: ImageKind): string {
  return kind === 'profile' ? DEFAULT_PROFILE_IMAGE_PREFIX : DEFAULT_COVER_IMAGE_PREFIX;
}

function checkPrefix(prefix: string): string {
  const segments = typeof prefix === 'string' ? prefix.split('/') : [''];
  const usable = segments.every(
    (segment) => PREFIX_SEGMENT_PATTERN.test(segment) && segment !== '.' && segment !== '..',
  );
  if (!usable) {
    throw new ConfigurationError([
      `upload prefix ${JSON.stringify(prefix)} must be relative folder names of [A-Za-z0-9_.-], without '.' or '..' segments`,
    ]);
  }
  return prefix;
}

// Recomputed per call: a handful of entries, and no module-level state to keep in sync.
function checkAllowedExtensions(extensions: readonly string[]): ReadonlySet<string> {
  const bad = extensions.filter(
    (extension) => typeof extension !== 'string' || !ALLOWED_EXTENSION_PATTERN.test(extension),
  );
  if (bad.length > 0 || extensions.length === 0) {
    throw new ConfigurationError([
      'allowed image extensions must be a non-empty list of lower-case [a-z0-9] strings',
    ]);
  }
  return new Set(extensions);
}

function invalidExtension(message: string): ValidationError {
  return new ValidationError([{ path: ['filename'], code: 'INVALID_IMAGE_EXTENSION', message }]);
}

function invalidMediaPath(cause?: unknown): ValidationError {
  return new ValidationError(
    [{ path: ['path'], code: 'INVALID_VALUE', message: 'Not a relative media path.' }],
    cause === undefined ? {} : { cause },
  );
}
