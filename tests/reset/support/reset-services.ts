import { expect } from 'vitest';
import { ValidationError } from '../../../src/errors/errors.js';
import { createDjangoResetTokens } from '../../../src/reset/django-reset-tokens.js';
import type { MailMessage } from '../../../src/reset/mailer.js';
import type {
  PasswordResetRequest,
  ResetPasswordRequest,
} from '../../../src/reset/reset-requests.js';
import type { RequestContext } from '../../../src/services/requests.js';
import type { Fixture } from '../../services/setup.js';

/** Django's `SECRET_KEY` of the reset links in these tests. */
export const RESET_SECRET = 'reset-secret-of-the-django-app-0123456789';

/** Where the links of these tests point. */
export const linkFor = (uid: string, token: string) =>
  `https://app.example.test/reset/${uid}/${token}/`;

/** The uid and token of a link made by {@link linkFor}. */
export function linkParts(link: string): { uid: string; token: string } {
  const match = /^https:\/\/app\.example\.test\/reset\/([^/]+)\/([^/]+)\/$/.exec(link);
  if (match === null) throw new Error(`not a reset link: ${link}`);
  return { uid: match[1] as string, token: match[2] as string };
}

/** A mailer that keeps every message, or fails for the addresses in `failFor`. */
export function recordingMailer(failFor: readonly string[] = []) {
  const sent: MailMessage[] = [];
  return {
    sent,
    send: async (message: MailMessage) => {
      if (failFor.includes(message.to)) throw new Error(`refused: ${message.text}`);
      sent.push(message);
    },
  };
}

/**
 * The fixture's storage, clock and logger behind a service built with `passwordReset`, with
 * the tasks handed to `defer` kept until `runDeferred`, so a test sees what happened before
 * and after the answer. Inputs are `unknown`, as an HTTP body is.
 */
export async function resetServices(fixture: Fixture, failFor: readonly string[] = []) {
  const mailer = recordingMailer(failFor);
  const deferred: (() => Promise<void>)[] = [];
  const accounts = await fixture.build({
    passwordReset: {
      secret: RESET_SECRET,
      mailer,
      link: linkFor,
      defer: (task) => {
        deferred.push(task);
      },
    },
  });
  return {
    accounts,
    /** The same tokens the service makes, to predict a mailed link. */
    tokens: createDjangoResetTokens({ secret: RESET_SECRET }),
    mailer,
    deferred,
    /** Run the tasks deferred so far, as the platform would after the answer. */
    runDeferred: async () => {
      const tasks = deferred.splice(0);
      await Promise.all(tasks.map((task) => task()));
    },
    requestPasswordReset: (input: unknown, context?: RequestContext) =>
      accounts.requestPasswordReset(input as PasswordResetRequest, context),
    resetPassword: (input: unknown, context?: RequestContext) =>
      accounts.resetPassword(input as ResetPasswordRequest, context),
  };
}

/** The issues of the `ValidationError` `call` rejects with. */
export async function issuesOf(call: Promise<unknown>) {
  const error = await call.then(
    () => {
      throw new Error('expected a ValidationError');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues;
}
