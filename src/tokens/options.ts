import type { JWK } from 'jose';
import { z } from 'zod';
import { ConfigurationError } from '../errors/errors.js';
import type { RandomSource } from '../platform/random.js';
import { type ClaimSettings, RESERVED_CLAIMS } from './claims.js';

/** The signing algorithms accountkit accepts; each key is bound to exactly one. */
export const TOKEN_ALGORITHMS = ['HS256', 'EdDSA', 'ES256', 'RS256'] as const;

/** One of {@link TOKEN_ALGORITHMS}. */
export type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[number];

/**
 * Key material. HS256: the secret as a string (UTF-8) or bytes, at least 32 bytes.
 * EdDSA (Ed25519), ES256, RS256: a PEM string (PKCS#8 private or SPKI public key) or a JWK.
 */
export type TokenKeyMaterial = string | Uint8Array | JWK;

/** One key, bound to one algorithm. */
export interface TokenKey {
  /** Written to the `kid` header of tokens it signs; tokens naming another `kid` never match it. */
  readonly kid?: string;
  /** Defaults to `HS256`, SimpleJWT's algorithm. */
  readonly alg?: TokenAlgorithm;
  readonly key: TokenKeyMaterial;
}

/** A rotating key set: new tokens are signed with `signing`; all keys verify. */
export interface TokenKeySet {
  readonly signing: TokenKey;
  /** Earlier keys that still verify the tokens they signed. */
  readonly verifying?: readonly TokenKey[];
}

/** Options of {@link createTokenService}. */
export interface TokenServiceOptions {
  /** A HS256 secret, one key, or a key set for rotation. */
  readonly keys: string | Uint8Array | TokenKey | TokenKeySet;
  /** Default 300 (SimpleJWT's 5 minutes). */
  readonly accessLifetimeSeconds?: number;
  /** Default 86,400 (SimpleJWT's 1 day). */
  readonly refreshLifetimeSeconds?: number;
  /** One tolerance for `exp`, `nbf` and `iat`, 0 to 300; default 0 (SimpleJWT parity). */
  readonly leewaySeconds?: number;
  /** Written as `iss` and required on verification when set. */
  readonly issuer?: string;
  /** Written as `aud` and required on verification when set. */
  readonly audience?: string | readonly string[];
  /** Name of the username claim; default `username`. */
  readonly usernameClaim?: string;
  /** Prefix of the `profile_pic` claim (Django's `MEDIA_URL`); default `/media/`. */
  readonly mediaBaseUrl?: string;
  /** Source of token ids and family ids. */
  readonly random: RandomSource;
  /** Accept tokens issued by SimpleJWT during a cut-over. */
  readonly simpleJwt?: {
    /** Django's `SECRET_KEY` (or `SIMPLE_JWT['SIGNING_KEY']`); may be shorter than 32 bytes. */
    readonly secret: string;
    /** Refuse SimpleJWT tokens issued at or after this instant (the cut-over). */
    readonly acceptIssuedBefore?: Date;
  };
}

/** A key after validation. @internal */
export interface ParsedKey {
  readonly kid: string | undefined;
  readonly alg: TokenAlgorithm;
  readonly material: TokenKeyMaterial;
}

/** Options after validation, defaults filled. @internal */
export interface TokenConfig {
  readonly signing: ParsedKey;
  readonly verifying: readonly ParsedKey[];
  readonly accessLifetimeSeconds: number;
  readonly refreshLifetimeSeconds: number;
  readonly leewaySeconds: number;
  readonly claims: ClaimSettings;
  readonly random: RandomSource;
  readonly legacy: { readonly secret: Uint8Array; readonly acceptIssuedBefore?: number } | null;
}

const MIN_HMAC_BYTES = 32;
const MAX_LEEWAY_SECONDS = 300;
/** Secrets seen in tutorials and default settings; refused whatever their length. */
const KNOWN_WEAK_SECRETS = new Set(['secret', 'changeme', 'your-256-bit-secret']);

const material = z.union([
  z.string().min(1),
  z.instanceof(Uint8Array),
  z.looseObject({ kty: z.string() }),
]);
const key = z.strictObject({
  kid: z.string().min(1).max(256).optional(),
  alg: z.enum(TOKEN_ALGORITHMS).default('HS256'),
  key: material,
});
const lifetime = z
  .number()
  .int()
  .positive()
  .max(10 * 365 * 86_400);

const NONE: readonly z.output<typeof key>[] = [];
const keysSchema = z.union([
  z
    .string()
    .transform((secret) => ({ signing: { alg: 'HS256' as const, key: secret }, verifying: NONE })),
  z
    .instanceof(Uint8Array)
    .transform((secret) => ({ signing: { alg: 'HS256' as const, key: secret }, verifying: NONE })),
  z.strictObject({ signing: key, verifying: z.array(key).default([]) }),
  key.transform((single) => ({ signing: single, verifying: NONE })),
]);

