import { expect, it } from 'vitest';
import type { MailMessage } from '../../src/reset/mailer.js';
import { PASSWORD } from '../services/setup.js';
import { call, expectError, uniqueName } from './support/client.js';
import { describeExamples } from './support/servers.js';

/** Every mail the servers of this file sent; each test reads its own by address. */
const outbox: MailMessage[] = [];
const deferred: (() => Promise<void>)[] = [];

async function keyMailedTo(email: string): Promise<string> {
  await Promise.all(deferred.splice(0).map((task) => task()));
  const mail = outbox.filter((message) => message.to === email).at(-1);
  const match = /https:\/\/app\.example\.test\/verify-email\/(\S+)\//.exec(mail?.text ?? '');
  if (match === null) throw new Error(`no verification mail to ${email}`);
  return match[1] as string;
}

describeExamples(
  'email verification (dj-rest-auth routes)',
  (context) => {
    it("mails the caller a key; verify-email accepts it once, then names it invalid under 'key'", async () => {
      const { origin } = context();
      const username = uniqueName('verify');
      const email = `${username}@example.test`;
      const signUp = await call(origin, 'POST', 'signup/', {
        json: { username, email, password: PASSWORD },
      });
      const token = signUp.body.tokens.access as string;
      const asked = await call(origin, 'POST', 'email/verification/', { token });
      expect({ status: asked.status, body: asked.body }).toEqual({
        status: 200,
        body: { detail: 'ok' },
      });
      const key = await keyMailedTo(email);
      const verified = await call(origin, 'POST', 'registration/verify-email/', { json: { key } });
      expect({ status: verified.status, body: verified.body }).toEqual({
        status: 200,
        body: { detail: 'ok' },
      });
      const again = await call(origin, 'POST', 'registration/verify-email/', { json: { key } });
      expectError(again, 400, 'VALIDATION_FAILED');
      expect(again.body.fields).toEqual({
        key: [
          {
            code: 'VERIFICATION_LINK_INVALID',
            message: 'The verification link is invalid or has already been used.',
          },
        ],
      });
    });

    it('resend-email answers an unknown address as a known one and mails nothing', async () => {
      const { origin } = context();
      const email = `${uniqueName('nobody')}@example.test`;
      const answer = await call(origin, 'POST', 'registration/resend-email/', { json: { email } });
      expect({ status: answer.status, body: answer.body }).toEqual({
        status: 200,
        body: { detail: 'ok' },
      });
      await Promise.all(deferred.splice(0).map((task) => task()));
      expect(outbox.filter((message) => message.to === email)).toEqual([]);
    });

    it('asking for the own address without a token is 401', async () => {
      const answer = await call(context().origin, 'POST', 'email/verification/');
      expectError(answer, 401, 'NOT_AUTHENTICATED');
    });
  },
  {
    accounts: {
      emailVerification: {
        secret: 'verification-secret-of-the-app-0123456789',
        mailer: { send: async (message) => void outbox.push(message) },
        link: (key) => `https://app.example.test/verify-email/${key}/`,
        defer: (task) => void deferred.push(task),
      },
    },
  },
);
