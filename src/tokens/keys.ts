import { type CryptoKey, exportJWK, importJWK, importPKCS8, importSPKI, type JWK } from 'jose';
import { ConfigurationError } from '../errors/errors.js';
import {
  type ParsedKey,
  secretBytes,
  type TokenAlgorithm,
  type TokenConfig,
  type TokenKeyMaterial,
} from './options.js';

/** A key that verifies tokens of exactly one algorithm. @internal */
export interface VerifyingKey {
  readonly alg: TokenAlgorithm;
  readonly key: CryptoKey;
  /** Verifies accountkit's own tokens. */
  readonly own: boolean;
  /** Verifies SimpleJWT's tokens (the Django secret); both flags are set when it is the same secret. */
  readonly legacy: boolean;
}

/** Every key, imported once. @internal */
export interface KeyRing {
  readonly signing: {
    readonly header: { readonly alg: TokenAlgorithm; readonly kid?: string; readonly typ: 'JWT' };
    readonly key: CryptoKey;
  };
  readonly byKid: ReadonlyMap<string, VerifyingKey>;
  /** Candidates for a token without `kid`: the own key without kid first, then SimpleJWT's. */
  readonly withoutKid: readonly VerifyingKey[];
  /** Public keys for the JWKS document; `null` when every key is HMAC. */
  readonly jwks: readonly JWK[] | null;
}

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'] as const;

/** Web Crypto HMAC key: jose re-imports raw bytes on every call, which halves throughput. */
function importHmac(secret: Uint8Array): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey(
    'raw',
    secret,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

async function importAsymmetric(
  alg: TokenAlgorithm,
  material: TokenKeyMaterial,
): Promise<{ privateKey: CryptoKey | null; publicJwk: JWK }> {
  let imported: CryptoKey;
  if (typeof material === 'string') {
    const pem = material.trim();
    if (pem.startsWith('-----BEGIN PRIVATE KEY-----')) {
      imported = await importPKCS8(pem, alg, { extractable: true });
    } else if (pem.startsWith('-----BEGIN PUBLIC KEY-----')) {
      imported = await importSPKI(pem, alg, { extractable: true });
    } else {
      throw new TypeError('expected a PKCS#8 private or SPKI public key in PEM');
    }
  } else {
    imported = (await importJWK(material as JWK, alg, { extractable: true })) as CryptoKey;
  }
  const jwk = await exportJWK(imported);
  const publicJwk: JWK = { ...jwk };
  for (const member of PRIVATE_JWK_MEMBERS) delete publicJwk[member];
  delete publicJwk.key_ops;
  delete publicJwk.ext;
  if (imported.type !== 'private') return { privateKey: null, publicJwk };
  // Re-imported so the signing key held for the process lifetime cannot be exported.
  const privateKey = (await importJWK({ ...jwk, ext: false }, alg)) as CryptoKey;
  return { privateKey, publicJwk };
}

function checkStrength(alg: TokenAlgorithm, key: CryptoKey): void {
  const { modulusLength } = key.algorithm as { modulusLength?: number };
  if (alg === 'RS256' && !(typeof modulusLength === 'number' && modulusLength >= 2048)) {
    throw new TypeError('RS256 keys must have a modulus of at least 2048 bits');
  }
}

interface ImportedKey {
  readonly parsed: ParsedKey;
  readonly signKey: CryptoKey | null;
  readonly verifyKey: CryptoKey;
  readonly publicJwk: JWK | null;
  readonly secret: Uint8Array | null;
}

async function importOne(parsed: ParsedKey, where: string): Promise<ImportedKey> {
  try {
    if (parsed.alg === 'HS256') {
      const secret = secretBytes(parsed.material as string | Uint8Array);
      const key = await importHmac(secret);
      return { parsed, signKey: key, verifyKey: key, publicJwk: null, secret };
    }
    const { privateKey, publicJwk } = await importAsymmetric(parsed.alg, parsed.material);
    const verifyKey = (await importJWK(publicJwk, parsed.alg)) as CryptoKey;
    checkStrength(parsed.alg, verifyKey);
    return { parsed, signKey: privateKey, verifyKey, publicJwk, secret: null };
  } catch (cause) {
    throw new ConfigurationError([`${where}: unusable ${parsed.alg} key`], { cause });
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/**
 * Import every key once, so the hot path hands jose ready `CryptoKey`s.
 * @throws ConfigurationError `CONFIGURATION_ERROR` when a key cannot be imported, is too weak
 *   (RSA under 2048 bits), or the signing key is a public key.
 * @internal
 */
export async function importKeyRing(config: TokenConfig): Promise<KeyRing> {
  const imported = await Promise.all(
    config.verifying.map((parsed, index) =>
      importOne(parsed, index === 0 ? 'tokens.keys.signing' : `tokens.keys.verifying.${index - 1}`),
    ),
  );
  const signing = imported[0]!;
  if (signing.signKey === null) {
    throw new ConfigurationError([
      `tokens.keys.signing: ${signing.parsed.alg} needs a private key`,
    ]);
  }

  const byKid = new Map<string, VerifyingKey>();
  const withoutKid: VerifyingKey[] = [];
  const legacySecret = config.legacy?.secret;
  for (const entry of imported) {
    const { kid, alg } = entry.parsed;
    const legacy =
      legacySecret !== undefined && entry.secret !== null && sameBytes(entry.secret, legacySecret);
    const verifying: VerifyingKey = {
      alg,
      key: entry.verifyKey,
      own: true,
      legacy: legacy && kid === undefined,
    };
    if (kid === undefined) withoutKid.push(verifying);
    else byKid.set(kid, verifying);
  }
  if (legacySecret !== undefined && !withoutKid.some((entry) => entry.legacy)) {
    // SimpleJWT never writes `kid`, so its secret only ever answers tokens without one.
    withoutKid.push({
      alg: 'HS256',
      key: await importHmac(legacySecret),
      own: false,
      legacy: true,
    });
  }

  const jwks = imported.flatMap(({ parsed, publicJwk }) =>
    publicJwk === null
      ? []
      : [
          {
            ...publicJwk,
            ...(parsed.kid === undefined ? {} : { kid: parsed.kid }),
            alg: parsed.alg,
            use: 'sig',
          },
        ],
  );
  const { kid, alg } = signing.parsed;
  return {
    signing: {
      header: kid === undefined ? { alg, typ: 'JWT' } : { alg, kid, typ: 'JWT' },
      key: signing.signKey,
    },
    byKid,
    withoutKid,
    jwks: jwks.length > 0 ? jwks : null,
  };
}
