import { describe, expect, it } from 'vitest';
import {
  createPasswordReset,
  type PasswordResetOptions,
} from '../../src/reset/create-password-reset.js';
import { defaultResetMail } from '../../src/reset/mailer.js';
import { linkFor, RESET_SECRET, recordingMailer } from './support/reset-services.js';

const valid: PasswordResetOptions = {
  secret: RESET_SECRET,
  mailer: recordingMailer(),
  link: linkFor,
};

describe('createPasswordReset', () => {
  it('names every unusable option at once', () => {
    const options = {
      secret: 'too short',
      timeoutSeconds: 1.5,
      mailer: {},
      link: 'https://app.example.test/reset/',
      message: 'Reset your password',
      defer: null,
    } as unknown as PasswordResetOptions;
    expect(() => createPasswordReset(options)).toThrow(
      expect.objectContaining({
        code: 'CONFIGURATION_ERROR',
        problems: [
          'passwordReset.secret must be a string of at least 32 UTF-8 bytes',
          'passwordReset.timeoutSeconds must be a whole number from 1 to 315360000',
          'passwordReset.mailer must have a send(message) method',
          'passwordReset.link must be a function',
          'passwordReset.message must be a function',
          'passwordReset.defer must be a function',
        ],
      }),
    );
  });

  it("defaults to Django's three days, Django's mail words and a deferral after the answer", async () => {
    const reset = createPasswordReset(valid);
    expect(reset.tokens.timeoutSeconds).toBe(259_200);
    expect(reset.message).toBe(defaultResetMail);
    const ran: string[] = [];
    reset.defer(async () => {
      ran.push('task');
    });
    ran.push('answer');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(ran).toEqual(['answer', 'task']);
  });

  it('uses the message and lifetime it is given', () => {
    const message = () => ({ subject: 'Reset', text: 'Follow the link.' });
    const reset = createPasswordReset({ ...valid, message, timeoutSeconds: 3_600 });
    expect(reset.message).toBe(message);
    expect(reset.tokens.timeoutSeconds).toBe(3_600);
  });
});
