/** What a verification mail is written from. */
export interface VerificationMailContext {
  readonly username: string;
  /** The address being verified, which the mail goes to. */
  readonly email: string;
  /** The link that confirms the address, carrying the verification key. */
  readonly link: string;
}

/** The words of a verification mail. */
export interface VerificationMailText {
  readonly subject: string;
  readonly text: string;
}

/** The default verification mail, after django-allauth's confirmation mail. */
export function defaultVerificationMail(context: VerificationMailContext): VerificationMailText {
  return {
    subject: 'Please Confirm Your E-mail Address',
    text: [
      `You're receiving this e-mail because user ${context.username} has given your e-mail address to register an account.`,
      '',
      `To confirm this is correct, go to ${context.link}`,
      '',
    ].join('\n'),
  };
}
