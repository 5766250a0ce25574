import { describe, expect, it } from 'vitest';
import {
  bodyErrorFor,
  findPrototypeKey,
  isJsonContentType,
  JSON_BODY_LIMIT_BYTES,
  parseJsonBody,
} from '../../../src/http/body.js';

describe('parseJsonBody', () => {
  it('parses JSON and treats an empty body as absent', () => {
    expect(parseJsonBody('{"a":[1,{"b":null}]}')).toEqual({ a: [1, { b: null }] });
    expect(parseJsonBody('')).toBeUndefined();
    expect(parseJsonBody('  \n')).toBeUndefined();
  });

  it('refuses malformed JSON with MALFORMED_JSON', () => {
    expect(() => parseJsonBody('{')).toThrow(expect.objectContaining({ code: 'MALFORMED_JSON' }));
  });

  it.each([
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '{"a":[{"b":{"__proto__":1}}]}',
    '{"prototype":1}',
  ])('refuses prototype-reaching keys at any depth: %s', (text) => {
    expect(() => parseJsonBody(text)).toThrow(expect.objectContaining({ code: 'MALFORMED_JSON' }));
  });

  it('walks deeply nested bodies without recursion', () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    expect(findPrototypeKey(JSON.parse(deep))).toBeNull();
  });
});

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['application/merge-patch+json', true],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
    [undefined, false],
  ])('%s → %s', (header, expected) => {
    expect(isJsonContentType(header)).toBe(expected);
  });
});

describe('bodyErrorFor', () => {
  it('maps framework parser statuses onto accountkit codes', () => {
    expect(bodyErrorFor(413).code).toBe('PAYLOAD_TOO_LARGE');
    expect(bodyErrorFor(415).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(bodyErrorFor(406).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(bodyErrorFor(400).code).toBe('MALFORMED_JSON');
  });

  it('uses 1 MiB as the shared JSON limit', () => {
    expect(JSON_BODY_LIMIT_BYTES).toBe(1_048_576);
  });
});
