/**
 * dj-rest-auth's password-reset routes, with its names and bodies, so its clients keep working:
 * `password/reset/` (`email`) and `password/reset/confirm/` (`uid`, `token`, `new_password1`,
 * `new_password2`). Only the field names are translated; the service validates.
 */

import * as z from 'zod';
import { parseInput } from '../core/parse-input.js';
import { ValidationError, type ValidationIssue } from '../errors/errors.js';
import { passwordResetRequestSchema } from '../reset/reset-inputs.js';
import type { PasswordResetRequest, ResetPasswordRequest } from '../reset/reset-requests.js';
import { detailSchema } from './openapi/response-schemas.js';
import { body, caller } from './operation-context.js';
import type { Operation } from './route.js';

/** The confirmation body as dj-rest-auth's `PasswordResetConfirmSerializer` takes it. */
const confirmBodySchema = z.strictObject({
  uid: z.string(),
  token: z.string(),
  new_password1: z.string(),
  new_password2: z.string(),
});

/** The service's field names → dj-rest-auth's, for the issues. */
const TO_HTTP: Readonly<Record<string, string>> = {
  newPassword: 'new_password1',
  newPasswordConfirmation: 'new_password2',
};

/** The service's issues under dj-rest-auth's field names. */
function toHttpIssues(error: unknown): unknown {
  if (!(error instanceof ValidationError)) return error;
  const issues: ValidationIssue[] = error.issues.map((issue) => {
    const [first, ...rest] = issue.path;
    const renamed = typeof first === 'string' ? (TO_HTTP[first] ?? first) : first;
    return { ...issue, path: first === undefined ? [] : [renamed as string | number, ...rest] };
  });
  return new ValidationError(issues, { cause: error });
}

const requestReset: Operation = {
  doc: {
    summary: 'Mail a password-reset link (the same answer whether or not the address is known)',
    body: passwordResetRequestSchema,
    status: 200,
    answer: detailSchema,
    errors: [429],
  },
  auth: 'none',
  body: 'json',
  async run(context) {
    await context.accounts.requestPasswordReset(
      body(context) as PasswordResetRequest,
      caller(context),
    );
    return { body: { detail: 'Password reset e-mail has been sent.' } };
  },
};

const confirmReset: Operation = {
  doc: {
    summary: 'Set a new password with the uid and token of a reset link',
    body: confirmBodySchema,
    status: 200,
    answer: detailSchema,
    errors: [429],
  },
  auth: 'none',
  body: 'json',
  async run(context) {
    // dj-rest-auth's names and required fields are checked here; the rules, by the service.
    const fields = parseInput(confirmBodySchema, body(context));
    const input: ResetPasswordRequest = {
      uid: fields.uid,
      token: fields.token,
      newPassword: fields.new_password1,
      newPasswordConfirmation: fields.new_password2,
    };
    try {
      await context.accounts.resetPassword(input, caller(context));
    } catch (error) {
      throw toHttpIssues(error);
    }
    return { body: { detail: 'Password has been reset with the new password.' } };
  },
};

/** @internal The reset routes, relative to `/api/accounts/`. */
export const resetOperations: Readonly<Record<string, Readonly<Record<string, Operation>>>> = {
  'password/reset/': { POST: requestReset },
  'password/reset/confirm/': { POST: confirmReset },
};
