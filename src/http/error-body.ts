import type { ValidationIssueCode } from '../errors/codes.js';
import {
  type AccountsError,
  RateLimitError,
  ValidationError,
  type ValidationIssue,
} from '../errors/errors.js';
import { isAccountsError } from '../errors/is-accounts-error.js';
import { HttpError } from './http-error.js';
import { type AnswerCode, httpStatusFor } from './status.js';

/** Which body shape errors are rendered in. */
export type ErrorBodyStyle = 'accountkit' | 'drf';

/** Options of {@link toErrorResponse}. */
export interface ErrorResponseOptions {
  /**
   * `accountkit` (default): `{ code, message, fields? }`. `drf`: the bodies Django REST
   * Framework and SimpleJWT send (`{ detail, code }`, per-field message lists), for clients
   * written against the Django API.
   */
  readonly style?: ErrorBodyStyle;
  /** Realm named in `WWW-Authenticate` on 401 answers. Defaults to `api`, as the Django app. */
  readonly realm?: string;
}

/** A rendered error: status, headers and a JSON-serialisable body. */
export interface ErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
  /** False for unexpected errors, which the caller should log (the body says nothing). */
  readonly expected: boolean;
}

const INTERNAL_MESSAGE = 'Internal server error.';

// What Django REST Framework and SimpleJWT answered for the same failures.
const DRF_BODIES: Partial<Record<AnswerCode, Record<string, string>>> = {
  NOT_AUTHENTICATED: { detail: 'Authentication credentials were not provided.' },
  INVALID_CREDENTIALS: { detail: 'No active account found with the given credentials' },
  TOKEN_INVALID: { detail: 'Given token not valid for any token type', code: 'token_not_valid' },
  TOKEN_EXPIRED: { detail: 'Token is invalid or expired', code: 'token_not_valid' },
  TOKEN_REVOKED: { detail: 'Token is blacklisted', code: 'token_not_valid' },
  TOKEN_REUSED: { detail: 'Token is blacklisted', code: 'token_not_valid' },
  USER_INACTIVE: { detail: 'User is inactive', code: 'user_inactive' },
  USER_NOT_FOUND: { detail: 'Not found.' },
  NOT_FOUND: { detail: 'Not found.' },
  CANNOT_FOLLOW_SELF: { message: 'Cannot follow yourself' },
};

// Django REST Framework's words for the issues whose accountkit message says the same thing in
// other words (the `ImageField`/`FileField` messages). Other issues already carry Django's text
// (`USERNAME_INVALID`, `EMAIL_INVALID`, a blank field...) or are accountkit's own rules.
const DRF_ISSUE_MESSAGES: Partial<Record<ValidationIssueCode, string>> = {
  INVALID_IMAGE_CONTENT:
    'Upload a valid image. The file you uploaded was either not an image or a corrupted image.',
  IMAGE_EMPTY: 'The submitted file is empty.',
  IMAGE_NAME_MISSING: 'No filename could be determined.',
};

/**
 * Render any thrown value as an HTTP error answer. Accountkit errors keep their code and
 * message; anything else becomes a generic `INTERNAL` 500 that reveals nothing (no stack, SQL,
 * driver message, token or hash).
 *
 * @example
 * ```ts
 * const { status, headers, body } = toErrorResponse(error);
 * reply.code(status).headers(headers).send(body);
 * ```
 */
export function toErrorResponse(error: unknown, options: ErrorResponseOptions = {}): ErrorResponse {
  const known =
    error instanceof HttpError || (isAccountsError(error) && error.code !== 'CONFIGURATION_ERROR');
  const code: AnswerCode = known ? (error as AccountsError | HttpError).code : 'INTERNAL';
  const message = known ? (error as AccountsError | HttpError).message : INTERNAL_MESSAGE;
  const status = httpStatusFor(code);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (status === 401) headers['www-authenticate'] = bearerChallenge(code, options.realm ?? 'api');
  if (error instanceof RateLimitError) headers['retry-after'] = String(error.retryAfterSeconds);
  const body =
    options.style === 'drf' ? drfBody(error, code, message) : accountkitBody(error, code, message);
  return { status, headers, body, expected: known };
}

function accountkitBody(error: unknown, code: AnswerCode, message: string) {
  if (!(error instanceof ValidationError)) return { code, message };
  const fields = groupBy(
    error.issues,
    (issue) => (issue.path.length === 0 ? '_' : issue.path.join('.')),
    (issue) => ({ code: issue.code, message: issue.message }),
  );
  return { code, message, fields };
}

function drfBody(error: unknown, code: AnswerCode, message: string) {
  if (error instanceof ValidationError) {
    return groupBy(
      error.issues,
      (issue) => (issue.path.length === 0 ? 'non_field_errors' : String(issue.path[0])),
      drfIssueMessage,
    );
  }
  if (code === 'USERNAME_TAKEN') return { username: [message] };
  return DRF_BODIES[code] ?? { detail: message, code: code.toLowerCase() };
}

function drfIssueMessage(issue: ValidationIssue): string {
  return DRF_ISSUE_MESSAGES[issue.code] ?? issue.message;
}

function groupBy<T, V>(
  items: readonly T[],
  keyFor: (item: T) => string,
  valueFor: (item: T) => V,
): Record<string, V[]> {
  // A Map, so a field named `__proto__` stays a field instead of replacing the prototype.
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const key = keyFor(item);
    groups.set(key, [...(groups.get(key) ?? []), valueFor(item)]);
  }
  return Object.fromEntries(groups);
}

function bearerChallenge(code: AnswerCode, realm: string): string {
  const quotedRealm = `Bearer realm="${realm.replace(/["\\]/g, '')}"`;
  // RFC 6750 §3: name the error only when a token was presented and refused.
  return code === 'NOT_AUTHENTICATED' || code === 'INVALID_CREDENTIALS'
    ? quotedRealm
    : `${quotedRealm}, error="invalid_token"`;
}
