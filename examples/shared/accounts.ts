/**
 * The examples' configuration (environment variables, documented in `examples/README.md`) and
 * the account service built from it on the database of `DATABASE_URL`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Accounts, createAccounts } from '../../src/create-accounts.js';
import type { ErrorBodyStyle } from '../../src/http/index.js';
import type { AccountsOptions } from '../../src/options.js';
import type { ThrottleRules } from '../../src/rate-limit/index.js';
import type { AccountsLogger } from '../../src/services/deps.js';
import type { TokenAlgorithm } from '../../src/tokens/options.js';
import {
  type DatabaseTarget,
  DEFAULT_DATABASE_URL,
  describeTarget,
  type OpenDatabase,
  openDatabase,
  parseDatabaseUrl,
} from './database.js';
import { openThrottle, type RateLimitSetting, readRateLimitSetting } from './rate-limit.js';

/** Everything the examples read from the environment. */
export interface ExampleConfig {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseTarget;
  readonly mediaRoot: string;
  /** `ACCOUNTKIT_SIGNING_KEY`: an HS256 secret (≥ 32 bytes) or a PEM private key. */
  readonly signingKey: string | undefined;
  /** `ACCOUNTKIT_SIGNING_ALG` for a PEM key: `EdDSA`, `ES256` or `RS256`. */
  readonly signingAlg: TokenAlgorithm;
  /** `DJANGO_SECRET_KEY`: accept tokens SimpleJWT issued, for the cut-over. */
  readonly djangoSecretKey: string | undefined;
  /** `DJANGO_TOKENS_ISSUED_BEFORE`: refuse SimpleJWT tokens issued at or after this instant. */
  readonly djangoCutover: Date | undefined;
  readonly errorStyle: ErrorBodyStyle;
  /** `TRUST_PROXY`: whose `X-Forwarded-For` to believe (Fastify/Express `trustProxy` syntax). */
  readonly trustProxy: string | undefined;
  /** `PUBLIC_URL`: absolute origin for image URLs and `next` links. */
  readonly publicUrl: string | undefined;
  /** `PUBLIC_PROFILES=1`: `<id>/info/` and the follow lists without a token. */
  readonly publicProfiles: boolean;
  /** `RATE_LIMIT`, `REDIS_URL`: where failed logins, sign-ups and refreshes are counted. */
  readonly rateLimit: RateLimitSetting;
}

/**
 * Read the configuration from `env`.
 * @throws Error naming the variable, for a value that cannot be used.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ExampleConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error('PORT: expected an integer from 0 to 65535');
  }
  const errorStyle = env.ERROR_STYLE ?? 'accountkit';
  if (errorStyle !== 'accountkit' && errorStyle !== 'drf') {
    throw new Error('ERROR_STYLE: expected "accountkit" or "drf"');
  }
  const signingAlg = (env.ACCOUNTKIT_SIGNING_ALG ?? 'EdDSA') as TokenAlgorithm;
  if (!['EdDSA', 'ES256', 'RS256'].includes(signingAlg)) {
    throw new Error('ACCOUNTKIT_SIGNING_ALG: expected EdDSA, ES256 or RS256');
  }
  const cutover = env.DJANGO_TOKENS_ISSUED_BEFORE;
  const djangoCutover = cutover ? new Date(cutover) : undefined;
  if (djangoCutover && Number.isNaN(djangoCutover.getTime())) {
    throw new Error('DJANGO_TOKENS_ISSUED_BEFORE: expected an ISO 8601 instant');
  }
  const database = parseDatabaseUrl(env.DATABASE_URL || DEFAULT_DATABASE_URL);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    database,
    mediaRoot: resolve(
      env.MEDIA_ROOT ||
        (database.kind === 'sqlite' ? join(dirname(database.location), 'media') : 'media'),
    ),
    signingKey: env.ACCOUNTKIT_SIGNING_KEY || undefined,
    signingAlg,
    djangoSecretKey: env.DJANGO_SECRET_KEY || undefined,
    djangoCutover,
    errorStyle,
    trustProxy: env.TRUST_PROXY || undefined,
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    publicProfiles: env.PUBLIC_PROFILES === '1' || env.PUBLIC_PROFILES === 'true',
    rateLimit: readRateLimitSetting(env),
  };
}

/** The service with the database under it. */
export interface ExampleAccounts {
  readonly accounts: Accounts;
  readonly database: OpenDatabase;
  /** Lines worth printing at start-up (which database, which key). */
  readonly notices: readonly string[];
  close(): Promise<void>;
}

/**
 * Open the database (migrating it), the throttle's store, and build the account service.
 * `overrides` replace options (tests pass cheap hashers and a fixed clock, which the throttle
 * follows too); `throttleRules` replace the library's limits (tests make them small).
 */
export async function openAccounts(
  config: ExampleConfig,
  overrides: Partial<AccountsOptions> = {},
  throttleRules?: ThrottleRules,
): Promise<ExampleAccounts> {
  const notices: string[] = [];
  const key = signingKey(config, notices);
  const database = await openDatabase(config.database);
  notices.unshift(
    `database: ${describeTarget(config.database)}${database.django ? ' (Django tables, served in place)' : ''}${
      database.applied.length > 0 ? `, applied ${database.applied.length} migration(s)` : ''
    }`,
  );
  const logger: AccountsLogger = {
    warn: (message, details) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`),
  };
  // Closes what opened so far when a later step fails.
  const closers = [() => database.close()];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const limits = await openThrottle(
      config.rateLimit,
      { db: database.db, kind: config.database.kind },
      {
        logger,
        ...(throttleRules ? { rules: throttleRules } : {}),
        ...(overrides.clock ? { clock: overrides.clock } : {}),
      },
    );
    closers.push(() => limits.close());
    notices.splice(1, 0, limits.notice);
    const accounts = await createAccounts({
      storage: database.storage,
      tokens: {
        keys: key.startsWith('-----BEGIN') ? { alg: config.signingAlg, key } : key,
        ...(config.djangoSecretKey === undefined
          ? {}
          : {
              simpleJwt: {
                secret: config.djangoSecretKey,
                ...(config.djangoCutover ? { acceptIssuedBefore: config.djangoCutover } : {}),
              },
            }),
      },
      media: {
        root: config.mediaRoot,
        ...(config.publicUrl ? { baseUrl: `${config.publicUrl}/media/` } : {}),
      },
      logger,
      ...(limits.throttle ? { throttle: limits.throttle } : {}),
      ...overrides,
      // Django REST Framework trimmed passwords before hashing them; its users still type them
      // with the whitespace.
      passwords: { ...(database.django ? { acceptTrimmed: true } : {}), ...overrides.passwords },
    });
    return { accounts, database, notices, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * `ACCOUNTKIT_SIGNING_KEY`, or for SQLite a development key generated once and kept next to
 * the database file (so tokens survive restarts). Server databases need the variable.
 */
function signingKey(config: ExampleConfig, notices: string[]): string {
  if (config.signingKey !== undefined) return config.signingKey;
  if (config.database.kind !== 'sqlite') {
    throw new Error('ACCOUNTKIT_SIGNING_KEY: required with a PostgreSQL or MySQL database');
  }
  const file = `${config.database.location}.signing-key`;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    notices.push(`signing key: generated a development key in ${file}`);
  } else {
    notices.push(`signing key: development key from ${file}`);
  }
  notices.push('  (set ACCOUNTKIT_SIGNING_KEY in production)');
  return readFileSync(file, 'utf8').trim();
}
