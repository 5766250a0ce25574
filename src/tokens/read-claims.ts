import { SESSION_ID_PATTERN } from '../core/session-id.js';
import { TOKEN_ID_CLAIM, TOKEN_TYPE_CLAIM, USER_ID_CLAIM } from '../core/token-claims.js';
import { FAMILY_CLAIM, TOKEN_VERSION_CLAIM } from './claims.js';
import type { VerifyingKey } from './keys.js';
import type { TokenConfig } from './options.js';
import { invalidToken } from './token-errors.js';
import type { TokenType, VerifiedToken } from './token-service.js';

/** A token id as accountkit and SimpleJWT (`uuid4().hex`) write it. */
const HEX_ID = /^[0-9a-f]{32}$/;

/** 128 bits as 32 lowercase hex digits: our ids, and SimpleJWT's `uuid4().hex`. */
/** SimpleJWT ≥ 5.5.1 writes `user_id` as a string; Django's ids are positive integers. */
const DECIMAL_ID = /^[1-9][0-9]{0,15}$/;

function fail(claim: string): never {
  throw invalidToken(new Error(`claim "${claim}" missing or malformed`));
}

function numericDate(claims: Record<string, unknown>, name: string): number {
  const value = claims[name];
  // `1e400` parses as Infinity: a token that never expires unless finiteness is checked.
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(name);
  return value;
}

function userId(value: unknown, legacy: boolean): number {
  if (Number.isSafeInteger(value) && (value as number) > 0) return value as number;
  if (legacy && typeof value === 'string' && DECIMAL_ID.test(value)) {
    const id = Number(value);
    if (Number.isSafeInteger(id)) return id;
  }
  return fail(USER_ID_CLAIM);
}

/**
 * When a SimpleJWT token without `iat` was issued. SimpleJWT before 5.0, and tokens made with
 * PyJWT alone, carry no `iat`; SimpleJWT set `exp` to the instant it issued the token plus the
 * lifetime of its type, so `exp` minus that lifetime is the issue time, exactly when the
 * configured lifetimes are Django's (`ACCESS_TOKEN_LIFETIME`, `REFRESH_TOKEN_LIFETIME`; the
 * defaults are SimpleJWT's).
 */
function lifetimeOf(type: TokenType, config: TokenConfig): number {
  return type === 'access' ? config.accessLifetimeSeconds : config.refreshLifetimeSeconds;
}

function tokenType(value: unknown): TokenType {
  if (value === 'access' || value === 'refresh') return value;
  return fail(TOKEN_TYPE_CLAIM);
}

function audienceMatches(claim: unknown, expected: string | readonly string[]): boolean {
  const wanted = typeof expected === 'string' ? [expected] : expected;
  const given = typeof claim === 'string' ? [claim] : Array.isArray(claim) ? claim : [];
  return given.some((entry) => typeof entry === 'string' && wanted.includes(entry));
}

/**
 * Check that every required claim is present and well-typed and turn them into a
 * {@link VerifiedToken}. Which rules apply follows from the key that verified the signature:
 * SimpleJWT's secret only vouches for SimpleJWT's shape, in which `iat` may be missing (its
 * issue time is then inferred from `exp`, and the cut-over judges that). Times are checked by
 * the caller.
 * @throws AuthenticationError `TOKEN_INVALID`.
 * @internal
 */
export function readClaims(
  claims: Record<string, unknown>,
  key: VerifyingKey,
  config: TokenConfig,
): VerifiedToken {
  // With one secret shared by both issuers, the `ver` claim (never written by SimpleJWT) tells
  // them apart; each shape is then held to its own rules.
  const legacy = key.legacy && !(key.own && TOKEN_VERSION_CLAIM in claims);
  const type = tokenType(claims[TOKEN_TYPE_CLAIM]);
  const expiresAt = numericDate(claims, 'exp');
  const issuedAt =
    legacy && !Object.hasOwn(claims, 'iat')
      ? expiresAt - lifetimeOf(type, config)
      : numericDate(claims, 'iat');
  if (claims.nbf !== undefined) numericDate(claims, 'nbf');
  const jti = claims[TOKEN_ID_CLAIM];
  if (typeof jti !== 'string' || !HEX_ID.test(jti)) fail(TOKEN_ID_CLAIM);
  const id = userId(claims[USER_ID_CLAIM], legacy);

  if (legacy) {
    if (TOKEN_VERSION_CLAIM in claims) fail(TOKEN_VERSION_CLAIM);
    if (FAMILY_CLAIM in claims) fail(FAMILY_CLAIM);
    const cutOver = config.legacy?.acceptIssuedBefore;
    if (cutOver !== undefined && issuedAt >= cutOver) fail('iat (after the SimpleJWT cut-over)');
    return {
      tokenType: type,
      userId: id,
      jti,
      issuedAt,
      expiresAt,
      tokenVersion: null,
      familyId: null,
      legacy: true,
    };
  }

  const version = claims[TOKEN_VERSION_CLAIM];
  if (!Number.isSafeInteger(version) || (version as number) < 0) fail(TOKEN_VERSION_CLAIM);
  // Required on refresh tokens; access tokens name their session too, but older ones did not.
  const family = claims[FAMILY_CLAIM];
  if (
    (type === 'refresh' || family !== undefined) &&
    (typeof family !== 'string' || !SESSION_ID_PATTERN.test(family))
  ) {
    fail(FAMILY_CLAIM);
  }
  const { issuer, audience } = config.claims;
  if (issuer !== undefined && claims.iss !== issuer) fail('iss');
  if (audience !== undefined && !audienceMatches(claims.aud, audience)) fail('aud');
  return {
    tokenType: type,
    userId: id,
    jti,
    issuedAt,
    expiresAt,
    tokenVersion: version as number,
    familyId: (family as string | undefined) ?? null,
    legacy: false,
  };
}
