import { expect, it } from 'vitest';
import { call, expectError, signUp } from './support/client.js';
import { describeExamples } from './support/servers.js';

describeExamples('follow graph', (context) => {
  it('E-01 following oneself is 400 CANNOT_FOLLOW_SELF on both follow routes; nothing changes', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    for (const [method, path] of [
      ['POST', `follow_unfollow/${user.id}/`],
      ['PUT', `${user.id}/follow/`],
    ] as const) {
      expectError(
        await call(origin, method, path, { token: user.access }),
        400,
        'CANNOT_FOLLOW_SELF',
      );
    }
    const me = await call(origin, 'GET', 'info/', { token: user.access });
    expect(me.body).toMatchObject({ following: 0, followers: 0 });
  });

  it('E-02 following a missing or inactive user is 404 USER_NOT_FOUND; nothing changes', async () => {
    const { origin, opened } = context();
    const user = await signUp(origin);
    const sleeper = await signUp(origin, 'sleeper');
    await opened.database.storage.users.update(sleeper.id, { isActive: false });
    for (const [method, path] of [
      ['POST', 'follow_unfollow/999999/'],
      ['PUT', '999999/follow/'],
      ['PUT', `${sleeper.id}/follow/`],
      ['POST', `follow_unfollow/${sleeper.id}/`],
    ] as const) {
      expectError(await call(origin, method, path, { token: user.access }), 404, 'USER_NOT_FOUND');
    }
    expect((await call(origin, 'GET', 'info/', { token: user.access })).body.following).toBe(0);
  });

  it('E-03 PUT <id>/follow/ twice follows once; DELETE twice unfollows once', async () => {
    const { origin } = context();
    const a = await signUp(origin);
    const b = await signUp(origin);
    const first = await call(origin, 'PUT', `${b.id}/follow/`, { token: a.access });
    const second = await call(origin, 'PUT', `${b.id}/follow/`, { token: a.access });
    expect([first.status, first.body, second.body]).toEqual([
      200,
      { following: true, changed: true, followers: 1 },
      { following: true, changed: false, followers: 1 },
    ]);
    expect((await call(origin, 'GET', 'info/', { token: a.access })).body.following).toBe(1);
    const gone = await call(origin, 'DELETE', `${b.id}/follow/`, { token: a.access });
    const again = await call(origin, 'DELETE', `${b.id}/follow/`, { token: a.access });
    expect([gone.body, again.body]).toEqual([
      { following: false, changed: true, followers: 0 },
      { following: false, changed: false, followers: 0 },
    ]);
  });

  it('E-06 is_following: true after follow, false after unfollow, false for oneself; missing id is 404', async () => {
    const { origin } = context();
    const a = await signUp(origin);
    const b = await signUp(origin);
    const detail = () => call(origin, 'GET', `${b.id}/info/`, { token: a.access });
    expect((await detail()).body.is_following).toBe(false);
    await call(origin, 'PUT', `${b.id}/follow/`, { token: a.access });
    const followed = await detail();
    expect(Object.keys(followed.body).at(-1)).toBe('is_following');
    expect(followed.body).toMatchObject({ followers: 1, is_following: true });
    await call(origin, 'DELETE', `${b.id}/follow/`, { token: a.access });
    expect((await detail()).body.is_following).toBe(false);
    const self = await call(origin, 'GET', `${a.id}/info/`, { token: a.access });
    expect(self.body.is_following).toBe(false);
    expectError(
      await call(origin, 'GET', '999999/info/', { token: a.access }),
      404,
      'USER_NOT_FOUND',
    );
  });

  it('follow_unfollow/<id>/ toggles and answers as Django: requester name, email, followed, following count', async () => {
    const { origin } = context();
    const a = await signUp(origin);
    const b = await signUp(origin);
    const on = await call(origin, 'POST', `follow_unfollow/${b.id}/`, { token: a.access });
    expect(on.body).toEqual({ username: a.username, email: '', followed: true, followers: 1 });
    const off = await call(origin, 'POST', `follow_unfollow/${b.id}/`, { token: a.access });
    expect(off.body).toEqual({ username: a.username, email: '', followed: false, followers: 0 });
  });

  it('followers/ and following/ answer {count, next, previous, results} with cursor pages', async () => {
    const { origin } = context();
    const star = await signUp(origin, 'star');
    const fans = [];
    for (let index = 0; index < 7; index += 1) fans.push(await signUp(origin, 'fan'));
    for (const fan of fans) await call(origin, 'PUT', `${star.id}/follow/`, { token: fan.access });
    const first = await call(origin, 'GET', `${star.id}/followers/`, { token: star.access });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(['count', 'next', 'previous', 'results']);
    expect(first.body.count).toBe(7);
    expect(first.body.results).toHaveLength(5);
    expect(first.body.previous).toBeNull();
    expect(first.body.next).toMatch(
      new RegExp(`^/api/accounts/${star.id}/followers/\\?cursor=\\d+$`),
    );
    const second = await call(origin, 'GET', first.body.next, { token: star.access });
    expect(second.body.results).toHaveLength(2);
    expect(second.body.next).toBeNull();
    const ids = [...first.body.results, ...second.body.results].map(
      (user: { id: number }) => user.id,
    );
    expect(ids.sort()).toEqual(fans.map((fan) => fan.id).sort());
    const limited = await call(origin, 'GET', `${star.id}/followers/?limit=3`, {
      token: star.access,
    });
    expect(limited.body.results).toHaveLength(3);
    expect(limited.body.next).toMatch(/\?limit=3&cursor=\d+$/);
    const following = await call(origin, 'GET', `${fans[0]!.id}/following/`, {
      token: star.access,
    });
    expect(following.body).toMatchObject({ count: 1, next: null, previous: null });
    expect(following.body.results.map((user: { id: number }) => user.id)).toEqual([star.id]);
  });

  it('follow lists: unknown id is 404 (Django answered 500), page numbers and bad cursors are 400', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    for (const kind of ['followers', 'following']) {
      expectError(
        await call(origin, 'GET', `999999/${kind}/`, { token: user.access }),
        404,
        'USER_NOT_FOUND',
      );
    }
    for (const query of ['page=2', 'cursor=abc', 'limit=0', 'limit=x']) {
      const answer = await call(origin, 'GET', `${user.id}/followers/?${query}`, {
        token: user.access,
      });
      expectError(answer, 400, 'VALIDATION_FAILED');
    }
  });

  it('JWKS is 404 with an HMAC key (nothing to publish)', async () => {
    expectError(await call(context().origin, 'GET', '/.well-known/jwks.json'), 404, 'NOT_FOUND');
  });
});

describeExamples(
  'public profiles',
  (context) => {
    it('E-06 with PUBLIC_PROFILES an anonymous viewer sees is_following false (Django answered 500)', async () => {
      const { origin } = context();
      const user = await signUp(origin);
      const answer = await call(origin, 'GET', `${user.id}/info/`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: user.id, is_following: false });
      expect((await call(origin, 'GET', `${user.id}/followers/`)).status).toBe(200);
      expectError(await call(origin, 'GET', 'info/'), 401, 'NOT_AUTHENTICATED');
    });
  },
  { api: { publicProfiles: true } },
);
