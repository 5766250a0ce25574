/**
 * The configuration of `accountkit serve` and of the example servers, read from environment
 * variables (documented in `examples/README.md`).
 */
import { dirname, join, resolve } from 'node:path';
import type { ErrorBodyStyle } from '../http/index.js';
import type { TokenAlgorithm } from '../tokens/options.js';
import {
  type DatabaseTarget,
  DEFAULT_DATABASE_URL,
  parseDatabaseUrl,
} from './kysely/open-database.js';
import { type RateLimitSetting, readRateLimitSetting } from './rate-limit.js';

/** Everything the examples read from the environment. */
export interface ServerConfig {
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
export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
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
