import {
  buildUserClaims,
  EXPIRES_AT_CLAIM,
  ISSUED_AT_CLAIM,
  PROFILE_PIC_CLAIM,
  TOKEN_ID_CLAIM,
  TOKEN_TYPE_CLAIM,
  USER_ID_CLAIM,
} from '../core/token-claims.js';
import type { UserRecord } from '../storage/storage.js';
import type { TokenType } from './token-service.js';

/** Claim holding the user's token version when issued; absent from SimpleJWT tokens. */
export const TOKEN_VERSION_CLAIM = 'ver';
/**
 * Claim holding the refresh family id: the session a token belongs to. Required on refresh
 * tokens, also on access tokens issued with them; absent from SimpleJWT tokens.
 */
export const FAMILY_CLAIM = 'fam';

/**
 * Claim names the configurable username claim may not take, because SimpleJWT, RFC 7519 or
 * accountkit give them a meaning of their own.
 */
export const RESERVED_CLAIMS: readonly string[] = Object.freeze([
  TOKEN_TYPE_CLAIM,
  EXPIRES_AT_CLAIM,
  ISSUED_AT_CLAIM,
  TOKEN_ID_CLAIM,
  USER_ID_CLAIM,
  PROFILE_PIC_CLAIM,
  TOKEN_VERSION_CLAIM,
  FAMILY_CLAIM,
  'nbf',
  'iss',
  'aud',
  'sub',
]);

/** What the payload of one token is built from. @internal */
export interface ClaimInput {
  readonly tokenType: TokenType;
  readonly user: UserRecord;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly jti: string;
  readonly familyId: string | null;
}

/** Settings that shape every payload, fixed at construction. @internal */
export interface ClaimSettings {
  readonly usernameClaim: string | undefined;
  readonly mediaBaseUrl: string | undefined;
  readonly issuer: string | undefined;
  readonly audience: string | readonly string[] | undefined;
}

/**
 * The payload of one token, claims in SimpleJWT's order (`token_type`, `exp`, `iat`, `jti`,
 * then the core's user claims `user_id`, `username`, `profile_pic`), then accountkit's own.
 * Built from the current user record, so a renamed user's next token carries the new name.
 * @throws ValidationError `VALIDATION_FAILED` when the stored profile image path cannot be a
 *   media URL (from the core's claim builder).
 * @internal
 */
export function buildPayload(input: ClaimInput, settings: ClaimSettings): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    [TOKEN_TYPE_CLAIM]: input.tokenType,
    [EXPIRES_AT_CLAIM]: input.expiresAt,
    [ISSUED_AT_CLAIM]: input.issuedAt,
    [TOKEN_ID_CLAIM]: input.jti,
    ...buildUserClaims(input.user, {
      ...(settings.usernameClaim === undefined ? {} : { usernameClaim: settings.usernameClaim }),
      ...(settings.mediaBaseUrl === undefined ? {} : { mediaBaseUrl: settings.mediaBaseUrl }),
    }),
    [TOKEN_VERSION_CLAIM]: input.user.tokenVersion,
  };
  if (input.familyId !== null) payload[FAMILY_CLAIM] = input.familyId;
  if (settings.issuer !== undefined) payload.iss = settings.issuer;
  if (settings.audience !== undefined) payload.aud = settings.audience;
  return payload;
}

const NON_ASCII = /[\u0080-\uffff]/g;

/**
 * JSON as PyJWT writes it (`json.dumps` with compact separators): non-ASCII escaped as
 * lowercase `\uXXXX`, so a payload SimpleJWT would sign comes out byte-identical. What is left
 * is ASCII, whose Latin-1 bytes are its UTF-8 bytes and cost less to encode.
 * @internal
 */
export function encodePayload(payload: Record<string, unknown>): Uint8Array {
  const json = JSON.stringify(payload).replace(
    NON_ASCII,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return Buffer.from(json, 'latin1');
}
