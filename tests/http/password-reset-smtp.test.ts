import { afterAll, beforeAll, expect, it } from 'vitest';
import { PASSWORD } from '../services/setup.js';
import { call, uniqueName } from './support/client.js';
import { describeExamples } from './support/servers.js';
import { openSmtpInbox } from './support/smtp-inbox.js';

const NEW_PASSWORD = 'a brand new passphrase';
const DJANGO_SECRET_KEY = 'django-insecure-the-secret-key-of-the-old-app-0123456789';

let inbox: Awaited<ReturnType<typeof openSmtpInbox>>;
/** Filled once the inbox listens, before any server of this file starts. */
const env: Record<string, string> = {
  DJANGO_SECRET_KEY,
  MAIL_FROM: 'accounts@example.test',
  PASSWORD_RESET_URL: 'https://app.example.test/accounts/reset/{uid}/{token}/',
};

beforeAll(async () => {
  inbox = await openSmtpInbox();
  env.SMTP_URL = inbox.url;
});
afterAll(async () => {
  await inbox?.close();
});

describeExamples(
  'password reset mailed through SMTP_URL',
  (context) => {
    it('sends the mail through a real SMTP server; the link in it resets the password', async () => {
      const { origin, logLines } = context();
      const username = uniqueName('smtp');
      const email = `${username}@example.test`;
      const signUp = await call(origin, 'POST', 'signup/', {
        json: { username, email, password: PASSWORD },
      });
      expect(signUp.status).toBe(201);

      const asked = await call(origin, 'POST', 'password/reset/', { json: { email } });
      expect(asked.status).toBe(200);
      const mail = await inbox.mailTo(email);
      expect({ from: mail.from, to: mail.to }).toEqual({
        from: 'accounts@example.test',
        to: [email],
      });
      expect(mail.headers).toMatch(/^Subject: Password reset$/m);
      const match = /https:\/\/app\.example\.test\/accounts\/reset\/([^/\s]+)\/([^/\s]+)\//.exec(
        mail.text,
      );
      if (match === null) throw new Error(`no link in ${mail.text}`);
      const [link, uid, token] = match;
      expect(mail.text).toContain(`Your username, in case you've forgotten: ${username}`);

      const confirmed = await call(origin, 'POST', 'password/reset/confirm/', {
        json: { uid, token, new_password1: NEW_PASSWORD, new_password2: NEW_PASSWORD },
      });
      expect(confirmed.status).toBe(200);
      const login = await call(origin, 'POST', 'token/', {
        json: { username, password: NEW_PASSWORD },
      });
      expect(login.status).toBe(200);
      // Neither the link nor its token reached the server's log.
      expect(
        logLines.filter((line) => line.includes(token as string) || line.includes(link)),
      ).toEqual([]);
    });
  },
  { env, accounts: {} },
);
