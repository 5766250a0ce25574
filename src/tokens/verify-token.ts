import { compactVerify } from 'jose';
import { AuthenticationError } from '../errors/errors.js';
import type { KeyRing, VerifyingKey } from './keys.js';
import { TOKEN_ALGORITHMS, type TokenConfig } from './options.js';
import { readClaims } from './read-claims.js';
import { expiredToken, invalidToken } from './token-errors.js';
import type { TokenType, VerifiedToken } from './token-service.js';

/** Well under the 8 KiB header limits of common proxies; longer input is never parsed. */
const MAX_TOKEN_LENGTH = 8_192;
/** Exactly three base64url parts with a non-empty signature: no JWE, no unsecured JWS. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/**
 * Header parameters that would let a token choose its own key (RFC 8725 §3.10) or change how
 * the payload is read; none is ever honoured, so their presence marks a forged token.
 */
const REFUSED_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit', 'b64', 'zip'];

/** The keys that may have signed a token with this header; throws when none may. */
function candidateKeys(header: Record<string, unknown>, ring: KeyRing): readonly VerifyingKey[] {
  for (const name of REFUSED_HEADERS) {
    if (name in header) throw invalidToken(new Error(`header parameter "${name}"`));
  }
  if (header.typ !== undefined && header.typ !== 'JWT') throw invalidToken(new Error('typ'));
  const { kid, alg } = header;
  let keys: readonly VerifyingKey[] = [];
  if (kid === undefined) keys = ring.withoutKid;
  else if (typeof kid === 'string') {
    const key = ring.byKid.get(kid);
    if (key !== undefined) keys = [key];
  }
  // Each key is bound to one algorithm: the header selects among our keys, never the reverse.
  const matching = keys.filter((key) => key.alg === alg);
  if (matching.length === 0) throw invalidToken(new Error('no key for this kid and alg'));
  return matching;
}

/** jose's own allow-list; the binding of each key to one of these is in {@link candidateKeys}. */
const ALLOWED = { algorithms: [...TOKEN_ALGORITHMS] };

/**
 * Check the signature with each candidate key in turn (at most two: our key without `kid` and
 * SimpleJWT's). jose parses the header once and hands it to the key selector.
 */
async function checkSignature(
  token: string,
  ring: KeyRing,
): Promise<{ payload: Uint8Array; key: VerifyingKey }> {
  let candidates: readonly VerifyingKey[] = [];
  let failure: unknown;
  for (let attempt = 0; attempt === 0 || attempt < candidates.length; attempt += 1) {
    let key: VerifyingKey | undefined;
    const select = (header: object) => {
      if (attempt === 0) candidates = candidateKeys(header as Record<string, unknown>, ring);
      key = candidates[attempt]!;
      return key.key;
    };
    try {
      const { payload } = await compactVerify(token, select, ALLOWED);
      return { payload, key: key! };
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      failure = error;
    }
  }
  throw invalidToken(failure);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function parsePayload(payload: Uint8Array): Record<string, unknown> {
  let claims: unknown;
  try {
    claims = JSON.parse(decoder.decode(payload));
  } catch (cause) {
    throw invalidToken(cause);
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw invalidToken(new Error('payload is not a JSON object'));
  }
  return claims as Record<string, unknown>;
}

/**
 * Verify a token: shape, header, signature, then claims, type and times, in that order, so a
 * forged token is `TOKEN_INVALID` whatever its claims say. Times are checked here and only here
 * (SECURITY §5.8): valid iff `exp > now − L`, `nbf ≤ now + L`, `iat ≤ now + L`.
 * @throws AuthenticationError `TOKEN_INVALID` or `TOKEN_EXPIRED`.
 * @internal
 */
export async function verifyToken(
  ring: KeyRing,
  config: TokenConfig,
  token: unknown,
  expectedType: TokenType,
  now: Date,
): Promise<VerifiedToken> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (!Number.isFinite(nowSeconds)) throw new TypeError('now must be a valid Date');
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
    throw invalidToken(new Error('not a compact JWS'));
  }
  const { payload, key } = await checkSignature(token, ring);
  const claims = parsePayload(payload);
  const verified = readClaims(claims, key, config);
  if (verified.tokenType !== expectedType) throw invalidToken(new Error('wrong token_type'));

  const leeway = config.leewaySeconds;
  if (verified.expiresAt <= nowSeconds - leeway) throw expiredToken('exp');
  if (claims.nbf !== undefined && (claims.nbf as number) > nowSeconds + leeway) {
    throw expiredToken('nbf');
  }
  if (verified.issuedAt > nowSeconds + leeway) throw expiredToken('iat');
  return verified;
}
