import { ValidationError } from '../errors/errors.js';

/**
 * The link failed: no such user, an inactive one, or a token that is malformed, forged, already
 * used (the password changed), or outlived by a login or an email change. One answer for all,
 * as Django's "invalid link" page.
 * @internal
 */
export function invalidLink(): ValidationError {
  return new ValidationError([
    {
      path: ['token'],
      code: 'RESET_LINK_INVALID',
      message:
        'The password reset link was invalid, possibly because it has already been used. Please request a new password reset.',
    },
  ]);
}

/** The link is genuine but older than the reset lifetime. @internal */
export function expiredLink(): ValidationError {
  return new ValidationError([
    {
      path: ['token'],
      code: 'RESET_LINK_EXPIRED',
      message: 'The password reset link has expired. Please request a new password reset.',
    },
  ]);
}

/** The confirmation differs from the new password (Django's `password_mismatch`). @internal */
export function passwordMismatch(): ValidationError {
  return new ValidationError([
    {
      path: ['newPasswordConfirmation'],
      code: 'PASSWORD_MISMATCH',
      message: 'The two password fields didn’t match.',
    },
  ]);
}
