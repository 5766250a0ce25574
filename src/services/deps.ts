import type { DateStyle } from '../core/natural-time.js';
import type { MediaStorage } from '../media/media-storage.js';
import type { PasswordHashing } from '../passwords/password-hashing.js';
import type { Clock } from '../platform/clock.js';
import type { RandomSource } from '../platform/random.js';
import type { AccountStorage } from '../storage/storage.js';
import type { TokenService } from '../tokens/token-service.js';

/** Where accountkit reports events a caller may want to see; never given secrets. */
export interface AccountsLogger {
  /** Something failed without failing the operation (a hash upgrade, an orphaned file). */
  warn(message: string, details: Readonly<Record<string, string | number | boolean | null>>): void;
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
  /** Page size of follow lists when the caller gives none. */
  readonly followPageSize: number;
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
  readonly settings: ServiceSettings;
}
