/**
 * The options of `createAccounts`: their types, their schema and every default. Parsed once, at
 * construction (by `resolveOptions`); nothing is validated again per request.
 */

import * as z from 'zod';
import type { DateStyle } from './core/natural-time.js';
import { DEFAULT_MEDIA_BASE_URL } from './core/upload-paths.js';
import { DEFAULT_COVER_IMAGE_PATH } from './core/user-serializer.js';
import type { UsernameRules } from './core/username-rules.js';
import type { AccountsEventsOptions } from './events/events-options.js';
import type { MediaStorage } from './media/media-storage.js';
import type { PasswordHashingOptions } from './passwords/password-hashing-options.js';
import type { PasswordPolicyOptions } from './passwords/password-policy.js';
import { type Clock, systemClock, systemTimer, type Timer } from './platform/clock.js';
import { type RandomSource, systemRandom } from './platform/random.js';
import type { PasswordResetOptions } from './reset/create-password-reset.js';
import type { AccountsLogger, AccountsThrottle } from './services/deps.js';
import {
  MIN_ADDRESS_HASH_KEY_LENGTH,
  type SessionAddressPolicy,
} from './sessions/address-policy.js';
import type { AccountStorage } from './storage/storage.js';
import type { TokenServiceOptions } from './tokens/options.js';
import type { EmailVerificationOptions } from './verification/create-email-verification.js';

/** Largest image upload by default: 5 MiB. */
export const DEFAULT_MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Default folder of the local media storage, relative to the working directory. */
export const DEFAULT_MEDIA_ROOT = 'media';
/** Default page size of follower and following lists (the original's page size). */
export const DEFAULT_FOLLOW_PAGE_SIZE = 5;
/** Longest grace window for presenting a consumed refresh token again. */
export const MAX_REFRESH_REUSE_GRACE_SECONDS = 60;

/** Token options: those of the token service, plus rotation policy. */
export interface AccountsTokenOptions extends Omit<TokenServiceOptions, 'random' | 'mediaBaseUrl'> {
  /**
   * Seconds after a refresh token was consumed during which presenting it again yields another
   * child in the same family instead of revoking the family (for clients that race two
   * refreshes). 0 to 60; default 0, so any second use is treated as theft (RFC 9700 §4.14.2).
   */
  readonly refreshReuseGraceSeconds?: number;
}

/** Password options: how passwords are hashed, and the rules new passwords must meet. */
export interface AccountsPasswordOptions extends Omit<PasswordHashingOptions, 'random'> {
  /** Rules for sign-up and password change; every rule is on by default. */
  readonly policy?: PasswordPolicyOptions;
  /**
   * At login, when a password with leading or trailing whitespace does not match, also try it
   * trimmed. Django REST Framework's `CharField` trims by default, at sign-up as at SimpleJWT's
   * login, so a user table Django wrote holds the hash of `"secret"` for a user who typed
   * `"secret "` and still types it. Every failure of such a password then costs two hashes,
   * whether or not the account exists. Default `false`: passwords are taken exactly as sent.
   */
  readonly acceptTrimmed?: boolean;
}

/** Where images are stored and how their URLs look. */
export interface AccountsMediaOptions {
  /** Default: files under `root` on the local file system. */
  readonly storage?: MediaStorage;
  /** Folder of the default local storage; ignored when `storage` is given. Default `media`. */
  readonly root?: string;
  /** Largest accepted upload in bytes, 1 byte to 100 MiB. Default 5 MiB. */
  readonly maxBytes?: number;
  /**
   * Prefix of image URLs in user views and the `profile_pic` claim (Django's `MEDIA_URL`):
   * relative, such as `/media/` (default), or absolute, such as `https://cdn.example/media/`.
   */
  readonly baseUrl?: string;
  /** Stored path shown for users without a cover; `null` shows `null`. Django's default image. */
  readonly defaultCoverImage?: string | null;
}

