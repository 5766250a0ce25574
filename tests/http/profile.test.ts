import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PASSWORD } from '../services/setup.js';
import { call, expectError, signUp, uniqueName } from './support/client.js';
import { describeExamples } from './support/servers.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const GIF = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
const USER_KEYS = [
  'id',
  'username',
  'date_joined',
  'email',
  'profile_pic',
  'following',
  'followers',
  'cover_image',
];

function imageForm(field: string, bytes: Uint8Array, filename: string): FormData {
  const form = new FormData();
  form.append(field, new Blob([bytes]), filename);
  return form;
}

describeExamples('sign-up and profile', (context) => {
  it('C-01 sign-up answers 201 {username, email, tokens:{refresh, access}} and the tokens work', async () => {
    const { origin } = context();
    const username = uniqueName('alice');
    const answer = await call(origin, 'POST', 'signup/', {
      json: { username, email: `${username}@example.test`, password: PASSWORD },
    });
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.body)).toEqual(['username', 'email', 'tokens']);
    expect(Object.keys(answer.body.tokens)).toEqual(['refresh', 'access']);
    expect(answer.body).toMatchObject({ username, email: `${username}@example.test` });
    const me = await call(origin, 'GET', 'info/', { token: answer.body.tokens.access });
    expect(me.status).toBe(200);
    expect(Object.keys(me.body)).toEqual(USER_KEYS);
    expect(me.body).toMatchObject({ username, following: 0, followers: 0, profile_pic: null });
    expect(me.text).not.toMatch(/password|argon2/);
  });

  it('C-02 the same username again is 409 USERNAME_TAKEN and the first user keeps their password', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const again = await call(origin, 'POST', 'signup/', {
      json: { username: user.username, password: 'another password entirely' },
    });
    expectError(again, 409, 'USERNAME_TAKEN');
    const login = await call(origin, 'POST', 'token/', {
      json: { username: user.username, password: PASSWORD },
    });
    expect(login.status).toBe(200);
  });

  it('C-03 case variants of a taken username are 409 (Django treated them as distinct)', async () => {
    const { origin } = context();
    const user = await signUp(origin, 'casey');
    for (const variant of [user.username.toUpperCase(), `C${user.username.slice(1)}`]) {
      const answer = await call(origin, 'POST', 'signup/', {
        json: { username: variant, password: PASSWORD },
      });
      expectError(answer, 409, 'USERNAME_TAKEN');
    }
  });

  it('C-09 mass assignment at sign-up is 400 UNKNOWN_FIELD and writes nothing', async () => {
    const { origin } = context();
    const username = uniqueName('sneaky');
    const answer = await call(origin, 'POST', 'signup/', {
      json: {
        username,
        password: PASSWORD,
        id: 1,
        is_active: false,
        is_staff: true,
        follower_count: 999,
        date_joined: '2000-01-01T00:00:00Z',
        password_hash: 'x',
        token_type: 'refresh',
      },
    });
    expectError(answer, 400, 'VALIDATION_FAILED');
    expect(answer.body.fields.is_staff).toEqual([
      { code: 'UNKNOWN_FIELD', message: expect.any(String) },
    ]);
    const login = await call(origin, 'POST', 'token/', { json: { username, password: PASSWORD } });
    expectError(login, 401, 'INVALID_CREDENTIALS');
  });

  it('D-01 no route writes another user: PATCH <id>/info/ is 405, an id in the body is READ_ONLY_FIELD, the other user is unchanged', async () => {
    const { origin } = context();
    const a = await signUp(origin);
    const b = await signUp(origin);
    const before = await call(origin, 'GET', `${b.id}/info/`, { token: b.access });
    const direct = await call(origin, 'PATCH', `${b.id}/info/`, {
      token: a.access,
      json: { email: 'owned@example.test' },
    });
    expectError(direct, 405, 'METHOD_NOT_ALLOWED');
    const viaBody = await call(origin, 'PATCH', 'info/', {
      token: a.access,
      json: { id: b.id, email: 'owned@example.test' },
    });
    expectError(viaBody, 400, 'VALIDATION_FAILED');
    expect(viaBody.body.fields.id[0].code).toBe('READ_ONLY_FIELD');
    const after = await call(origin, 'GET', `${b.id}/info/`, { token: b.access });
    expect(after.body).toEqual(before.body);
  });

  it('PATCH and PUT on info/ and profile/update/ update the own profile', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const patch = await call(origin, 'PATCH', 'info/', {
      token: user.access,
      json: { email: `${user.username}@example.test` },
    });
    expect(patch.status).toBe(200);
    expect(Object.keys(patch.body)).toEqual(USER_KEYS);
    expect(patch.body.email).toBe(`${user.username}@example.test`);
    const put = await call(origin, 'PUT', 'profile/update/', {
      token: user.access,
      json: { email: 'second@example.test' },
    });
    expect(put.body.email).toBe('second@example.test');
    const invalid = await call(origin, 'PATCH', 'profile/update/', {
      token: user.access,
      json: { username: 'bad name!' },
    });
    expectError(invalid, 400, 'VALIDATION_FAILED');
    expect(invalid.body.fields.username[0].code).toBe('USERNAME_INVALID');
  });

  it('D-05 a password change answers a fresh pair and revokes every earlier token', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const other = await call(origin, 'POST', 'token/', {
      json: { username: user.username, password: PASSWORD },
    });
    const newPassword = 'a brand new passphrase 42';
    const wrong = await call(origin, 'PATCH', 'info/', {
      token: user.access,
      json: { password: newPassword, current_password: 'not it' },
    });
    expectError(wrong, 400, 'INVALID_CURRENT_PASSWORD');
    const changed = await call(origin, 'PATCH', 'info/', {
      token: user.access,
      json: { password: newPassword, current_password: PASSWORD },
    });
    expect(changed.status).toBe(200);
    expect(Object.keys(changed.body)).toEqual([...USER_KEYS, 'tokens']);
    expect(changed.headers.get('cache-control')).toBe('no-store');
    const fresh = changed.body.tokens;
    expect((await call(origin, 'GET', 'info/', { token: fresh.access })).status).toBe(200);
    expectError(await call(origin, 'GET', 'info/', { token: user.access }), 401, 'TOKEN_REVOKED');
    for (const refresh of [user.refresh, other.body.refresh]) {
      expectError(
        await call(origin, 'POST', 'token/refresh/', { json: { refresh } }),
        401,
        'TOKEN_REVOKED',
      );
    }
    expectError(
      await call(origin, 'POST', 'token/', {
        json: { username: user.username, password: PASSWORD },
      }),
      401,
      'INVALID_CREDENTIALS',
    );
    const relogin = await call(origin, 'POST', 'token/', {
      json: { username: user.username, password: newPassword },
    });
    expect(relogin.status).toBe(200);
    expect(
      (await call(origin, 'POST', 'token/refresh/', { json: { refresh: fresh.refresh } })).status,
    ).toBe(200);
  });

  it('multipart uploads set profile_pic and cover_image; null clears; a non-image is 400 on its field', async () => {
    const { origin, opened } = context();
    const user = await signUp(origin);
    const pic = await call(origin, 'PATCH', 'info/', {
      token: user.access,
      body: imageForm('profile_pic', PNG, 'My Photo (1).PNG'),
    });
    expect(pic.status).toBe(200);
    expect(pic.body.profile_pic).toMatch(
      new RegExp(`^/media/images/profile/${user.username}_${user.id}/[0-9a-f]{32}\\.png$`),
    );
    const stored = join(
      opened.database.target.location,
      '..',
      'media',
      pic.body.profile_pic.slice('/media/'.length),
    );
    expect(existsSync(stored)).toBe(true);
    const cover = await call(origin, 'PATCH', 'info/', {
      token: user.access,
      body: imageForm('cover_image', GIF, 'cover.gif'),
    });
    expect(cover.body.cover_image).toMatch(/\/images\/cover\/.+\.gif$/);
    expect(cover.body.profile_pic).toBe(pic.body.profile_pic);
    const notImage = await call(origin, 'PATCH', 'info/', {
      token: user.access,
      body: imageForm('profile_pic', new TextEncoder().encode('hello'), 'notes.png'),
    });
    expectError(notImage, 400, 'VALIDATION_FAILED');
    expect(notImage.body.fields.profile_pic[0].code).toBe('INVALID_IMAGE_CONTENT');
    const unknown = await call(origin, 'PATCH', 'info/', {
      token: user.access,
      body: imageForm('avatar', PNG, 'a.png'),
    });
    expect(unknown.body.fields.avatar[0].code).toBe('UNKNOWN_FIELD');
    const cleared = await call(origin, 'PATCH', 'info/', {
      token: user.access,
      json: { profile_pic: null },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.profile_pic).toBeNull();
  });

  it('multipart text fields update the profile like JSON', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const form = new FormData();
    form.append('email', 'form@example.test');
    const answer = await call(origin, 'PATCH', 'info/', { token: user.access, body: form });
    expect(answer.status).toBe(200);
    expect(answer.body.email).toBe('form@example.test');
    const proto = new FormData();
    proto.append('__proto__', 'x');
    expectError(
      await call(origin, 'PATCH', 'info/', { token: user.access, body: proto }),
      400,
      'MALFORMED_JSON',
    );
    const protoFile = imageForm('__proto__', PNG, 'a.png');
    expectError(
      await call(origin, 'PATCH', 'info/', { token: user.access, body: protoFile }),
      400,
      'MALFORMED_JSON',
    );
  });

  it('a rename answers a fresh pair whose claims carry the new name', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const renamed = await call(origin, 'PATCH', 'info/', {
      token: user.access,
      json: { username: `${user.username}r` },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.username).toBe(`${user.username}r`);
    const refreshed = await call(origin, 'POST', 'token/refresh/', {
      json: { refresh: renamed.body.tokens.refresh },
    });
    const payload = JSON.parse(
      Buffer.from(refreshed.body.access.split('.')[1], 'base64url').toString(),
    );
    expect(payload.username).toBe(`${user.username}r`);
  });
});
