import { expect } from 'vitest';
import { ACCOUNTS_ERROR_CODES } from '../../../src/errors/index.js';
import { HTTP_ERROR_CODES } from '../../../src/http/index.js';
import { PASSWORD } from '../../services/setup.js';
import { checkAgainstOpenApi } from './openapi-check.js';

/** An answer, with its body parsed when it is JSON. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON.
  readonly body: any;
}

/** What to send. */
export interface Call {
  readonly token?: string;
  readonly json?: unknown;
  /** A raw body; sent as is with `headers`. */
  readonly body?: string | Uint8Array | FormData;
  readonly headers?: Record<string, string>;
}

/** One request over real HTTP. */
export async function call(
  origin: string,
  method: string,
  path: string,
  options: Call = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  }
  const url = path.startsWith('/') ? `${origin}${path}` : `${origin}/api/accounts/${path}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = body as NonNullable<RequestInit['body']>;
  const response = await fetch(url, init);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  checkAgainstOpenApi(url, method, response.status, parsed);
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** A signed-up user with a fresh pair. */
export interface TestUser {
  readonly id: number;
  readonly username: string;
  readonly access: string;
  readonly refresh: string;
}

let sequence = 0;

/** A username no other test uses. */
export function uniqueName(prefix = 'user'): string {
  sequence += 1;
  return `${prefix}${process.pid}x${sequence}`;
}

/** Sign up a fresh user through the API. */
export async function signUp(origin: string, prefix = 'user'): Promise<TestUser> {
  const username = uniqueName(prefix);
  const answer = await call(origin, 'POST', 'signup/', { json: { username, password: PASSWORD } });
  expect(answer.status).toBe(201);
  const { access, refresh } = answer.body.tokens;
  return { id: claims(access).user_id as number, username, access, refresh };
}

/** The claims of a JWT, unverified (tests only). */
export function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

const KNOWN_CODES: readonly string[] = [...ACCOUNTS_ERROR_CODES, ...HTTP_ERROR_CODES];

/**
 * An accountkit error answer (H-08): the status, JSON with charset, `{code, message, fields?}`
 * with a documented code, and nothing that looks like a stack, SQL, a token or a hash.
 */
export function expectError(answer: Answer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(KNOWN_CODES).toContain(answer.body.code);
  expect(
    Object.keys(answer.body).filter((key) => !['code', 'message', 'fields'].includes(key)),
  ).toEqual([]);
  expect(typeof answer.body.message).toBe('string');
  expectNoSecrets(answer.text);
}

/** No stack frame, SQL, JWT or password hash in a text. */
export function expectNoSecrets(text: string): void {
  expect(text).not.toMatch(
    /\bat .+:\d+:\d+|node_modules|SELECT |INSERT |UPDATE |sqlite|eyJ|\$argon2|argon2\$|pbkdf2/i,
  );
}
