import type { TokenPair } from '../services/results.js';

/** Ask for reset mails. */
export interface PasswordResetRequest {
  /** The address typed; matched without regard to case against stored addresses. */
  readonly email: string;
}

/** Set a new password with the two parts of a reset link. */
export interface ResetPasswordRequest {
  /** The link's `uidb64`. */
  readonly uid: string;
  /** The link's token. */
  readonly token: string;
  readonly newPassword: string;
  /** The password typed a second time; checked when given (Django's `new_password2`). */
  readonly newPasswordConfirmation?: string;
  /** Also log the user in: the result carries a fresh pair. Default `false`, as Django. */
  readonly login?: boolean;
}

/** What a reset returns. */
export interface ResetPasswordResult {
  /** Whose password was set. */
  readonly userId: number;
  /** A fresh pair when `login` was asked for, else `null`. */
  readonly tokens: TokenPair | null;
}
