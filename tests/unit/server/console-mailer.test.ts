import { describe, expect, it } from 'vitest';
import { openMailer } from '../../../src/server/mailer.js';

describe("the server's console mailer (no SMTP_URL)", () => {
  it("prints each mail as Django's console backend does, and nothing else", async () => {
    let printed = '';
    const { mailer, notice } = await openMailer(
      { smtpUrl: undefined, from: 'webmaster@localhost' },
      (text) => {
        printed += text;
      },
    );
    await mailer.send({
      to: 'alice@example.test',
      subject: 'Password reset',
      text: 'Please go to the following page:\nhttps://app.example.test/reset/MQ/abc-123/\n',
    });
    expect(notice).toBe('mail: printed to stdout (set SMTP_URL to send it)');
    expect(printed).toBe(
      [
        'Content-Type: text/plain; charset="utf-8"',
        'Subject: Password reset',
        'From: webmaster@localhost',
        'To: alice@example.test',
        '',
        'Please go to the following page:',
        'https://app.example.test/reset/MQ/abc-123/',
        '',
        '-'.repeat(79),
        '',
      ].join('\n'),
    );
  });
});
