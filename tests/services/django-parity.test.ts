import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { usernameKey } from '../../src/core/username.js';
import { describeEachBackend } from './setup.js';

/** Django's own serializer and `<id>/info/` output (see tests/fixtures/README.md). */
const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/user_serializer.json', import.meta.url), 'utf8'),
);

interface FixtureUser {
  id: number;
  username: string;
  date_joined: string;
  profile_pic: string | null;
  is_active: boolean;
}

const named: FixtureUser[] = vectors.fixture.users.filter(
  (u: { id?: number }) => u.id !== undefined,
);
const EMAILS: Record<string, string> = { José: 'jose@example.test' };
const T0_MS = Date.parse(vectors.fixture.clock.iso);
const WEEK_MS = 7 * 86_400_000;
/** The inactive user: Django shows it, accountkit answers USER_NOT_FOUND (a deliberate change). */
const SLEEPER = 6;

describeEachBackend('Django serializer parity', 'parity', (fixture) => {
  /** Recreate Django's fixture: users 1–7, fans 8–32 who follow user 1, and the edges. */
  async function seed() {
    const { storage } = fixture();
    const insert = async (user: Omit<FixtureUser, 'date_joined'> & { joined: Date }) => {
      const created = await storage.users.insert({
        username: user.username,
        usernameKey: usernameKey(user.username),
        email: EMAILS[user.username] ?? `${user.username}@example.test`,
        passwordHash: '!unusable',
        isActive: user.is_active,
        dateJoined: user.joined,
        profilePic: user.profile_pic,
      });
      expect(created.id).toBe(user.id);
    };
    for (const user of named) await insert({ ...user, joined: new Date(user.date_joined) });
    for (let id = 8; id <= 32; id += 1) {
      const username = `fan${String(id).padStart(2, '0')}`;
      const joined = new Date(T0_MS - id * WEEK_MS);
      await insert({ id, username, profile_pic: null, is_active: true, joined });
    }
    for (const [from, to] of vectors.fixture.follow_edges_follower_to_followed) {
      if (typeof from === 'number') await storage.follows.add(from, to);
    }
    for (let id = 8; id <= 32; id += 1) await storage.follows.add(id, 1);
  }

  // One test: SQL sequences keep counting after a reset, and the vectors need ids 1–32.
  it('user objects and info bodies equal Django output byte for byte (serializer, both date styles, absolute URLs)', async () => {
    const { build } = fixture();
    await seed();
    const styles = {
      naturaltime: await build(),
      naturalday: await build({ dateStyle: 'naturalday' }),
    };
    for (const entry of vectors.serializer) {
      const accounts = styles[entry.date_joined_style as keyof typeof styles];
      const expected = entry.without_request;
      if (entry.user_id === SLEEPER) {
        await expect(accounts.getUserDetail({ id: SLEEPER })).rejects.toMatchObject({
          code: 'USER_NOT_FOUND',
        });
        continue;
      }
      const { is_following: _, ...detail } = await accounts.getUserDetail({ id: entry.user_id });
      expect(JSON.stringify(detail), `${entry.date_joined_style} ${entry.user_id}`).toBe(
        JSON.stringify(expected),
      );
    }

    // `<id>/info/` as the HTTP answer shows it: absolute media URLs and `is_following`.
    const media = { baseUrl: 'http://testserver/media/' };
    const naturaltime = await build({ media: { storage: fixture().media, ...media } });
    const naturalday = await build({
      media: { storage: fixture().media, ...media },
      dateStyle: 'naturalday',
    });
    const viewers: Record<string, number> = {
      'celebrity looks at alice': 1,
      'José (follows alice) looks at alice': 4,
    };
    for (const exchange of vectors.info_endpoints) {
      const note: string = exchange.note;
      const accounts = note.startsWith('naturalday') ? naturalday : naturaltime;
      const viewerId = viewers[note] ?? 2;
      const match = /\/(\d+)\/info\/$/.exec(exchange.request.path);
      if (match === null) {
        expect(JSON.stringify(await accounts.getMe({ userId: viewerId })), note).toBe(
          exchange.body_raw,
        );
      } else if (Number(match[1]) === SLEEPER) {
        await expect(accounts.getUserDetail({ viewerId, id: match[1]! })).rejects.toMatchObject({
          code: 'USER_NOT_FOUND',
        });
      } else {
        const detail = await accounts.getUserDetail({ viewerId, id: match[1]! });
        expect(JSON.stringify(detail), note).toBe(exchange.body_raw);
      }
    }
  });
});