/** What a session (a signed-in device) records about its client. */
export interface AccountsSessionOptions {
  /**
   * How much of the client's address each session keeps: `'full'` (default), `'truncated'` to
   * the network, `{ hashKey }` for a keyed hash, or `'none'`. See {@link SessionAddressPolicy}.
   */
  readonly address?: SessionAddressPolicy;
}

/** Options of `createAccounts`. */
export interface AccountsOptions {
  /** Where users, follows and refresh-token records live. Required. */
  readonly storage: AccountStorage;
  /** Signing keys, lifetimes, leeway, SimpleJWT cut-over, rotation policy. Required. */
  readonly tokens: AccountsTokenOptions;
  readonly passwords?: AccountsPasswordOptions;
  readonly media?: AccountsMediaOptions;
  /** How `date_joined` reads: `naturaltime` (default), `naturalday` or `distance`. */
  readonly dateStyle?: DateStyle;
  /** Page size of follower and following lists when the caller gives none; 1 to 100. Default 5. */
  readonly followPageSize?: number;
  /** Opt-in rules for new usernames (sign-up, rename). Default: none, as Django. */
  readonly usernames?: UsernameRules;
  /** What sessions record about their clients. */
  readonly sessions?: AccountsSessionOptions;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /**
   * What failed logins wait on until they have lasted as long as the slowest stored hash
   * takes (see docs/passwords.md). Default: the system's timer.
   */
  readonly timer?: Timer;
  /** Default: the platform CSPRNG. Token ids, salts and file names come from it. */
  readonly random?: RandomSource;
  /** Receives warnings about failures that do not fail an operation. Default: silent. */
  readonly logger?: AccountsLogger;
  /**
   * Limits on failed logins, sign-ups and refreshes (`createThrottle` from
   * `accountkit/rate-limit`). Default: none; put one in front of any public deployment.
   */
  readonly throttle?: AccountsThrottle;
  /**
   * A listener told about sign-ups, logins and failed logins, logouts and ended sessions,
   * refresh-token reuse, password changes, deleted accounts and follows, each once its writes
   * committed (see docs/events.md). Default: none.
   */
  readonly events?: AccountsEventsOptions;
  /**
   * Forgotten passwords: Django's `SECRET_KEY` (so links Django sent keep working), the mailer,
   * the link a mail carries (see docs/passwords.md). Default: none, and `requestPasswordReset`
   * and `resetPassword` reject with `CONFIGURATION_ERROR`.
   */
  readonly passwordReset?: PasswordResetOptions;
  /**
   * Verified addresses: the secret, mailer and link of verification mails, and whether a login
   * waits for one. Default: none, and `requestEmailVerification` and `verifyEmail` reject with
   * `CONFIGURATION_ERROR`.
   */
  readonly emailVerification?: EmailVerificationOptions;
}

/** The options with every default filled in. @internal */
export interface ResolvedAccountsOptions {
  readonly storage: AccountStorage;
  readonly tokens: TokenServiceOptions;
  readonly refreshReuseGraceSeconds: number;
  readonly acceptTrimmedPasswords: boolean;
  readonly passwords: PasswordHashingOptions;
  readonly policy: PasswordPolicyOptions;
  readonly media: {
    readonly storage: MediaStorage | null;
    readonly root: string;
    readonly maxBytes: number;
    readonly baseUrl: string;
    readonly defaultCoverImage: string | null;
  };
  readonly dateStyle: DateStyle;
  readonly followPageSize: number;
  readonly usernames: UsernameRules;
  readonly sessionAddress: SessionAddressPolicy;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: AccountsLogger;
  readonly throttle: AccountsThrottle | null;
  readonly events: AccountsEventsOptions | null;
}

const SILENT_LOGGER: AccountsLogger = Object.freeze({ warn: () => {} });

const isPlainObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True for an object with every named method. A read that throws (a Proxy trap) is a no. */
const hasMethods =
  (...names: string[]) =>
  (value: unknown) => {
    if (typeof value !== 'object' || value === null) return false;
    try {
      return names.every((name) => typeof Reflect.get(value, name) === 'function');
    } catch {
      return false;
    }
  };

