/**
 * Email verification over HTTP: dj-rest-auth's `registration/verify-email/` (`key`) and
 * `registration/resend-email/` (`email`), and `email/verification/` for the logged-in user.
 * Bodies go to the service as received; it validates them.
 */

import { passwordResetRequestSchema } from '../reset/reset-inputs.js';
import { verifyEmailSchema } from '../verification/verification-inputs.js';
import type {
  EmailVerificationRequest,
  VerifyEmailRequest,
} from '../verification/verification-requests.js';
import { detailSchema } from './openapi/response-schemas.js';
import { actor, body, caller } from './operation-context.js';
import type { Operation } from './route.js';

/** dj-rest-auth's answer to every verification route. */
const OK = { detail: 'ok' };

const verify: Operation = {
  doc: {
    summary: 'Confirm an e-mail address with the key of a verification link',
    body: verifyEmailSchema,
    status: 200,
    answer: detailSchema,
    errors: [429],
  },
  auth: 'none',
  body: 'json',
  async run(context) {
    await context.accounts.verifyEmail(body(context) as VerifyEmailRequest, caller(context));
    return { body: OK };
  },
};

const resend: Operation = {
  doc: {
    summary: 'Mail verification links to the accounts with an address (same answer for any)',
    body: passwordResetRequestSchema,
    status: 200,
    answer: detailSchema,
    errors: [429],
  },
  auth: 'none',
  body: 'json',
  async run(context) {
    await context.accounts.requestEmailVerification(
      body(context) as EmailVerificationRequest,
      caller(context),
    );
    return { body: OK };
  },
};

const requestOwn: Operation = {
  doc: {
    summary: "Mail a verification link to the caller's address",
    status: 200,
    answer: detailSchema,
    errors: [401, 429],
  },
  auth: 'required',
  body: 'none',
  async run(context) {
    await context.accounts.requestEmailVerification({ userId: actor(context) }, caller(context));
    return { body: OK };
  },
};

/** @internal The verification routes, relative to `/api/accounts/`. */
export const verificationOperations: Readonly<Record<string, Readonly<Record<string, Operation>>>> =
  {
    'registration/verify-email/': { POST: verify },
    'registration/resend-email/': { POST: resend },
    'email/verification/': { POST: requestOwn },
  };
