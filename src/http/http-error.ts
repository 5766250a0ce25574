/**
 * The codes only the HTTP layer answers: no route, no such method on the route, a body it
 * cannot take. They are not service errors, so they are not `AccountsError`s.
 */
export const HTTP_ERROR_CODES = [
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
] as const;

/** One of {@link HTTP_ERROR_CODES}. */
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];

/** A request the HTTP layer refuses before any service runs. Check `code`, not the message. */
export class HttpError extends Error {
  /** The stable code of this refusal. */
  readonly code: HttpErrorCode;

  constructor(code: HttpErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'HttpError';
  }
}