/**
 * One schema per top-level option but `storage`, parsed one by one, so that a broken section
 * does not hide the problems of the others. `storage` is checked by `storageProblems` instead:
 * a zod object or intersection schema would rebuild it as a plain copy (and refuses class
 * instances and some Proxies outright), but the storage must be used exactly as given.
 * @internal
 */
export const OPTION_SECTIONS = {
  tokens: z.looseObject({
    refreshReuseGraceSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_REFRESH_REUSE_GRACE_SECONDS)
      .default(0),
  }),
  // Keys only: the values are checked in depth by the password factories; a misspelt key
  // would otherwise be ignored silently.
  passwords: z
    .strictObject({
      preferred: z.unknown(),
      argon2: z.unknown(),
      pbkdf2Iterations: z.unknown(),
      legacy: z.unknown(),
      acceptTrimmed: z.boolean().default(false),
      policy: z
        .strictObject({
          minLength: z.unknown(),
          maxBytes: z.unknown(),
          common: z.unknown(),
          numeric: z.unknown(),
          similarity: z.unknown(),
        })
        .partial()
        .optional(),
    })
    .partial()
    .default({}),
  media: z
    .strictObject({
      storage: z
        .custom<MediaStorage>(hasMethods('put', 'delete'), 'must be a MediaStorage')
        .optional(),
      root: z.string().min(1).default(DEFAULT_MEDIA_ROOT),
      maxBytes: z
        .number()
        .int()
        .min(1)
        .max(100 * 1024 * 1024)
        .default(DEFAULT_MAX_IMAGE_BYTES),
      baseUrl: z.string().min(1).endsWith('/').default(DEFAULT_MEDIA_BASE_URL),
      defaultCoverImage: z.string().min(1).nullable().default(DEFAULT_COVER_IMAGE_PATH),
    })
    .prefault({}),
  dateStyle: z.enum(['naturaltime', 'naturalday', 'distance']).default('naturaltime'),
  followPageSize: z.number().int().min(1).max(100).default(DEFAULT_FOLLOW_PAGE_SIZE),
  usernames: z.strictObject({ refuseMixedScripts: z.boolean().optional() }).default({}),
  sessions: z
    .strictObject({
      address: z
        .union([
          z.enum(['full', 'truncated', 'none']),
          z.strictObject({
            hashKey: z
              .string()
              .min(
                MIN_ADDRESS_HASH_KEY_LENGTH,
                `must be at least ${MIN_ADDRESS_HASH_KEY_LENGTH} characters`,
              ),
          }),
        ])
        .default('full'),
    })
    .prefault({}),
  clock: z.custom<Clock>(hasMethods('now'), 'must be a Clock').default(systemClock),
  timer: z.custom<Timer>(hasMethods('now', 'sleep'), 'must be a Timer').default(systemTimer),
  random: z
    .custom<RandomSource>(hasMethods('bytes'), 'must be a RandomSource')
    .default(systemRandom),
  logger: z.custom<AccountsLogger>(hasMethods('warn'), 'must have warn()').default(SILENT_LOGGER),
  throttle: z
    .custom<AccountsThrottle>(
      hasMethods('assertAllowed', 'recordSuccess'),
      'must have assertAllowed() and recordSuccess()',
    )
    .optional(),
  events: z.custom<AccountsEventsOptions>(hasMethods('onEvent'), 'must have onEvent()').optional(),
  // Checked in depth by createPasswordReset, which reports every problem of the section.
  passwordReset: z.custom<PasswordResetOptions>(isPlainObject, 'must be an object').optional(),
  // Checked in depth by createEmailVerification.
  emailVerification: z
    .custom<EmailVerificationOptions>(isPlainObject, 'must be an object')
    .optional(),
} satisfies { [K in Exclude<keyof AccountsOptions, 'storage'>]-?: z.ZodType };
