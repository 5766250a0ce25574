/**
 * Parity with the Django app's own recorded answers (`tests/fixtures/api.json`), with the DRF
 * error style, on the same fixture (users, dates, follow edges, clock). Each exchange is
 * replayed where accountkit keeps Django's behaviour; the ones where Django was wrong are
 * listed in `examples/README.md` and tested for accountkit's behaviour in the other files.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { usernameKey } from '../../src/core/username.js';
import { fixedClock } from '../support/fixed-clock.js';
import { type Answer, call } from './support/client.js';
import { describeExamples, type HttpContext } from './support/servers.js';

interface Exchange {
  request: { method: string; path: string; body?: Record<string, unknown> };
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  token_claim_names?: { access: string[]; refresh: string[] };
}

const api = JSON.parse(readFileSync(new URL('../fixtures/api.json', import.meta.url), 'utf8'));
const exchanges: Exchange[] = api.exchanges;
const jwt = JSON.parse(readFileSync(new URL('../fixtures/jwt.json', import.meta.url), 'utf8'));
const PASSWORD: string = api.fixture.password_for_all_users;
const T0 = new Date(api.fixture.clock.iso);
const WEEK_MS = 7 * 86_400_000;

/** The fixture of api.json: users 1–7 as listed, fans 8–32 following user 1, the edges. */
async function seed(context: HttpContext): Promise<void> {
  const { storage } = context.opened.database;
  const passwordHash = await context.hasher.hash(PASSWORD);
  const users = [...api.fixture.users.slice(0, 7)];
  for (let id = 8; id <= 32; id += 1) {
    users.push({ id, username: `fan${id}`, date_joined: new Date(T0.getTime() - id * WEEK_MS) });
  }
  for (const user of users) {
    const created = await storage.users.insert({
      username: user.username,
      usernameKey: usernameKey(user.username),
      email: `${user.username}@example.test`,
      passwordHash,
      dateJoined: new Date(user.date_joined),
      isActive: user.is_active ?? true,
      profilePic: user.profile_pic ?? null,
    });
    expect(created.id).toBe(user.id);
  }
  const edges: [number, number][] = api.fixture.follow_edges_follower_to_followed
    .filter(([from]: [unknown]) => typeof from === 'number')
    .concat(Array.from({ length: 25 }, (_, index) => [index + 8, 1]));
  for (const [from, to] of edges) await storage.follows.add(from, to);
}

/** Replay exchange `index` with `token`, or `request` to override the path or body. */
function replay(context: HttpContext, index: number, token?: string): Promise<Answer> {
  const { request } = exchanges[index]!;
  return call(context.origin, request.method, request.path, {
    ...(token === undefined ? {} : { token }),
    ...(request.body === undefined ? {} : { json: request.body }),
  });
}

/** Same status, same body, same `Allow`/`WWW-Authenticate` as Django. */
function expectSame(answer: Answer, index: number, mode: 'exact' | 'subset' | 'status' = 'exact') {
  const recorded = exchanges[index]!;
  expect(answer.status, `exchange ${index}`).toBe(recorded.status);
  for (const name of ['Allow', 'WWW-Authenticate']) {
    if (recorded.headers[name] !== undefined) {
      // RFC 6750 §3: accountkit adds `error="invalid_token"` when a token was refused.
      const expected = recorded.headers[name]!;
      expect(
        [expected, `${expected}, error="invalid_token"`],
        `${name} of exchange ${index}`,
      ).toContain(answer.headers.get(name));
    }
  }
  if (mode === 'exact') expect(answer.body, `exchange ${index}`).toEqual(recorded.body);
  if (mode === 'subset')
    expect(answer.body, `exchange ${index}`).toMatchObject(recorded.body as object);
}

async function login(context: HttpContext, username: string) {
  const answer = await call(context.origin, 'POST', 'token/', {
    json: { username, password: PASSWORD },
  });
  expect(answer.status).toBe(200);
  return answer.body as { access: string; refresh: string };
}

