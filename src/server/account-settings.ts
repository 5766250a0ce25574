/**
 * The variables that configure the account service itself: what `createAccounts` can be told,
 * the server can be told too. Each is optional; unset, the library's default holds.
 */
import type { DateStyle } from '../core/natural-time.js';
import { MAX_REFRESH_REUSE_GRACE_SECONDS } from '../options.js';
import {
  definedOnly,
  type Parsed,
  parseChoice,
  parseFlag,
  parseInteger,
  type ReadVariable,
  type ServerVariable,
} from './config-values.js';

/** The account service's variables, in the order `serve --help` lists them. */
export const ACCOUNT_VARIABLES: readonly ServerVariable[] = [
  {
    name: 'USERNAME_CLAIM',
    default: 'username',
    meaning: 'Name of the username claim in tokens (the public original used user_name)',
  },
  {
    name: 'TOKEN_ISSUER',
    default: 'unset',
    meaning: 'iss of every issued token, then required on every token presented',
  },
  {
    name: 'TOKEN_AUDIENCE',
    default: 'unset',
    meaning: 'aud of every issued token (comma-separated for several), then required',
  },
  {
    name: 'REFRESH_REUSE_GRACE',
    default: '0',
    meaning: `Seconds (0 to ${MAX_REFRESH_REUSE_GRACE_SECONDS}) in which a used refresh token may be presented again without revoking its family`,
  },
  {
    name: 'DATE_STYLE',
    default: 'naturaltime',
    meaning: 'How date_joined reads: naturaltime, naturalday or distance',
  },
  {
    name: 'FOLLOW_PAGE_SIZE',
    default: '5',
    meaning: 'Follow list page size when the client gives none (1 to 100)',
  },
  {
    name: 'MEDIA_MAX_BYTES',
    default: '5242880',
    meaning: 'Largest image upload in bytes (1 to 104857600)',
  },
  {
    name: 'DEFAULT_COVER_IMAGE',
    default: 'images/cover/coverphoto.jpg',
    meaning: 'Stored path shown for users without a cover image; none shows null',
  },
  {
    name: 'PASSWORD_HASHER',
    default: 'argon2',
    meaning: 'Hasher of new passwords and upgrades: argon2 (Argon2id) or pbkdf2_sha256',
  },
  {
    name: 'PASSWORD_MIN_LENGTH',
    default: '8',
    meaning: 'Shortest password accepted at sign-up and password change',
  },
  {
    name: 'PASSWORD_ACCEPT_TRIMMED',
    default: 'true with Django tables, else false',
    meaning:
      'Also try a whitespace-padded password trimmed, as Django REST Framework stored it: 1, true, 0 or false',
  },
  {
    name: 'USERNAME_REFUSE_MIXED_SCRIPTS',
    default: 'false',
    meaning: 'Refuse new usernames that mix scripts (Latin with Cyrillic...): 1, true, 0 or false',
  },
];

/** What the account variables set: `createAccounts` options, each absent when unset. */
export interface AccountSettings {
  readonly tokens: {
    readonly usernameClaim?: string;
    readonly issuer?: string;
    readonly audience?: string | string[];
    readonly refreshReuseGraceSeconds?: number;
  };
  readonly passwords: {
    readonly preferred?: 'argon2' | 'pbkdf2_sha256';
    readonly policy?: { readonly minLength: number };
    readonly acceptTrimmed?: boolean;
  };
  readonly media: { readonly maxBytes?: number; readonly defaultCoverImage?: string | null };
  /** The top-level options: how dates read, the page size, the username rules. */
  readonly general: {
    readonly dateStyle?: DateStyle;
    readonly followPageSize?: number;
    readonly usernames?: { readonly refuseMixedScripts: boolean };
  };
}

const text = (value: string): Parsed<string> => ({ ok: true, value });

/**
 * Read the account variables with the table's reader (which names every problem); the
 * library checks the values in depth when the service is built.
 * @internal
 */
export function readAccountSettings(read: ReadVariable): AccountSettings {
  const audience = read<string[] | undefined>(
    'TOKEN_AUDIENCE',
    (value) => ({ ok: true, value: value.split(',').map((name) => name.trim()) }),
    undefined,
  );
  const minLength = read<number | undefined>(
    'PASSWORD_MIN_LENGTH',
    (value) => parseInteger(value, 1, 4096),
    undefined,
  );
  const refuseMixedScripts = read<boolean | undefined>(
    'USERNAME_REFUSE_MIXED_SCRIPTS',
    parseFlag,
    undefined,
  );
  return {
    tokens: definedOnly({
      usernameClaim: read<string | undefined>('USERNAME_CLAIM', text, undefined),
      issuer: read<string | undefined>('TOKEN_ISSUER', text, undefined),
      audience: audience?.length === 1 ? audience[0] : audience,
      refreshReuseGraceSeconds: read<number | undefined>(
        'REFRESH_REUSE_GRACE',
        (value) => parseInteger(value, 0, MAX_REFRESH_REUSE_GRACE_SECONDS),
        undefined,
      ),
    }),
    passwords: definedOnly({
      preferred: read<'argon2' | 'pbkdf2_sha256' | undefined>(
        'PASSWORD_HASHER',
        (value) => parseChoice(value, ['argon2', 'pbkdf2_sha256'] as const),
        undefined,
      ),
      policy: minLength === undefined ? undefined : { minLength },
      acceptTrimmed: read<boolean | undefined>('PASSWORD_ACCEPT_TRIMMED', parseFlag, undefined),
    }),
    media: definedOnly({
      maxBytes: read<number | undefined>(
        'MEDIA_MAX_BYTES',
        (value) => parseInteger(value, 1, 100 * 1024 * 1024),
        undefined,
      ),
      defaultCoverImage: read<string | null | undefined>(
        'DEFAULT_COVER_IMAGE',
        (value) => ({ ok: true, value: value === 'none' ? null : value }),
        undefined,
      ),
    }),
    general: definedOnly({
      dateStyle: read<DateStyle | undefined>(
        'DATE_STYLE',
        (value) => parseChoice(value, ['naturaltime', 'naturalday', 'distance'] as const),
        undefined,
      ),
      followPageSize: read<number | undefined>(
        'FOLLOW_PAGE_SIZE',
        (value) => parseInteger(value, 1, 100),
        undefined,
      ),
      usernames: refuseMixedScripts === undefined ? undefined : { refuseMixedScripts },
    }),
  };
}
