/**
 * The inputs of the reset use cases. Strict, as every accountkit input: an unknown key is
 * `UNKNOWN_FIELD`.
 * @internal
 */
import * as z from 'zod';
import { EMAIL_MAX_LENGTH } from '../core/input-schemas.js';
import { stripPythonWhitespace } from '../core/python-whitespace.js';

/**
 * The address a reset is asked for, trimmed as a Django form field is. Only its shape is
 * judged (something, `@`, something; at most 254 characters): any address an account may
 * hold, from sign-up or from Django, must be able to ask.
 */
const emailField = z.string().transform((raw, ctx) => {
  const email = stripPythonWhitespace(raw);
  if (email === '') {
    ctx.issues.push({
      code: 'custom',
      input: raw,
      message: 'This field may not be blank.',
      params: { code: 'REQUIRED' },
    });
  } else if (email.length > EMAIL_MAX_LENGTH || !/^[^@]+@[^@]+$/.test(email)) {
    ctx.issues.push({
      code: 'custom',
      input: raw,
      message: 'Enter a valid email address.',
      params: { code: 'EMAIL_INVALID' },
    });
  } else {
    return email;
  }
  return z.NEVER;
});

/** `{ email }`: ask for reset mails. */
export const passwordResetRequestSchema = z.strictObject({ email: emailField });

/** `{ uid, token, newPassword, newPasswordConfirmation?, login? }`: set a password by a link. */
export const resetPasswordSchema = z.strictObject({
  uid: z.string(),
  token: z.string(),
  newPassword: z.string().refine((value) => value !== '', {
    message: 'This field may not be blank.',
    params: { code: 'REQUIRED' },
  }),
  newPasswordConfirmation: z.string().optional(),
  login: z.boolean().optional(),
});
