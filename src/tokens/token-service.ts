import type { UserRecord } from '../storage/storage.js';

/** Which use a token is for; a token of one type is never accepted for the other. */
export type TokenType = 'access' | 'refresh';

/** The claims accountkit relies on after a token verified. */
export interface VerifiedToken {
  readonly tokenType: TokenType;
  readonly userId: number;
  readonly jti: string;
  /**
   * Seconds since the epoch: the `iat` claim, or, for a SimpleJWT token without one, `exp`
   * minus the configured lifetime of its type (when SimpleJWT issued it).
   */
  readonly issuedAt: number;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
  /** The user's token version when issued; `null` for tokens issued by SimpleJWT. */
  readonly tokenVersion: number | null;
  /**
   * The refresh family (the session); `null` for SimpleJWT tokens and for access tokens issued
   * before access tokens named their session.
   */
  readonly familyId: string | null;
  /** True when the token was issued by SimpleJWT and accepted during the cut-over. */
  readonly legacy: boolean;
}

/** A newly signed pair and the refresh record to store with it. */
export interface IssuedPair {
  readonly access: string;
  readonly refresh: string;
  readonly refreshRecord: {
    readonly jti: string;
    readonly familyId: string;
    readonly userId: number;
    readonly parentJti: string | null;
    readonly issuedAt: Date;
    readonly expiresAt: Date;
  };
}

/** Signs and verifies tokens. Pure with respect to storage: services check records. */
export interface TokenService {
  /**
   * Sign an access/refresh pair for `user` at `now`, with claims built from the current user.
   * A new family is started unless `family` names the parent being rotated.
   */
  issuePair(
    user: UserRecord,
    now: Date,
    family?: { readonly familyId: string; readonly parentJti: string },
  ): Promise<IssuedPair>;
  /**
   * Verify signature, algorithm, structure, claim types and times at `now`, and that the token
   * is of `expectedType`.
   * @throws AuthenticationError `TOKEN_INVALID` or `TOKEN_EXPIRED`.
   */
  verify(token: string, expectedType: TokenType, now: Date): Promise<VerifiedToken>;
  /** The public JWKS document when keys are asymmetric; `null` for HMAC keys. */
  jwks(): Promise<{ keys: Record<string, unknown>[] } | null>;
}
