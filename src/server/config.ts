/**
 * The configuration of `accountkit serve` (and of the example servers): one table of
 * environment variables, each also a `serve` flag of the same name (`ACCESS_TOKEN_LIFETIME` is
 * `--access-token-lifetime`). The table is what `accountkit serve --help` prints and what
 * `examples/README.md` lists.
 */
import { dirname, join, resolve } from 'node:path';
import { ConfigurationError } from '../errors/errors.js';
import type { ErrorBodyStyle } from '../http/index.js';
import type { ThrottleRule, ThrottleRules } from '../rate-limit/index.js';
import {
  MIN_ADDRESS_HASH_KEY_LENGTH,
  type SessionAddressPolicy,
} from '../sessions/address-policy.js';
import { TOKEN_ALGORITHMS, type TokenAlgorithm, type TokenKey } from '../tokens/options.js';
import {
  ACCOUNT_VARIABLES,
  type AccountSettings,
  readAccountSettings,
} from './account-settings.js';
import {
  type Parsed,
  parseChoice,
  parseDuration,
  parseFlag,
  parseInteger,
  parseKey,
  parseKeyList,
  parseLimit,
  type ReadVariable,
  type ServerVariable,
} from './config-values.js';
import {
  type DatabaseTarget,
  DEFAULT_DATABASE_URL,
  parseDatabaseUrl,
} from './kysely/open-database.js';

