import { expect, it } from 'vitest';
import type { MailMessage } from '../../src/reset/mailer.js';
import { PASSWORD } from '../services/setup.js';
import { call, expectError, uniqueName } from './support/client.js';
import { describeExamples } from './support/servers.js';

const RESET_SECRET = 'reset-secret-of-the-django-app-0123456789';
const NEW_PASSWORD = 'a brand new passphrase';
const SENT = { detail: 'Password reset e-mail has been sent.' };
const DONE = { detail: 'Password has been reset with the new password.' };

/** Every mail the servers of this file sent; each test reads its own by address. */
const outbox: MailMessage[] = [];
/** Mailings handed to `defer`, run when a test says the answer has been given. */
const deferred: (() => Promise<void>)[] = [];

async function runDeferred(): Promise<void> {
  await Promise.all(deferred.splice(0).map((task) => task()));
}

/** The uid and token of the link mailed to `email`. */
function linkFor(email: string): { uid: string; token: string } {
  const mail = outbox.find((message) => message.to === email);
  const match = /https:\/\/app\.example\.test\/reset\/([^/]+)\/([^/]+)\//.exec(mail?.text ?? '');
  if (match === null) throw new Error(`no reset link was mailed to ${email}`);
  return { uid: match[1] as string, token: match[2] as string };
}

async function signUpWithEmail(origin: string) {
  const username = uniqueName('reset');
  const email = `${username}@example.test`;
  const answer = await call(origin, 'POST', 'signup/', {
    json: { username, email, password: PASSWORD },
  });
  expect(answer.status).toBe(201);
  return { username, email };
}

async function mailedLink(origin: string, email: string) {
  const answer = await call(origin, 'POST', 'password/reset/', { json: { email } });
  expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: SENT });
  await runDeferred();
  return linkFor(email);
}

describeExamples(
  'password reset (dj-rest-auth routes)',
  (context) => {
    it('mails a link whose uid and token set the password once; old password and link then fail', async () => {
      const { origin } = context();
      const { username, email } = await signUpWithEmail(origin);
      const { uid, token } = await mailedLink(origin, email);
      const body = { uid, token, new_password1: NEW_PASSWORD, new_password2: NEW_PASSWORD };
      const confirmed = await call(origin, 'POST', 'password/reset/confirm/', { json: body });
      expect({ status: confirmed.status, body: confirmed.body }).toEqual({
        status: 200,
        body: DONE,
      });

      const fresh = await call(origin, 'POST', 'token/', {
        json: { username, password: NEW_PASSWORD },
      });
      expect(fresh.status).toBe(200);
      const old = await call(origin, 'POST', 'token/', { json: { username, password: PASSWORD } });
      expectError(old, 401, 'INVALID_CREDENTIALS');
      const again = await call(origin, 'POST', 'password/reset/confirm/', { json: body });
      expectError(again, 400, 'VALIDATION_FAILED');
      expect(again.body.fields).toEqual({
        token: [
          {
            code: 'RESET_LINK_INVALID',
            message:
              'The password reset link was invalid, possibly because it has already been used. Please request a new password reset.',
          },
        ],
      });
    });

    it('answers an unknown address exactly as a known one, and mails nothing', async () => {
      const { origin } = context();
      const email = `${uniqueName('nobody')}@example.test`;
      const answer = await call(origin, 'POST', 'password/reset/', { json: { email } });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: SENT });
      await runDeferred();
      expect(outbox.filter((message) => message.to === email)).toEqual([]);
    });

    it('names mismatched and weak passwords under new_password2 and new_password1; the link still works', async () => {
      const { origin } = context();
      const { email } = await signUpWithEmail(origin);
      const { uid, token } = await mailedLink(origin, email);
      const mismatched = await call(origin, 'POST', 'password/reset/confirm/', {
        json: { uid, token, new_password1: NEW_PASSWORD, new_password2: 'something else' },
      });
      expectError(mismatched, 400, 'VALIDATION_FAILED');
      expect(mismatched.body.fields).toEqual({
        new_password2: [
          { code: 'PASSWORD_MISMATCH', message: 'The two password fields didn’t match.' },
        ],
      });
      const weak = await call(origin, 'POST', 'password/reset/confirm/', {
        json: { uid, token, new_password1: '12345', new_password2: '12345' },
      });
      expectError(weak, 400, 'VALIDATION_FAILED');
      expect(Object.keys(weak.body.fields)).toEqual(['new_password1']);
      expect(weak.body.fields.new_password1.map((issue: { code: string }) => issue.code)).toEqual([
        'PASSWORD_TOO_SHORT',
        'PASSWORD_TOO_COMMON',
        'PASSWORD_ENTIRELY_NUMERIC',
      ]);
      const confirmed = await call(origin, 'POST', 'password/reset/confirm/', {
        json: { uid, token, new_password1: NEW_PASSWORD, new_password2: NEW_PASSWORD },
      });
      expect(confirmed.status).toBe(200);
    });

    it('refuses a malformed address and an unknown field with 400', async () => {
      const { origin } = context();
      const malformed = await call(origin, 'POST', 'password/reset/', {
        json: { email: 'not an address' },
      });
      expectError(malformed, 400, 'VALIDATION_FAILED');
      expect(malformed.body.fields).toEqual({
        email: [{ code: 'EMAIL_INVALID', message: 'Enter a valid email address.' }],
      });
      const extra = await call(origin, 'POST', 'password/reset/confirm/', {
        json: { uid: 'MQ', token: 'x-y', new_password1: 'a', new_password2: 'a', login: true },
      });
      expectError(extra, 400, 'VALIDATION_FAILED');
      expect(extra.body.fields).toEqual({
        login: [{ code: 'UNKNOWN_FIELD', message: 'Unknown field.' }],
      });
      const missing = await call(origin, 'POST', 'password/reset/confirm/', {
        json: { uid: 'MQ', token: 'x-y', new_password1: NEW_PASSWORD },
      });
      expectError(missing, 400, 'VALIDATION_FAILED');
      expect(missing.body.fields).toEqual({
        new_password2: [{ code: 'REQUIRED', message: 'This field is required.' }],
      });
    });
  },
  {
    accounts: {
      passwordReset: {
        secret: RESET_SECRET,
        mailer: {
          send: async (message) => {
            outbox.push(message);
          },
        },
        link: (uid, token) => `https://app.example.test/reset/${uid}/${token}/`,
        defer: (task) => {
          deferred.push(task);
        },
      },
    },
  },
);
