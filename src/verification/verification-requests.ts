/** Ask for a verification mail: for the logged-in user, or for every account with an address. */
export type EmailVerificationRequest =
  | { readonly userId: number | string }
  | {
      /** The address typed; matched without regard to case against stored addresses. */
      readonly email: string;
    };

/** Confirm an address. */
export interface VerifyEmailRequest {
  /** The key a verification link carries (dj-rest-auth's `key`). */
  readonly key: string;
}