describeExamples(
  'parity with the Django app (DRF error style)',
  (context) => {
    beforeAll(() => seed(context()));

    it('serves the fixture: anonymous, unknown ids and bad credentials answer as Django', async () => {
      const ctx = context();
      const alice = await login(ctx, 'alice');
      for (const index of [0, 1, 7, 10, 52]) expectSame(await replay(ctx, index), index);
      expectSame(
        await call(ctx.origin, 'GET', exchanges[7]!.request.path, {
          headers: { authorization: 'Token abc' },
        }),
        7,
      );
      expectSame(
        await call(ctx.origin, 'GET', '1/info/', { headers: { authorization: 'bearer abc' } }),
        10,
      );
      for (const index of [2, 3, 49]) expectSame(await replay(ctx, index, alice.access), index);
      for (const index of [4, 13])
        expectSame(await replay(ctx, index, alice.access), index, 'status');
      for (const index of [16, 17, 18, 19, 21, 22]) expectSame(await replay(ctx, index), index);
    });

    it('refuses bad tokens and wrong methods with the same status, code and Allow as Django', async () => {
      const ctx = context();
      const alice = await login(ctx, 'alice');
      expectSame(await replay(ctx, 5, 'garbage'), 5, 'status');
      expect((await replay(ctx, 5, 'garbage')).body.code).toBe('token_not_valid');
      expectSame(await replay(ctx, 6, alice.refresh), 6, 'status');
      for (const header of ['Bearer', 'Bearer a b']) {
        const answer = await call(ctx.origin, 'GET', '1/info/', {
          headers: { authorization: header },
        });
        expectSame(answer, 8, 'status');
      }
      for (const index of [12, 14, 23, 53]) {
        expectSame(await replay(ctx, index, alice.access), index, 'subset');
      }
    });

    it('answers an inactive user token as Django: 401 user_inactive', async () => {
      const ctx = context();
      const { storage } = ctx.opened.database;
      await storage.users.update(6, { isActive: true });
      const sleeper = await login(ctx, 'sleeper');
      await storage.users.update(6, { isActive: false });
      expectSame(await replay(ctx, 11, sleeper.access), 11);
    });

    it('logs in and validates sign-up fields as Django, with the same token claims first', async () => {
      const ctx = context();
      const answer = await replay(ctx, 15);
      expectSame(answer, 15, 'status');
      expect(Object.keys(answer.body)).toEqual(['refresh', 'access']);
      for (const kind of ['access', 'refresh'] as const) {
        const names = Object.keys(
          JSON.parse(Buffer.from(answer.body[kind].split('.')[1], 'base64url').toString()),
        );
        const django = exchanges[15]!.token_claim_names![kind];
        expect(names.slice(0, django.length)).toEqual(django);
      }
      expectSame(await replay(ctx, 26), 26);
      // Django's app ran no password validators: accountkit's policy adds its message beside
      // the fields Django reported (a documented difference).
      const tooLong = await replay(ctx, 27);
      expectSame(tooLong, 27, 'status');
      expect(tooLong.body).toEqual({
        ...(exchanges[27]!.body as object),
        password: ['This password is too short. It must contain at least 8 characters.'],
      });
    });

    it("refuses a blank new password and a file that is not an image in Django's words", async () => {
      const ctx = context();
      const user = await login(ctx, 'alice');
      expectSame(await replay(ctx, 36, user.access), 36);
      const form = new FormData();
      form.append('profile_pic', new Blob([new TextEncoder().encode('just notes')]), 'notes.png');
      const notImage = await call(ctx.origin, 'PATCH', 'info/', { token: user.access, body: form });
      expectSame(notImage, 43);
    });

    it('updates, shows and toggles exactly as Django (user objects byte for byte)', async () => {
      const ctx = context();
      const alice = await login(ctx, 'alice');
      expectSame(await replay(ctx, 30, alice.access), 30);
      expectSame(await replay(ctx, 33, alice.access), 33);
      expectSame(await replay(ctx, 45, alice.access), 45);
      expectSame(await replay(ctx, 46, alice.access), 46);
      expectSame(await replay(ctx, 47, alice.access), 47);
      expectSame(await replay(ctx, 35, alice.access), 35);
      const following = await replay(ctx, 58, alice.access);
      expectSame(following, 58, 'status');
      const recorded = exchanges[58]!.body as { count: number; results: { id: number }[] };
      expect(following.body.count).toBe(recorded.count);
      expect(
        following.body.results.sort((a: { id: number }, b: { id: number }) => a.id - b.id),
      ).toEqual(recorded.results);
      const followers = await replay(ctx, 54, alice.access);
      expect(followers.body.count).toBe((exchanges[54]!.body as { count: number }).count);
    });

    it('rotates, refuses reuse and blacklists as Django', async () => {
      const ctx = context();
      const alice = await login(ctx, 'alice');
      const refresh = (token: string) =>
        call(ctx.origin, 'POST', 'token/refresh/', { json: { refresh: token } });
      const rotated = await refresh(alice.refresh);
      expectSame(rotated, 60, 'status');
      expect(Object.keys(rotated.body)).toEqual(['access', 'refresh']);
      expectSame(await refresh(alice.refresh), 61);
      const fresh = await login(ctx, 'alice');
      expectSame(await refresh(fresh.access), 62, 'status');
      const logout = await call(ctx.origin, 'POST', 'api/token/blacklist/', {
        json: { refresh: fresh.refresh },
      });
      expectSame(logout, 63);
      expectSame(await refresh(fresh.refresh), 64);
    });

    it('with DJANGO_SECRET_KEY, tokens SimpleJWT issued keep working: access on info/, refresh exchanged once', async () => {
      const ctx = context();
      const issued = jwt.issued.find((pair: { user_id: number }) => pair.user_id === 2);
      const me = await call(ctx.origin, 'GET', 'info/', { token: issued.access.token });
      expect(me.body).toMatchObject({ id: 2, username: 'alice' });
      const exchanged = await call(ctx.origin, 'POST', 'token/refresh/', {
        json: { refresh: issued.refresh.token },
      });
      expect(exchanged.status).toBe(200);
      expectSame(
        await call(ctx.origin, 'POST', 'token/refresh/', {
          json: { refresh: issued.refresh.token },
        }),
        61,
      );
    });
  },
  {
    api: { errorStyle: 'drf' },
    env: { DJANGO_SECRET_KEY: jwt.settings.signing_key },
    accounts: {
      clock: fixedClock(T0),
      media: { baseUrl: 'http://testserver/media/' },
    },
  },
);
