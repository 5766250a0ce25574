import { type CryptoKey, exportJWK, importJWK, importPKCS8, importSPKI, type JWK } from 'jose';
import { ConfigurationError } from '../errors/errors.js';
import { issuedHeaders } from './candidate-keys.js';
import {
  type ParsedKey,
  secretBytes,
  type TokenAlgorithm,
  type TokenConfig,
  type TokenKeyMaterial,
} from './options.js';
import {
  hmacSha256Check,
  hmacSha256Signer,
  joseCheck,
  joseSigner,
  type SignatureCheck,
  type Signer,
  type TokenHeader,
} from './signature.js';

/** A key that verifies tokens of exactly one algorithm. @internal */
export interface VerifyingKey {
  readonly alg: TokenAlgorithm;
  readonly check: SignatureCheck;
  /** Verifies accountkit's own tokens. */
  readonly own: boolean;
  /** Verifies SimpleJWT's tokens (the Django secret); both flags are set when it is the same secret. */
  readonly legacy: boolean;
}

/** Every key, imported once. @internal */
export interface KeyRing {
  /** Signs new tokens with the signing key, under its header (with its `kid`, if any). */
  readonly sign: Signer;
  readonly byKid: ReadonlyMap<string, VerifyingKey>;
  /** Candidates for a token without `kid`: the own key without kid first, then SimpleJWT's. */
  readonly withoutKid: readonly VerifyingKey[];
  /** The header segments of tokens this ring's keys sign, each with its candidate keys. */
  readonly byHeader: ReadonlyMap<string, readonly VerifyingKey[]>;
  /** Public keys for the JWKS document; `null` when every key is HMAC. */
  readonly jwks: readonly JWK[] | null;
}

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'] as const;

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
  readonly check: SignatureCheck;
  /** A signer for a header; `null` for a public key, which cannot sign. */
  readonly signer: ((header: TokenHeader) => Signer) | null;
  readonly publicJwk: JWK | null;
  /** The HS256 secret, kept to recognise the Django secret among the keys. */
  readonly secret: Uint8Array | null;
}

async function importOne(parsed: ParsedKey, where: string): Promise<ImportedKey> {
  try {
    if (parsed.alg === 'HS256') {
      const secret = secretBytes(parsed.material as string | Uint8Array);
      return {
        parsed,
        check: hmacSha256Check(secret),
        signer: (header) => hmacSha256Signer(secret, header),
        publicJwk: null,
        secret,
      };
    }
    const { privateKey, publicJwk } = await importAsymmetric(parsed.alg, parsed.material);
    const verifyKey = (await importJWK(publicJwk, parsed.alg)) as CryptoKey;
    checkStrength(parsed.alg, verifyKey);
    return {
      parsed,
      check: joseCheck(parsed.alg, verifyKey),
      signer: privateKey === null ? null : (header) => joseSigner(privateKey, header),
      publicJwk,
      secret: null,
    };
  } catch (cause) {
    throw new ConfigurationError([`${where}: unusable ${parsed.alg} key`], { cause });
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/**
 * Import every key once, so nothing is parsed or imported per token.
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
  if (signing.signer === null) {
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
      check: entry.check,
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
      check: hmacSha256Check(legacySecret),
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
  const header: TokenHeader = kid === undefined ? { alg, typ: 'JWT' } : { alg, kid, typ: 'JWT' };
  return {
    sign: signing.signer(header),
    byKid,
    withoutKid,
    byHeader: issuedHeaders({ byKid, withoutKid }),
    jwks: jwks.length > 0 ? jwks : null,
  };
}
