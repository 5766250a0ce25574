import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openServerAccounts,
  readServerConfig,
  type ServerAccounts,
} from '../../src/server/index.js';
import { cheapHasher, PASSWORD } from '../services/setup.js';
import { type Answer, type Call, call } from './support/client.js';
import {
  EXAMPLES,
  type Served,
  serve,
  TEST_MEDIA_LIMIT,
  TEST_SIGNING_KEY,
} from './support/servers.js';

/** One request of the table: method, path (relative to the API unless absolute), what to send. */
interface Row {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly call?: (token: string) => Call;
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

function form(entries: [string, string | [Uint8Array, string]][]): FormData {
  const body = new FormData();
  for (const [name, value] of entries) {
    if (typeof value === 'string') body.append(name, value);
    else body.append(name, new Blob([value[0]]), value[1]);
  }
  return body;
}

const multipart = (entries: [string, string | [Uint8Array, string]][]) => (token: string) => ({
  token,
  body: form(entries),
});

const ROWS: readonly Row[] = [
  {
    name: 'bracketed field',
    method: 'PATCH',
    path: 'info/',
    call: multipart([['email[x]', 'a@b.c']]),
  },
  {
    name: 'prototype-looking bracketed field',
    method: 'PATCH',
    path: 'info/',
    call: multipart([['__proto__[is_active]', 'false']]),
  },
  {
    name: 'nested constructor field',
    method: 'PATCH',
    path: 'info/',
    call: multipart([['constructor[prototype][polluted]', 'yes']]),
  },
  {
    name: '__proto__ field',
    method: 'PATCH',
    path: 'info/',
    call: multipart([['__proto__', 'x']]),
  },
  {
    name: 'file under constructor',
    method: 'PATCH',
    path: 'info/',
    call: multipart([['constructor', [PNG, 'a.png']]]),
  },
  {
    name: 'file under an unknown field',
    method: 'PATCH',
    path: 'info/',
    call: multipart([['avatar', [PNG, 'a.png']]]),
  },
  {
    name: 'three files',
    method: 'PATCH',
    path: 'info/',
    call: multipart([
      ['profile_pic', [PNG, 'a.png']],
      ['cover_image', [PNG, 'b.png']],
      ['profile_pic', [PNG, 'c.png']],
    ]),
  },
  {
    name: 'an image that is not one',
    method: 'PATCH',
    path: 'info/',
    call: multipart([['profile_pic', [new Uint8Array([1, 2, 3]), 'a.png']]]),
  },
  {
    name: 'garbage multipart',
    method: 'PATCH',
    path: 'info/',
    call: (token) => ({
      token,
      body: 'garbage',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    }),
  },
  {
    name: 'multipart where only JSON is taken',
    method: 'POST',
    path: 'token/',
    call: multipart([['username', 'a']]),
  },
  {
    name: 'truncated JSON',
    method: 'POST',
    path: 'token/',
    call: () => ({ body: '{"username":', headers: { 'content-type': 'application/json' } }),
  },
  {
    name: 'JSON with a nested __proto__',
    method: 'POST',
    path: 'signup/',
    call: () => ({
      body: '{"a":{"__proto__":{"x":1}}}',
      headers: { 'content-type': 'application/json' },
    }),
  },
  {
    name: 'text body',
    method: 'POST',
    path: 'token/',
    call: () => ({ body: 'username=a', headers: { 'content-type': 'text/plain' } }),
  },
  { name: 'unknown path', method: 'GET', path: 'nowhere/' },
  { name: 'double slash', method: 'GET', path: '/api/accounts//info/' },
  { name: 'bad percent-encoding', method: 'GET', path: '%zz/info/', call: (token) => ({ token }) },
  { name: 'encoded id', method: 'GET', path: '%31/info/', call: (token) => ({ token }) },
  { name: 'method without an operation', method: 'PATCH', path: '1/info/' },
  { name: 'method outside the API', method: 'PROPFIND', path: 'info/' },
  { name: 'OPTIONS', method: 'OPTIONS', path: 'info/' },
  { name: 'HEAD', method: 'HEAD', path: 'info/', call: (token) => ({ token }) },
  {
    name: 'lower-case bearer',
    method: 'GET',
    path: 'info/',
    call: (token) => ({ headers: { authorization: `bearer ${token}` } }),
  },
  {
    name: 'bearer with three parts',
    method: 'GET',
    path: 'info/',
    call: (token) => ({ headers: { authorization: `Bearer ${token} x` } }),
  },
  {
    name: 'query on a follow list',
    method: 'GET',
    path: '1/followers/?page=2',
    call: (token) => ({ token }),
  },
  { name: 'jwks with an HMAC key', method: 'GET', path: '/.well-known/jwks.json' },
];

const HEADERS = ['content-type', 'allow', 'cache-control', 'www-authenticate', 'retry-after'];

function comparable(answer: Answer) {
  return {
    status: answer.status,
    headers: Object.fromEntries(HEADERS.map((name) => [name, answer.headers.get(name)])),
    text: answer.text,
  };
}

describe('every server answers the same request the same way', () => {
  let dir: string;
  let opened: ServerAccounts;
  const servers = new Map<string, Served>();
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accountkit-parity-'));
    const config = readServerConfig({
      DATABASE_URL: `sqlite:${join(dir, 'accounts.sqlite3')}`,
      MEDIA_ROOT: join(dir, 'media'),
      ACCOUNTKIT_SIGNING_KEY: TEST_SIGNING_KEY,
      RATE_LIMIT: 'off',
    });
    opened = await openServerAccounts(config, {
      passwords: { preferred: cheapHasher() },
      media: { root: config.mediaRoot, maxBytes: TEST_MEDIA_LIMIT },
    });
    const { tokens } = await opened.accounts.register({ username: 'parity', password: PASSWORD });
    token = tokens.access;
    for (const example of EXAMPLES) {
      servers.set(
        example,
        await serve(example, { accounts: opened.accounts, mediaLimitBytes: TEST_MEDIA_LIMIT }),
      );
    }
  });

  afterAll(async () => {
    for (const served of servers.values()) await served.close();
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const row of ROWS) {
    it(`${row.name}: ${row.method} ${row.path}`, async () => {
      const answers = new Map<string, ReturnType<typeof comparable>>();
      for (const [example, served] of servers) {
        answers.set(
          example,
          comparable(await call(served.origin, row.method, row.path, row.call?.(token))),
        );
      }
      const [first, ...rest] = [...answers.values()];
      for (const answer of rest) expect(answer).toEqual(first);
    });
  }

  it('takes multipart field names literally and answers 400 UNKNOWN_FIELD for each', async () => {
    const origin = servers.get('express')?.origin as string;
    for (const name of ['email[x]', '__proto__[is_active]', 'constructor[prototype][polluted]']) {
      const answer = await call(origin, 'PATCH', 'info/', { token, body: form([[name, 'x']]) });
      expect({ status: answer.status, fields: answer.body.fields }).toEqual({
        status: 400,
        fields: { [name]: [{ code: 'UNKNOWN_FIELD', message: 'Unknown field.' }] },
      });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).is_active).toBeUndefined();
  });

  it('left the user as it was after every refused update', async () => {
    const me = await opened.accounts.getMe({ userId: 1 });
    expect({ email: me.email, profile_pic: me.profile_pic }).toEqual({
      email: '',
      profile_pic: null,
    });
  });
});
