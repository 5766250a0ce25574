import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { HTTP_STATUS_BY_CODE, JSON_BODY_LIMIT_BYTES } from '../../src/http/index.js';
import { PASSWORD } from '../services/setup.js';
import { call, expectError, expectNoSecrets, signUp, uniqueName } from './support/client.js';
import { describeExamples, TEST_MEDIA_LIMIT } from './support/servers.js';

async function userRows(db: ReturnType<typeof dbOf>, username: string): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*) as n from accountkit_user where username = ${username}`.execute(db);
  return Number(rows[0]?.n);
}

const dbOf = (context: { opened: { database: { db: unknown } } }) =>
  context.opened.database.db as import('kysely').Kysely<unknown>;

describeExamples('HTTP hygiene', (context) => {
  it('H-01 protected routes without Authorization answer 401 NOT_AUTHENTICATED with a Bearer challenge', async () => {
    const { origin } = context();
    const routes: [string, string][] = [
      ['GET', 'info/'],
      ['PATCH', 'info/'],
      ['PUT', 'profile/update/'],
      ['GET', '1/info/'],
      ['GET', '1/followers/'],
      ['GET', '1/following/'],
      ['POST', 'follow_unfollow/1/'],
      ['PUT', '1/follow/'],
      ['DELETE', '1/follow/'],
    ];
    for (const [method, path] of routes) {
      const answer = await call(origin, method, path);
      expectError(answer, 401, 'NOT_AUTHENTICATED');
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    }
  });

  it('H-01 a refused token names the error in the challenge', async () => {
    const answer = await call(context().origin, 'GET', 'info/', { token: 'not.a.jwt' });
    expectError(answer, 401, 'TOKEN_INVALID');
    expect(answer.headers.get('www-authenticate')).toBe(
      'Bearer realm="api", error="invalid_token"',
    );
  });

  it('H-06 a JSON body of limit + 1 bytes is 413 PAYLOAD_TOO_LARGE, the service is not invoked and no row is written', async () => {
    const { origin } = context();
    const username = uniqueName('big');
    const sized = (size: number) => {
      const base = JSON.stringify({ username, password: PASSWORD, pad: '' });
      return JSON.stringify({ username, password: PASSWORD, pad: 'x'.repeat(size - base.length) });
    };
    const headers = { 'content-type': 'application/json' };
    const hashesBefore = context().hasher.calls.hash;
    const over = await call(origin, 'POST', 'signup/', {
      body: sized(JSON_BODY_LIMIT_BYTES + 1),
      headers,
    });
    expectError(over, 413, 'PAYLOAD_TOO_LARGE');
    expect(context().hasher.calls.hash).toBe(hashesBefore);
    expect(await userRows(dbOf(context()), username)).toBe(0);
    // Exactly at the limit the body is read, and the service refuses the unknown field.
    const at = await call(origin, 'POST', 'signup/', {
      body: sized(JSON_BODY_LIMIT_BYTES),
      headers,
    });
    expectError(at, 400, 'VALIDATION_FAILED');
    expect(at.body.fields.pad[0].code).toBe('UNKNOWN_FIELD');
  });

  it('H-06 an image of the media limit + 1 bytes is 413 PAYLOAD_TOO_LARGE and the profile is unchanged', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const form = new FormData();
    form.append('profile_pic', new Blob([new Uint8Array(TEST_MEDIA_LIMIT + 1)]), 'big.png');
    const answer = await call(origin, 'PATCH', 'info/', { token: user.access, body: form });
    expectError(answer, 413, 'PAYLOAD_TOO_LARGE');
    const me = await call(origin, 'GET', 'info/', { token: user.access });
    expect(me.body.profile_pic).toBeNull();
  });

  it('H-07 malformed JSON is 400 MALFORMED_JSON; text and form bodies are 415', async () => {
    const { origin } = context();
    const post = (body: string, type: string) =>
      call(origin, 'POST', 'token/', { body, headers: { 'content-type': type } });
    expectError(await post('{', 'application/json'), 400, 'MALFORMED_JSON');
    expectError(await post('{"username":"a"', 'application/json'), 400, 'MALFORMED_JSON');
    expectError(await post('username=a&password=b', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(
      await post('username=a&password=b', 'application/x-www-form-urlencoded'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const form = new FormData();
    form.append('username', 'a');
    const multipart = await call(origin, 'POST', 'signup/', { body: form });
    expectError(multipart, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('H-07 __proto__ and constructor keys are refused with 400 before the service', async () => {
    const { origin } = context();
    const username = uniqueName('proto');
    for (const body of [
      `{"username":"${username}","password":"${PASSWORD}","__proto__":{"is_staff":true}}`,
      `{"username":"${username}","password":"${PASSWORD}","constructor":{"prototype":{"x":1}}}`,
      `{"username":"${username}","password":"${PASSWORD}","constructor":1}`,
    ]) {
      const answer = await call(origin, 'POST', 'signup/', {
        body,
        headers: { 'content-type': 'application/json' },
      });
      expectError(answer, 400, 'MALFORMED_JSON');
    }
    expect(await userRows(dbOf(context()), username)).toBe(0);
  });

  it('H-08 every error answer is JSON {code, message} without stack, SQL or secrets', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const answers = await Promise.all([
      call(origin, 'GET', 'nowhere/'),
      call(origin, 'GET', 'info'),
      call(origin, 'DELETE', 'token/'),
      call(origin, 'POST', 'token/', {
        json: { username: user.username, password: 'wrong-password' },
      }),
      call(origin, 'POST', 'signup/', { json: { username: user.username, password: PASSWORD } }),
      call(origin, 'GET', '999999/info/', { token: user.access }),
      call(origin, 'GET', 'info/', { token: user.refresh }),
    ]);
    const codes = answers.map((answer) => answer.body.code);
    expect(codes).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
      'METHOD_NOT_ALLOWED',
      'INVALID_CREDENTIALS',
      'USERNAME_TAKEN',
      'USER_NOT_FOUND',
      'TOKEN_INVALID',
    ]);
    for (const answer of answers) expectError(answer, answer.status, answer.body.code);
    // H-10: each code comes with the one status of the table.
    for (const answer of answers) {
      expect(answer.status).toBe(HTTP_STATUS_BY_CODE[answer.body.code as 'NOT_FOUND']);
    }
  });

  it('H-08 no token, password or hash reaches the access log', async () => {
    const { origin, logLines } = context();
    const user = await signUp(origin);
    await call(origin, 'GET', `${user.id}/followers/?cursor=${user.access}`, {
      token: user.access,
    });
    await call(origin, 'POST', 'token/', { json: { username: user.username, password: PASSWORD } });
    const log = logLines.join('\n');
    expect(log).toContain(`GET /api/accounts/${user.id}/followers/ 400`);
    expect(log).not.toContain(user.access);
    expect(log).not.toContain(PASSWORD);
    expectNoSecrets(log);
  });

  it('answers 404 NOT_FOUND for unknown paths, a missing trailing slash and non-numeric ids', async () => {
    const { origin } = context();
    for (const path of [
      'nowhere/',
      'info',
      'signup',
      'abc/info/',
      '-1/info/',
      '/',
      '/api/accounts/',
    ]) {
      expectError(await call(origin, 'GET', path), 404, 'NOT_FOUND');
    }
    expectError(await call(origin, 'GET', 'INFO/'), 404, 'NOT_FOUND');
  });

  it('answers 405 METHOD_NOT_ALLOWED with Allow, and OPTIONS with 204 and Allow', async () => {
    const { origin } = context();
    const cases: [string, string, string][] = [
      ['PATCH', '1/info/', 'GET, HEAD, OPTIONS'],
      ['GET', 'profile/update/', 'PUT, PATCH, OPTIONS'],
      ['GET', 'token/', 'POST, OPTIONS'],
      ['GET', 'follow_unfollow/5/', 'POST, OPTIONS'],
      ['POST', 'info/', 'GET, PUT, PATCH, HEAD, OPTIONS'],
      ['POST', '1/follow/', 'PUT, DELETE, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const answer = await call(origin, method, path);
      expectError(answer, 405, 'METHOD_NOT_ALLOWED');
      expect(answer.headers.get('allow')).toBe(allow);
    }
    const options = await call(origin, 'OPTIONS', 'signup/');
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('HEAD on a GET route answers like GET without a body', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const answer = await call(origin, 'HEAD', 'info/', { token: user.access });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
  });
});

describeExamples('unusual requests', (context) => {
  it('answers methods outside the API (PROPFIND) with 404, a body without Content-Type with 415', async () => {
    const { origin } = context();
    expectError(await call(origin, 'PROPFIND', 'signup/'), 404, 'NOT_FOUND');
    const untyped = await fetch(`${origin}/api/accounts/signup/`, {
      method: 'POST',
      body: new Uint8Array(Buffer.from('{"username":"a"}')),
    });
    expect(untyped.status).toBe(415);
  });

  it('reads no multipart upload before the caller is authenticated', async () => {
    const { origin } = context();
    const answer = await call(origin, 'PATCH', 'info/', {
      body: 'garbage',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expectError(answer, 401, 'NOT_AUTHENTICATED');
  });
});