/** Every variable the server reads, in the order the help lists them. */
export const SERVER_VARIABLES: readonly ServerVariable[] = Object.freeze([
  { name: 'PORT', default: '3000', meaning: 'TCP port; 0 picks a free one' },
  {
    name: 'HOST',
    default: '127.0.0.1',
    meaning: 'Address to listen on; 0.0.0.0 for other machines',
  },
  {
    name: 'DATABASE_URL',
    default: DEFAULT_DATABASE_URL,
    meaning:
      "sqlite:<file> or a file path, postgres://..., mysql://... (MariaDB too); a database with Django's account_user is served in place",
  },
  {
    name: 'MEDIA_ROOT',
    default: 'media/ next to the SQLite file, else ./media',
    meaning: 'Where uploaded images are written',
  },
  {
    name: 'PUBLIC_URL',
    default: 'unset',
    meaning:
      'Absolute origin (https://api.example) of image URLs (<origin>/media/...) and next links',
  },
  {
    name: 'ACCOUNTKIT_SIGNING_KEY',
    default: 'generated for SQLite',
    meaning:
      'Key that signs tokens: an HS256 secret (32+ bytes), a PEM private key or a JWK (JSON); required with PostgreSQL and MySQL',
  },
  {
    name: 'ACCOUNTKIT_SIGNING_ALG',
    default: 'HS256 for a secret, EdDSA for PEM/JWK',
    meaning: `Algorithm of the signing key: ${TOKEN_ALGORITHMS.join(', ')}`,
  },
  {
    name: 'ACCOUNTKIT_SIGNING_KID',
    default: 'unset',
    meaning: 'kid header of the tokens it signs',
  },
  {
    name: 'ACCOUNTKIT_VERIFYING_KEYS',
    default: 'none',
    meaning:
      'Earlier keys that still verify, while they rotate out: JSON [{"kid","alg","key"}], key as PEM text, JWK or secret',
  },
  {
    name: 'ACCESS_TOKEN_LIFETIME',
    default: '5m',
    meaning: 'Access token lifetime: seconds, or 15m, 12h, 30d (the Django app used 15m)',
  },
  {
    name: 'REFRESH_TOKEN_LIFETIME',
    default: '1d',
    meaning: 'Refresh token lifetime (the Django app used 30d)',
  },
  {
    name: 'TOKEN_LEEWAY',
    default: '0',
    meaning: 'Clock tolerance for exp, nbf and iat, 0 to 300 s',
  },
  {
    name: 'DJANGO_SECRET_KEY',
    default: 'unset',
    meaning: "Django's SECRET_KEY: tokens SimpleJWT issued stay valid until they expire",
  },
  {
    name: 'DJANGO_TOKENS_ISSUED_BEFORE',
    default: 'unset',
    meaning: 'ISO instant; SimpleJWT tokens issued at or after it are refused',
  },
  {
    name: 'PASSWORD_RESET_URL',
    default: '<PUBLIC_URL or http://HOST:PORT>/reset/{uid}/{token}/',
    meaning:
      'The link reset mails carry; {uid} and {token} are filled in. Reset tokens are signed with DJANGO_SECRET_KEY, else the HS256 signing key',
  },
  {
    name: 'EMAIL_VERIFICATION_URL',
    default: '<PUBLIC_URL or http://HOST:PORT>/verify-email/{key}/',
    meaning: 'The link verification mails carry; {key} is filled in',
  },
  {
    name: 'SMTP_URL',
    default: 'unset: mails are printed to stdout',
    meaning: 'smtp://user:pass@host:587 or smtps://...: send mails through it (needs nodemailer)',
  },
  {
    name: 'MAIL_FROM',
    default: 'webmaster@localhost',
    meaning: "Sender of the mails (Django's DEFAULT_FROM_EMAIL)",
  },
  {
    name: 'ERROR_STYLE',
    default: 'accountkit',
    meaning: "accountkit: {code, message, fields?}; drf: Django REST Framework's bodies",
  },
  {
    name: 'PUBLIC_PROFILES',
    default: '0',
    meaning: '1: <id>/info/ and the follow lists answer without a token',
  },
  {
    name: 'TRUST_PROXY',
    default: 'unset',
    meaning:
      'Whose X-Forwarded-For to believe: true, or addresses, CIDRs and loopback, comma-separated',
  },
  {
    name: 'SESSION_ADDRESS',
    default: 'full',
    meaning:
      "How much of a client's address its session records: full, truncated (IPv4 /24, IPv6 /48), hashed (with SESSION_ADDRESS_KEY) or none",
  },
  {
    name: 'SESSION_ADDRESS_KEY',
    default: 'unset',
    meaning: 'Secret of at least 16 characters for SESSION_ADDRESS=hashed',
  },
  {
    name: 'EVENT_LOG',
    default: 'on',
    meaning:
      'on: every account event (sign-up, login, failed login with its reason, logout, follow...) as one JSON line on stdout; off: none',
  },
  {
    name: 'RATE_LIMIT',
    default: 'on',
    meaning: 'off: no limits on logins, sign-ups and refreshes',
  },
  {
    name: 'REDIS_URL',
    default: 'unset',
    meaning: 'Count rate limits in Redis (needs ioredis) instead of the database',
  },
  {
    name: 'RATE_LIMIT_LOGIN_ACCOUNT',
    default: '10/15m',
    meaning: 'Failed logins per account per window, or off',
  },
  {
    name: 'RATE_LIMIT_LOGIN_ADDRESS',
    default: '100/15m',
    meaning: 'Failed logins per client address per window, or off',
  },
  {
    name: 'RATE_LIMIT_SIGNUP_ADDRESS',
    default: '20/1h',
    meaning: 'Sign-ups per client address per window, or off',
  },
  {
    name: 'RATE_LIMIT_REFRESH',
    default: '60/1m',
    meaning: 'Refreshes per session per window, or off',
  },
  {
    name: 'RATE_LIMIT_MAIL_ADDRESS',
    default: '20/1h',
    meaning: 'Password-reset and verification mail requests per client address per window, or off',
  },
  {
    name: 'RATE_LIMIT_MAIL_EMAIL',
    default: '5/1h',
    meaning: 'Password-reset and verification mail requests per e-mail address per window, or off',
  },
  ...ACCOUNT_VARIABLES,
]);

export type { ServerVariable };

/** Where the server counts attempts. */
export type RateLimitSetting =
  | { readonly store: 'database' }
  | { readonly store: 'redis'; readonly url: string }
  | { readonly store: 'off' };

