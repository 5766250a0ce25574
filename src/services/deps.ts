import type { DateStyle } from '../core/natural-time.js';
import type { UsernameRules } from '../core/username-rules.js';
import type { AccountsEventsOptions } from '../events/events-options.js';
import type { MediaStorage } from '../media/media-storage.js';
import type { PasswordHashing } from '../passwords/password-hashing.js';
import type { Clock } from '../platform/clock.js';
import type { RandomSource } from '../platform/random.js';
import type { SessionAddressPolicy } from '../sessions/address-policy.js';
import type { AccountStorage } from '../storage/storage.js';
import type { TokenService } from '../tokens/token-service.js';

/** Where accountkit reports events a caller may want to see; never given secrets. */
export interface AccountsLogger {
  /** Something failed without failing the operation (a hash upgrade, an orphaned file). */
  warn(message: string, details: Readonly<Record<string, string | number | boolean | null>>): void;
}

/** Who a login attempt is counted against. */
export interface LoginSubject {
  /** The folded username (the uniqueness key), the same for real and unknown accounts. */
  readonly account: string;
  /** The client's address; not counted when absent. */
  readonly address?: string | undefined;
}

/**
 * Limits on the attempts an attacker repeats, asked before any hashing or storage work. The
 * throttle of `accountkit/rate-limit` (`createThrottle`) fits; so does anything with the same
 * two methods.
 */
export interface AccountsThrottle {
  /**
   * Count the attempt and refuse it past a limit. What a login's check resolves to is handed
   * back to {@link AccountsThrottle.recordSuccess} if the login succeeds.
   * @throws RateLimitError `TOO_MANY_REQUESTS`.
   * @throws StorageError `STORAGE_UNAVAILABLE` when the throttle's store fails closed.
   */
  assertAllowed(action: 'login', subject: LoginSubject): Promise<unknown>;
  assertAllowed(
    action: 'register',
    subject: { readonly address?: string | undefined },
  ): Promise<unknown>;
  assertAllowed(action: 'refresh', subject: { readonly family: string }): Promise<unknown>;
  /** A request for reset or verification mails (`email` case folded, or `user:<id>`). */
  assertAllowed(
    action: 'mail',
    subject: { readonly email: string; readonly address?: string | undefined },
  ): Promise<unknown>;
  /**
   * A login succeeded: the account starts afresh, and the attempt no longer counts against the
   * address. `ticket` is what `assertAllowed` resolved to for this login.
   */
  recordSuccess(action: 'login', subject: LoginSubject, ticket: unknown): Promise<void>;
}

/** Checks a new password against the configured rules. @internal */
export type CheckPassword = (
  password: string,
  context: { readonly username: string; readonly email: string },
) => void | Promise<void>;

/** Settings the services read, resolved once from the options. @internal */
export interface ServiceSettings {
  readonly dateStyle: DateStyle;
  /** Prefix of media URLs in user views (Django's `MEDIA_URL`). */
  readonly mediaUrl: string;
  /** Stored path shown for a user without a cover image, or `null`. */
  readonly defaultCoverImage: string | null;
  /** Largest accepted image upload, in bytes. */
  readonly maxImageBytes: number;
  /** Seconds during which a consumed refresh token may be presented again without reuse alarm. */
  readonly refreshReuseGraceSeconds: number;
  /** Try a whitespace-padded password trimmed too, as Django REST Framework stored it. */
  readonly acceptTrimmedPasswords: boolean;
  /** Page size of follow lists when the caller gives none. */
  readonly followPageSize: number;
  /** Opt-in rules for new usernames (sign-up, rename); absent: none, as Django. */
  readonly usernameRules?: UsernameRules;
  /** How much of a client's address a session records. */
  readonly sessionAddress: SessionAddressPolicy;
  /** Logins wait for a verified address (`emailVerification.requiredForLogin`). */
  readonly requireVerifiedEmail?: boolean;
}

/**
 * Everything a service needs, built once by `createAccounts`. Every service is a function
 * `(deps, input)`, so it can be tested alone and the factory is only wiring.
 * @internal
 */
export interface AccountsDeps {
  readonly storage: AccountStorage;
  readonly passwords: PasswordHashing;
  readonly checkPassword: CheckPassword;
  readonly tokens: TokenService;
  readonly media: MediaStorage;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: AccountsLogger;
  /** `null`: no limits (the default). */
  readonly throttle: AccountsThrottle | null;
  /** Absent or `null`: nobody listens (the default). */
  readonly events?: AccountsEventsOptions | null;
  readonly settings: ServiceSettings;
}
