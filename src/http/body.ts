import { HttpError } from './http-error.js';

/**
 * Largest JSON request body every framework adapter accepts: 1 MiB, Fastify's default.
 * Express's own default is 100 KiB; adapters pass this constant to their parsers so a body
 * gets the same answer (413 `PAYLOAD_TOO_LARGE` past it) whichever framework serves it.
 */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Keys that reach an object's prototype when a body is later merged with `Object.assign` or a
 * spread into a plain object. `JSON.parse` keeps them as harmless own properties, so they are
 * refused at the edge, in every adapter alike (Fastify refuses only `__proto__` and
 * `constructor.prototype` by default).
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether `name` is a key that reaches a prototype (`__proto__`, `constructor`, `prototype`). */
export function isPrototypeKey(name: string): boolean {
  return PROTOTYPE_KEYS.has(name);
}

/**
 * The first prototype-reaching key anywhere in a parsed JSON value, or `null`.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findPrototypeKey(value: unknown): string | null {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      pending.push(...node);
      continue;
    }
    for (const key of Object.keys(node)) {
      if (PROTOTYPE_KEYS.has(key)) return key;
      pending.push((node as Record<string, unknown>)[key]);
    }
  }
  return null;
}

/**
 * Parse a JSON request body the same way in every adapter: an empty body is `undefined`
 * (the service then reports each required field), anything else must be valid JSON without
 * prototype-reaching keys.
 *
 * @throws HttpError `MALFORMED_JSON` for invalid JSON or a `__proto__`, `constructor` or
 *   `prototype` key at any depth.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError('MALFORMED_JSON', 'The request body is not valid JSON.');
  }
  if (findPrototypeKey(value) !== null) throw prototypeKeyRefused();
  return value;
}

/** The `MALFORMED_JSON` error of a body naming `__proto__`, `constructor` or `prototype`. */
export function prototypeKeyRefused(): HttpError {
  return new HttpError(
    'MALFORMED_JSON',
    'The keys __proto__, constructor and prototype are not accepted.',
  );
}

/** Whether a `Content-Type` header names JSON (`application/json`, `application/*+json`). */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const type = (header.split(';')[0] ?? '').trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * The accountkit error for a framework's own refusal of a request body, by the status the
 * framework chose: 413 → `PAYLOAD_TOO_LARGE`, 406/415 → `UNSUPPORTED_MEDIA_TYPE`, any other
 * 4xx → `MALFORMED_JSON`. Adapters use it so that Fastify's and Express's parser errors give
 * the same answers.
 */
export function bodyErrorFor(status: number): HttpError {
  if (status === 413) return payloadTooLarge();
  if (status === 415 || status === 406) return unsupportedMediaType();
  return malformedBody();
}

/** The `PAYLOAD_TOO_LARGE` error of a body past its limit. */
export function payloadTooLarge(): HttpError {
  return new HttpError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
}

/** The `MALFORMED_JSON` error of a body that cannot be parsed (JSON or multipart). */
export function malformedBody(): HttpError {
  return new HttpError('MALFORMED_JSON', 'The request body could not be parsed.');
}

/** Whether a `Content-Type` header names a multipart form (`multipart/form-data; boundary=`). */
export function isMultipartContentType(header: string | undefined): boolean {
  return header !== undefined && /^multipart\/form-data\s*;/i.test(header);
}

/** The `UNSUPPORTED_MEDIA_TYPE` error of a body the route does not take. */
export function unsupportedMediaType(): HttpError {
  return new HttpError(
    'UNSUPPORTED_MEDIA_TYPE',
    'Send the body as application/json (or multipart/form-data where images are accepted).',
  );
}
