/**
 * How the shipped server sends mail: printed to its output by default, as Django's console
 * e-mail backend does during development, or through SMTP with nodemailer when `SMTP_URL` is
 * set. Only the console mailer ever prints a mail: the SMTP one logs nothing of it.
 */
import type { Mailer, MailMessage } from '../reset/mailer.js';
import type { MailSetting } from './config.js';

/** A mailer with what it takes to stop it. */
export interface OpenMailer {
  readonly mailer: Mailer;
  /** A line for the start-up notices. */
  readonly notice: string;
  close(): Promise<void>;
}

/** Django's console backend's separator between two mails. */
const SEPARATOR = '-'.repeat(79);

/**
 * The mailer `setting` asks for. `write` receives the console mailer's text (the server gives
 * its stdout).
 * @throws Error when `SMTP_URL` is set and nodemailer cannot be loaded.
 */
export async function openMailer(
  setting: MailSetting,
  write: (text: string) => void,
): Promise<OpenMailer> {
  if (setting.smtpUrl === undefined) {
    return {
      mailer: { send: async (message) => write(consoleText(setting.from, message)) },
      notice: 'mail: printed to stdout (set SMTP_URL to send it)',
      close: async () => {},
    };
  }
  const url = new URL(setting.smtpUrl);
  // Imported here so that nodemailer is needed only by those who set SMTP_URL.
  const nodemailer = await import('nodemailer').catch((error: unknown) => {
    throw new Error('SMTP_URL: needs the nodemailer package (npm install nodemailer)', {
      cause: error,
    });
  });
  const transport = nodemailer.createTransport(setting.smtpUrl);
  return {
    mailer: {
      send: async ({ to, subject, text }) => {
        await transport.sendMail({ from: setting.from, to, subject, text });
      },
    },
    notice: `mail: SMTP ${url.host}`,
    close: async () => transport.close(),
  };
}

/** The message as Django's console backend prints it: headers, a blank line, the text. */
function consoleText(from: string, message: MailMessage): string {
  return [
    'Content-Type: text/plain; charset="utf-8"',
    `Subject: ${message.subject}`,
    `From: ${from}`,
    `To: ${message.to}`,
    '',
    message.text,
    SEPARATOR,
    '',
  ].join('\n');
}