const schema = z.strictObject({
  keys: keysSchema,
  accessLifetimeSeconds: lifetime.default(300),
  refreshLifetimeSeconds: lifetime.default(86_400),
  leewaySeconds: z.number().int().min(0).max(MAX_LEEWAY_SECONDS).default(0),
  issuer: z.string().min(1).optional(),
  audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  usernameClaim: z
    .string()
    .min(1)
    .refine((name) => !RESERVED_CLAIMS.includes(name), 'is a reserved claim name')
    .optional(),
  mediaBaseUrl: z.string().min(1).optional(),
  random: z.custom<RandomSource>(
    (value) => typeof (value as RandomSource | null)?.bytes === 'function',
    'must be a RandomSource',
  ),
  simpleJwt: z
    .strictObject({
      secret: z.string().min(1),
      acceptIssuedBefore: z
        .date()
        .refine((date) => Number.isFinite(date.getTime()), 'must be a valid date')
        .optional(),
    })
    .optional(),
});

const encoder = new TextEncoder();

/** The secret's bytes as HMAC uses them. @internal */
export function secretBytes(secret: string | Uint8Array): Uint8Array {
  return typeof secret === 'string' ? encoder.encode(secret) : secret;
}

function keyProblems(parsed: ParsedKey, where: string): string[] {
  if (parsed.alg !== 'HS256') {
    return parsed.material instanceof Uint8Array
      ? [`${where}: ${parsed.alg} needs a PEM or JWK`]
      : [];
  }
  if (typeof parsed.material !== 'string' && !(parsed.material instanceof Uint8Array)) {
    return [`${where}: HS256 needs a string or Uint8Array secret`];
  }
  const problems: string[] = [];
  if (secretBytes(parsed.material).length < MIN_HMAC_BYTES) {
    problems.push(
      `${where}: HS256 secret must be at least ${MIN_HMAC_BYTES} bytes (RFC 7518 §3.2)`,
    );
  }
  if (
    typeof parsed.material === 'string' &&
    KNOWN_WEAK_SECRETS.has(parsed.material.toLowerCase())
  ) {
    problems.push(`${where}: HS256 secret is a well-known placeholder`);
  }
  return problems;
}

function keyRingProblems(signing: ParsedKey, verifying: readonly ParsedKey[]): string[] {
  const problems = [
    ...keyProblems(signing, 'tokens.keys.signing'),
    ...verifying.flatMap((entry, index) => keyProblems(entry, `tokens.keys.verifying.${index}`)),
  ];
  const all = [signing, ...verifying];
  const kids = all.flatMap((entry) => (entry.kid === undefined ? [] : [entry.kid]));
  if (new Set(kids).size !== kids.length) problems.push('tokens.keys: kid values must be unique');
  // A token without `kid` must map to one key, never to "whichever verifies".
  if (all.length - kids.length > 1) problems.push('tokens.keys: at most one key may omit kid');
  return problems;
}

function toParsedKey(input: {
  kid?: string | undefined;
  alg: TokenAlgorithm;
  key: unknown;
}): ParsedKey {
  return { kid: input.kid, alg: input.alg, material: input.key as TokenKeyMaterial };
}

/**
 * Validate options once and fill defaults.
 * @throws ConfigurationError `CONFIGURATION_ERROR` listing every problem found.
 * @internal
 */
export function parseTokenOptions(options: TokenServiceOptions): TokenConfig {
  const result = schema.safeParse(options);
  const problems = result.success
    ? []
    : result.error.issues.map(
        (issue) => `${['tokens', ...issue.path.map(String)].join('.')}: ${issue.message}`,
      );
  // The keys are judged even when another option failed, so one pass reports every problem.
  const keys = result.success
    ? result.data.keys
    : keysSchema.safeParse((options as { keys?: unknown } | null)?.keys).data;
  const signing = keys === undefined ? undefined : toParsedKey(keys.signing);
  const verifying = keys === undefined ? [] : keys.verifying.map(toParsedKey);
  if (signing !== undefined) problems.push(...keyRingProblems(signing, verifying));
  if (!result.success || signing === undefined || problems.length > 0) {
    throw new ConfigurationError(problems, result.success ? {} : { cause: result.error });
  }
  const value = result.data;
  const all = [signing, ...verifying];
  const cutOver = value.simpleJwt?.acceptIssuedBefore;
  return {
    signing,
    verifying: all,
    accessLifetimeSeconds: value.accessLifetimeSeconds,
    refreshLifetimeSeconds: value.refreshLifetimeSeconds,
    leewaySeconds: value.leewaySeconds,
    claims: {
      usernameClaim: value.usernameClaim,
      mediaBaseUrl: value.mediaBaseUrl,
      issuer: value.issuer,
      audience: value.audience,
    },
    random: value.random,
    legacy: value.simpleJwt
      ? {
          secret: encoder.encode(value.simpleJwt.secret),
          ...(cutOver ? { acceptIssuedBefore: Math.floor(cutOver.getTime() / 1000) } : {}),
        }
      : null,
  };
}
