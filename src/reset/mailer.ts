/** One plain-text mail. */
export interface MailMessage {
  /** The recipient: the address stored for the account, never the one typed. */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Sends mail. Rejecting reports a failure; accountkit logs it without the message. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** What a reset mail is written from. */
export interface ResetMailContext {
  /** The account's username, which a user who forgot it may need too. */
  readonly username: string;
  /** The stored address the mail goes to. */
  readonly email: string;
  /** The link that opens the reset, carrying the user's `uidb64` and token. */
  readonly link: string;
}

/** The words of a reset mail. */
export interface ResetMailText {
  readonly subject: string;
  readonly text: string;
}

/**
 * The default reset mail, after Django's `registration/password_reset_email.html` (without the
 * site name, which accountkit does not know).
 */
export function defaultResetMail(context: ResetMailContext): ResetMailText {
  return {
    subject: 'Password reset',
    text: [
      "You're receiving this email because you requested a password reset for your user account.",
      '',
      'Please go to the following page and choose a new password:',
      context.link,
      '',
      `Your username, in case you've forgotten: ${context.username}`,
      '',
    ].join('\n'),
  };
}
