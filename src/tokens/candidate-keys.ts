import type { KeyRing, VerifyingKey } from './keys.js';
import { invalidToken } from './token-errors.js';

/**
 * Header parameters that would let a token choose its own key (RFC 8725 §3.10) or change how
 * the payload is read; none is ever honoured, so their presence marks a forged token.
 */
const REFUSED_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit', 'b64', 'zip'];

/**
 * The keys that may have signed a token with this header; throws when none may.
 * @throws AuthenticationError `TOKEN_INVALID`.
 * @internal
 */
export function candidateKeys(
  header: Record<string, unknown>,
  ring: Pick<KeyRing, 'byKid' | 'withoutKid'>,
): readonly VerifyingKey[] {
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

/**
 * The header segments that accountkit (and SimpleJWT) write, each with its candidate keys, so
 * the tokens a deployment issues are matched to their keys without decoding the header.
 * @internal
 */
export function issuedHeaders(
  ring: Pick<KeyRing, 'byKid' | 'withoutKid'>,
): Map<string, readonly VerifyingKey[]> {
  const headers = [
    ...ring.withoutKid.map((key) => ({ alg: key.alg, typ: 'JWT' })),
    ...[...ring.byKid].map(([kid, key]) => ({ alg: key.alg, kid, typ: 'JWT' })),
  ];
  return new Map(
    headers.map((header) => [
      Buffer.from(JSON.stringify(header)).toString('base64url'),
      candidateKeys(header, ring),
    ]),
  );
}
