import { ConfigurationError } from '../errors/errors.js';
import type { Defer } from '../reset/create-password-reset.js';
import {
  createDjangoResetTokens,
  type DjangoResetTokenOptions,
  type DjangoResetTokens,
  resetTokenOptionProblems,
} from '../reset/django-reset-tokens.js';
import type { Mailer } from '../reset/mailer.js';
import {
  defaultVerificationMail,
  type VerificationMailContext,
  type VerificationMailText,
} from './verification-mail.js';

/**
 * The key salt of verification tokens: the same construction as Django's reset tokens, under a
 * salt of its own, so a reset token never passes as a verification key nor the other way round.
 */
const VERIFICATION_KEY_SALT = 'accountkit.EmailVerificationTokenGenerator';

/** Options of the `emailVerification` option of `createAccounts`. */
export interface EmailVerificationOptions extends DjangoResetTokenOptions {
  /** Sends the verification mails. */
  readonly mailer: Mailer;
  /** The link a mail carries, from the verification key (dj-rest-auth's `key`). */
  readonly link: (key: string) => string;
  /** The subject and text of a verification mail; default {@link defaultVerificationMail}. */
  readonly message?: (context: VerificationMailContext) => VerificationMailText;
  /** As `passwordReset.defer`: the mailing starts after the answer. */
  readonly defer?: Defer;
  /**
   * Refuse a login with the right password until the account's address is verified, with
   * `EMAIL_NOT_VERIFIED`. Default `false`: Django did not require it.
   */
  readonly requiredForLogin?: boolean;
}

/** The verification settings the use cases read, validated once. @internal */
export interface EmailVerification {
  readonly tokens: DjangoResetTokens;
  readonly mailer: Mailer;
  readonly link: (key: string) => string;
  readonly message: (context: VerificationMailContext) => VerificationMailText;
  readonly defer: Defer;
  readonly requiredForLogin: boolean;
}

const deferToTimer: Defer = (task) => {
  setTimeout(() => void task(), 0);
};

/**
 * Validate the verification options once and fill the defaults.
 * @throws ConfigurationError `CONFIGURATION_ERROR` listing every problem.
 * @internal
 */
export function createEmailVerification(options: EmailVerificationOptions): EmailVerification {
  const problems = resetTokenOptionProblems(options, 'emailVerification.');
  if (typeof options.mailer?.send !== 'function') {
    problems.push('emailVerification.mailer must have a send(message) method');
  }
  for (const name of ['link', 'message', 'defer'] as const) {
    const value = options[name];
    if (typeof value !== 'function' && (name === 'link' || value !== undefined)) {
      problems.push(`emailVerification.${name} must be a function`);
    }
  }
  const required = options.requiredForLogin;
  if (required !== undefined && typeof required !== 'boolean') {
    problems.push('emailVerification.requiredForLogin must be a boolean');
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return Object.freeze({
    tokens: createDjangoResetTokens(options, VERIFICATION_KEY_SALT),
    mailer: options.mailer,
    link: options.link,
    message: options.message ?? defaultVerificationMail,
    defer: options.defer ?? deferToTimer,
    requiredForLogin: required ?? false,
  });
}
