import { ConfigurationError } from '../errors/errors.js';
import {
  createDjangoResetTokens,
  type DjangoResetTokenOptions,
  type DjangoResetTokens,
  resetTokenOptionProblems,
} from './django-reset-tokens.js';
import {
  defaultResetMail,
  type Mailer,
  type ResetMailContext,
  type ResetMailText,
} from './mailer.js';

/** Runs work after the answer is given; see {@link PasswordResetOptions.defer}. */
export type Defer = (task: () => Promise<void>) => void;

/** The `passwordReset` option of `createAccounts`. */
export interface PasswordResetOptions extends DjangoResetTokenOptions {
  /** Sends the reset mails. */
  readonly mailer: Mailer;
  /**
   * The link a mail carries, from the user's `uidb64` and token; Django's was
   * `` `https://${domain}/reset/${uid}/${token}/` ``.
   */
  readonly link: (uid: string, token: string) => string;
  /** The subject and text of a reset mail; default {@link defaultResetMail}. */
  readonly message?: (context: ResetMailContext) => ResetMailText;
  /**
   * Starts the mailing once the request is answered, so the answer takes as long whether or
   * not an account has the address. Default: a timer of 0 ms in this process. On a platform
   * that stops work after the answer, hand the task to its keep-alive
   * (`(task) => ctx.waitUntil(task())`). A task never rejects: it logs its own failures.
   */
  readonly defer?: Defer;
}

/** The reset settings the use cases read, validated once. @internal */
export interface PasswordReset {
  readonly tokens: DjangoResetTokens;
  readonly mailer: Mailer;
  readonly link: (uid: string, token: string) => string;
  readonly message: (context: ResetMailContext) => ResetMailText;
  readonly defer: Defer;
}

/** A timer of 0 ms: the task starts after the current request has been answered. */
const deferToTimer: Defer = (task) => {
  setTimeout(() => void task(), 0);
};

/**
 * Validate the reset options once and fill the defaults.
 * @throws ConfigurationError `CONFIGURATION_ERROR` listing every problem: a secret under 32
 *   bytes, a lifetime out of range, a mailer without `send`, a `link`, `message` or `defer`
 *   that is not a function.
 */
export function createPasswordReset(options: PasswordResetOptions): PasswordReset {
  const problems = resetTokenOptionProblems(options, 'passwordReset.');
  if (typeof options.mailer?.send !== 'function') {
    problems.push('passwordReset.mailer must have a send(message) method');
  }
  for (const name of ['link', 'message', 'defer'] as const) {
    const value = options[name];
    if (typeof value !== 'function' && (name === 'link' || value !== undefined)) {
      problems.push(`passwordReset.${name} must be a function`);
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return Object.freeze({
    tokens: createDjangoResetTokens(options),
    mailer: options.mailer,
    link: options.link,
    message: options.message ?? defaultResetMail,
    defer: options.defer ?? deferToTimer,
  });
}