/** The server's configuration, read from {@link SERVER_VARIABLES}. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseTarget;
  readonly mediaRoot: string;
  /** `PUBLIC_URL`: absolute origin for image URLs and `next` links. */
  readonly publicUrl: string | undefined;
  /** The signing key; `undefined`: a development key (SQLite only). */
  readonly signingKey: TokenKey | undefined;
  /** `ACCOUNTKIT_SIGNING_KID` for a generated development key too. */
  readonly signingKid: string | undefined;
  readonly verifyingKeys: readonly TokenKey[];
  readonly accessLifetimeSeconds: number | undefined;
  readonly refreshLifetimeSeconds: number | undefined;
  readonly leewaySeconds: number | undefined;
  /** `DJANGO_SECRET_KEY`: accept tokens SimpleJWT issued, for the cut-over. */
  readonly djangoSecretKey: string | undefined;
  /** `DJANGO_TOKENS_ISSUED_BEFORE`: refuse SimpleJWT tokens issued at or after this instant. */
  readonly djangoCutover: Date | undefined;
  readonly errorStyle: ErrorBodyStyle;
  readonly publicProfiles: boolean;
  /** `TRUST_PROXY`: whose `X-Forwarded-For` to believe (Fastify/Express `trustProxy` syntax). */
  readonly trustProxy: string | undefined;
  readonly rateLimit: RateLimitSetting;
  /** `EVENT_LOG`: write every account event as one JSON line. */
  readonly eventLog: boolean;
  /** `SESSION_ADDRESS` (and its key): how much of a client's address its session records. */
  readonly sessionAddress: SessionAddressPolicy;
  /** The account service's own settings (claims, lifetimes aside; policy, media, paging). */
  readonly account: AccountSettings;
  /** The limits the `RATE_LIMIT_*` variables set; the others keep the library's defaults. */
  readonly rateLimitRules: ThrottleRules;
  /** `PASSWORD_RESET_URL`: the link template, with `{uid}` and `{token}`. */
  readonly passwordResetUrl: string;
  /** `EMAIL_VERIFICATION_URL`: the link template, with `{key}`. */
  readonly emailVerificationUrl: string;
  /** How mail leaves the server. */
  readonly mail: MailSetting;
}

/** `SMTP_URL` and `MAIL_FROM`: where mail goes, and from whom. */
export interface MailSetting {
  /** `undefined`: printed to stdout, as Django's console e-mail backend does. */
  readonly smtpUrl: string | undefined;
  readonly from: string;
}

const LIMIT_RULES = {
  RATE_LIMIT_LOGIN_ACCOUNT: 'loginPerAccount',
  RATE_LIMIT_LOGIN_ADDRESS: 'loginPerAddress',
  RATE_LIMIT_SIGNUP_ADDRESS: 'registerPerAddress',
  RATE_LIMIT_REFRESH: 'refreshPerFamily',
  RATE_LIMIT_MAIL_ADDRESS: 'mailPerAddress',
  RATE_LIMIT_MAIL_EMAIL: 'mailPerEmail',
} as const satisfies Record<string, keyof ThrottleRules>;

const KNOWN = new Set(SERVER_VARIABLES.map((variable) => variable.name));

/**
 * Read the configuration from `env`, checking every variable before answering.
 * @throws ConfigurationError listing every unusable value, each named by its variable.
 */
