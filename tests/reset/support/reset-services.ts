import { expect } from 'vitest';
import { ValidationError } from '../../../src/errors/errors.js';
import { createPasswordHashing, createPasswordPolicy } from '../../../src/passwords/index.js';
import { createPasswordReset } from '../../../src/reset/create-password-reset.js';
import type { MailMessage } from '../../../src/reset/mailer.js';
import { requestPasswordReset } from '../../../src/reset/request-password-reset.js';
import { resetPassword } from '../../../src/reset/reset-password.js';
import type { AccountsDeps } from '../../../src/services/deps.js';
import { createTokenService } from '../../../src/tokens/index.js';
import type { Fixture } from '../../services/setup.js';
import { SECRET } from '../../services/setup.js';
import { sequenceRandom } from '../../support/sequence-random.js';

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
 * The reset use cases on the fixture's storage, clock and logger, with the tasks handed to
 * `defer` kept until `runDeferred`, so a test sees what happened before and after the answer.
 */
export async function resetServices(fixture: Fixture, failFor: readonly string[] = []) {
  // Far from the fixture's own sequence, so token ids never collide on the shared storage.
  const random = sequenceRandom(1_000_000);
  const policy = createPasswordPolicy();
  const deps: AccountsDeps = {
    storage: fixture.storage,
    passwords: createPasswordHashing({ preferred: fixture.hasher, random }),
    checkPassword: (password, user) => {
      const issues = policy.check(password, user);
      if (issues.length > 0) throw new ValidationError(issues);
    },
    tokens: await createTokenService({ keys: SECRET, random }),
    media: fixture.media,
    clock: fixture.clock,
    random,
    logger: fixture.logger,
    throttle: null,
    settings: {
      dateStyle: 'naturaltime',
      mediaUrl: '/media/',
      defaultCoverImage: null,
      maxImageBytes: 1024,
      refreshReuseGraceSeconds: 0,
      acceptTrimmedPasswords: false,
      sessionAddress: 'full',
      followPageSize: 5,
    },
  };
  const mailer = recordingMailer(failFor);
  const deferred: (() => Promise<void>)[] = [];
  const reset = createPasswordReset({
    secret: RESET_SECRET,
    mailer,
    link: linkFor,
    defer: (task) => {
      deferred.push(task);
    },
  });
  return {
    reset,
    mailer,
    deferred,
    /** Run the tasks deferred so far, as the platform would after the answer. */
    runDeferred: async () => {
      const tasks = deferred.splice(0);
      await Promise.all(tasks.map((task) => task()));
    },
    requestPasswordReset: (input: unknown) => requestPasswordReset(deps, input, reset),
    resetPassword: (input: unknown) => resetPassword(deps, input, reset),
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
