/**
 * The account service `accountkit serve` runs, built from its configuration on the database
 * of `DATABASE_URL`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Accounts, createAccounts } from '../create-accounts.js';
import type { AccountsEvent } from '../events/accounts-event.js';
import type { AccountsOptions } from '../options.js';
import { systemRandom } from '../platform/random.js';
import type { ThrottleRules } from '../rate-limit/index.js';
import type { AccountsLogger } from '../services/deps.js';
import type { TokenKey } from '../tokens/options.js';
import type { ServerConfig } from './config.js';
import { definedOnly } from './config-values.js';
import { describeTarget, type OpenDatabase, openDatabase } from './kysely/open-database.js';
import { openMailer } from './mailer.js';
import { openThrottle } from './rate-limit.js';

/** The service with the database under it. */
export interface ServerAccounts {
  readonly accounts: Accounts;
  readonly database: OpenDatabase;
  /** Lines worth printing at start-up (which database, which key). */
  readonly notices: readonly string[];
  close(): Promise<void>;
}

/**
 * Open the database (migrating it), the throttle's store, and build the account service.
 * `overrides` replace options (tests pass cheap hashers and a fixed clock, which the throttle
 * follows too); `throttleRules` replace the configured limits (tests make them small).
 */
export async function openServerAccounts(
  config: ServerConfig,
  overrides: Partial<AccountsOptions> = {},
  throttleRules?: ThrottleRules,
): Promise<ServerAccounts> {
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
        rules: { ...config.rateLimitRules, ...throttleRules },
        ...(overrides.clock ? { clock: overrides.clock } : {}),
      },
    );
    closers.push(() => limits.close());
    notices.splice(1, 0, limits.notice);
    const mail = await openMailer(config.mail, (text) => process.stdout.write(text));
    closers.push(() => mail.close());
    const resetSecret = config.djangoSecretKey ?? secretOf(key);
    notices.push(
      resetSecret === undefined
        ? 'password reset and email verification: off (set DJANGO_SECRET_KEY, or use an HS256 signing key)'
        : mail.notice,
    );
    const accounts = await createAccounts({
      storage: database.storage,
      tokens: {
        keys: { signing: key, verifying: config.verifyingKeys },
        ...definedOnly({
          accessLifetimeSeconds: config.accessLifetimeSeconds,
          refreshLifetimeSeconds: config.refreshLifetimeSeconds,
          leewaySeconds: config.leewaySeconds,
        }),
        ...config.account.tokens,
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
        ...config.account.media,
      },
      ...config.account.general,
      logger,
      ...(limits.throttle ? { throttle: limits.throttle } : {}),
      ...(config.eventLog ? { events: { onEvent: writeEventLine } } : {}),
      sessions: { address: config.sessionAddress },
      ...(resetSecret === undefined
        ? {}
        : {
            passwordReset: {
              secret: resetSecret,
              mailer: mail.mailer,
              link: (uid: string, token: string) =>
                config.passwordResetUrl.replace('{uid}', uid).replace('{token}', token),
            },
            emailVerification: {
              secret: resetSecret,
              mailer: mail.mailer,
              link: (key: string) => config.emailVerificationUrl.replace('{key}', key),
            },
          }),
      ...overrides,
      // Django REST Framework trimmed passwords before hashing them; its users still type them
      // with the whitespace.
      passwords: {
        ...(database.django ? { acceptTrimmed: true } : {}),
        ...config.account.passwords,
        ...overrides.passwords,
      },
    });
    calibrateInBackground(accounts, database, logger);
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
function signingKey(config: ServerConfig, notices: string[]): TokenKey {
  if (config.signingKey !== undefined) return config.signingKey;
  if (config.database.kind !== 'sqlite') {
    throw new Error('ACCOUNTKIT_SIGNING_KEY: required with a PostgreSQL or MySQL database');
  }
  const file = `${config.database.location}.signing-key`;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(systemRandom.bytes(32)).toString('base64url'), {
      mode: 0o600,
      flag: 'wx',
    });
    notices.push(`signing key: generated a development key in ${file}`);
  } else {
    notices.push(`signing key: development key from ${file}`);
  }
  notices.push('  (set ACCOUNTKIT_SIGNING_KEY in production)');
  const key = readFileSync(file, 'utf8').trim();
  return config.signingKid === undefined
    ? { alg: 'HS256', key }
    : { alg: 'HS256', key, kid: config.signingKid };
}

/**
 * An HS256 signing secret, which can sign reset tokens too (under Django's own key salt, so the
 * two uses never share a derived key); `undefined` for a private key.
 */
function secretOf(key: TokenKey): string | undefined {
  return (key.alg ?? 'HS256') === 'HS256' && typeof key.key === 'string' ? key.key : undefined;
}

/** How many of the oldest and of the newest users' hashes the start-up calibration reads. */
const CALIBRATION_SAMPLE = 500;

/**
 * Teach the failure floor the hash formats this database holds, without holding up the
 * start: until it is done, the first failed login on a slow kind still takes that kind's time.
 */
function calibrateInBackground(
  accounts: Accounts,
  database: OpenDatabase,
  logger: AccountsLogger,
): void {
  database
    .samplePasswords(CALIBRATION_SAMPLE)
    .then((stored) => accounts.calibratePasswords({ stored }))
    .catch((error: unknown) => {
      logger.warn('Password calibration failed.', {
        error: error instanceof Error ? error.name : typeof error,
      });
    });
}

/**
 * One account event as one JSON line on stdout, for log shippers. Events carry no password,
 * hash, token or key, so the line needs no redaction.
 */
function writeEventLine(event: AccountsEvent): void {
  process.stdout.write(`${JSON.stringify({ event: event.type, ...event })}\n`);
}