export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const problems: string[] = [];
  const read: ReadVariable = (name, parse, fallback) => {
    if (!KNOWN.has(name)) throw new TypeError(`unlisted variable ${name}`);
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const parsed = parse(text);
    if (parsed.ok) return parsed.value;
    problems.push(`${name}: ${parsed.problem}`);
    return fallback;
  };
  const text = (name: string) =>
    read<string | undefined>(name, (value) => ({ ok: true, value }), undefined);

  const database = read('DATABASE_URL', parseTarget, parseDatabaseUrl(DEFAULT_DATABASE_URL));
  const alg = read<TokenAlgorithm | undefined>(
    'ACCOUNTKIT_SIGNING_ALG',
    (value) => parseChoice(value, TOKEN_ALGORITHMS),
    undefined,
  );
  const signingKid = text('ACCOUNTKIT_SIGNING_KID');
  const rateLimitRules: Record<string, ThrottleRule | false> = {};
  for (const [name, rule] of Object.entries(LIMIT_RULES)) {
    const limit = read<ThrottleRule | false | undefined>(name, parseLimit, undefined);
    if (limit !== undefined) rateLimitRules[rule] = limit;
  }
  const rateLimitMode = read(
    'RATE_LIMIT',
    (value) => parseChoice(value, ['on', 'off'] as const),
    'on',
  );
  const redisUrl = text('REDIS_URL');
  const port = read('PORT', (value) => parseInteger(value, 0, 65_535), 3000);
  const host = text('HOST') ?? '127.0.0.1';
  const publicUrl = text('PUBLIC_URL')?.replace(/\/+$/, '') || undefined;
  const config: ServerConfig = {
    port,
    host,
    database,
    mediaRoot: resolve(
      text('MEDIA_ROOT') ??
        (database.kind === 'sqlite' ? join(dirname(database.location), 'media') : 'media'),
    ),
    publicUrl,
    signingKey: read<TokenKey | undefined>(
      'ACCOUNTKIT_SIGNING_KEY',
      (value) => parseKey(value, alg, signingKid),
      undefined,
    ),
    signingKid,
    verifyingKeys: read('ACCOUNTKIT_VERIFYING_KEYS', parseKeyList, []),
    accessLifetimeSeconds: read(
      'ACCESS_TOKEN_LIFETIME',
      (value) => parseDuration(value),
      undefined,
    ),
    refreshLifetimeSeconds: read(
      'REFRESH_TOKEN_LIFETIME',
      (value) => parseDuration(value),
      undefined,
    ),
    leewaySeconds: read('TOKEN_LEEWAY', (value) => parseDuration(value, 0), undefined),
    djangoSecretKey: text('DJANGO_SECRET_KEY'),
    djangoCutover: read('DJANGO_TOKENS_ISSUED_BEFORE', parseInstant, undefined),
    errorStyle: read(
      'ERROR_STYLE',
      (value) => parseChoice(value, ['accountkit', 'drf'] as const),
      'accountkit',
    ),
    publicProfiles: read('PUBLIC_PROFILES', parseFlag, false),
    trustProxy: text('TRUST_PROXY'),
    rateLimit:
      rateLimitMode === 'off'
        ? { store: 'off' }
        : redisUrl === undefined
          ? { store: 'database' }
          : { store: 'redis', url: redisUrl },
    rateLimitRules,
    eventLog:
      read('EVENT_LOG', (value) => parseChoice(value, ['on', 'off'] as const), 'on') === 'on',
    sessionAddress: sessionAddressPolicy(
      read(
        'SESSION_ADDRESS',
        (value) => parseChoice(value, ['full', 'truncated', 'hashed', 'none'] as const),
        'full',
      ),
      text('SESSION_ADDRESS_KEY'),
      problems,
    ),
    account: readAccountSettings(read),
    passwordResetUrl: read(
      'PASSWORD_RESET_URL',
      parseLinkTemplate,
      `${publicUrl ?? `http://${host}:${port}`}/reset/{uid}/{token}/`,
    ),
    emailVerificationUrl: read(
      'EMAIL_VERIFICATION_URL',
      (value) =>
        value.includes('{key}')
          ? { ok: true, value }
          : { ok: false, problem: 'expected a link holding {key}' },
      `${publicUrl ?? `http://${host}:${port}`}/verify-email/{key}/`,
    ),
    mail: {
      smtpUrl: read('SMTP_URL', parseSmtpUrl, undefined),
      from: text('MAIL_FROM') ?? 'webmaster@localhost',
    },
  };
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}

/** `SESSION_ADDRESS=hashed` needs its key; a key alone hashes nothing. */
function sessionAddressPolicy(
  mode: 'full' | 'truncated' | 'hashed' | 'none',
  key: string | undefined,
  problems: string[],
): SessionAddressPolicy {
  if (mode !== 'hashed') {
    if (key !== undefined)
      problems.push('SESSION_ADDRESS_KEY: set, but SESSION_ADDRESS is not hashed');
    return mode;
  }
  if (key === undefined || key.length < MIN_ADDRESS_HASH_KEY_LENGTH) {
    problems.push(
      `SESSION_ADDRESS_KEY: SESSION_ADDRESS=hashed needs a key of at least ${MIN_ADDRESS_HASH_KEY_LENGTH} characters`,
    );
    return 'none';
  }
  return { hashKey: key };
}

function parseTarget(value: string): Parsed<DatabaseTarget> {
  try {
    return { ok: true, value: parseDatabaseUrl(value) };
  } catch (error) {
    return { ok: false, problem: (error as Error).message.replace(/^DATABASE_URL: /, '') };
  }
}

function parseInstant(value: string): Parsed<Date> {
  const instant = new Date(value);
  return Number.isNaN(instant.getTime())
    ? { ok: false, problem: 'expected an ISO 8601 instant' }
    : { ok: true, value: instant };
}

function parseLinkTemplate(value: string): Parsed<string> {
  return value.includes('{uid}') && value.includes('{token}')
    ? { ok: true, value }
    : { ok: false, problem: 'expected a link holding {uid} and {token}' };
}

function parseSmtpUrl(value: string): Parsed<string | undefined> {
  try {
    const { protocol } = new URL(value);
    if (protocol === 'smtp:' || protocol === 'smtps:') return { ok: true, value };
  } catch {
    // Reported below, as every other unreadable value.
  }
  return { ok: false, problem: 'expected smtp://host:port or smtps://host:port' };
}
