import { describe, expect, it } from 'vitest';
import { resolveUserDetail } from '../../src/core/user-detail.js';
import { type SerializableUser, serializeUser } from '../../src/core/user-serializer.js';
import vectors from '../fixtures/user_serializer.json' with { type: 'json' };

const now = new Date(vectors.settings.now);
const requestMedia = { baseUrl: 'http://testserver/media/' };

type FixtureUser = {
  id: number;
  username: string;
  date_joined: string;
  profile_pic: string | null;
  is_active: boolean;
};
const namedUsers = vectors.fixture.users.filter(
  (user): user is FixtureUser & (typeof vectors.fixture.users)[number] => 'id' in user,
);
const FANS = Array.from({ length: 25 }, (_, index) => index + 8);
const edges: [number, number][] = vectors.fixture.follow_edges_follower_to_followed.flatMap(
  ([follower, followee]) =>
    follower === '8..32'
      ? FANS.map((fan): [number, number] => [fan, Number(followee)])
      : [[Number(follower), Number(followee)]],
);

function fixtureUser(id: number, email: string): SerializableUser {
  const user = namedUsers.find((candidate) => candidate.id === id);
  if (user === undefined) throw new Error(`no fixture user ${id}`);
  return {
    id,
    username: user.username,
    dateJoined: new Date(user.date_joined),
    email,
    profilePic: user.profile_pic,
    coverImage: null,
    followersCount: edges.filter(([, followee]) => followee === id).length,
    followingCount: edges.filter(([follower]) => follower === id).length,
  };
}

describe('serializeUser matches DRF UserSerializer output', () => {
  describe.each(vectors.serializer)('$date_joined_style, user $user_id', (vector) => {
    const user = fixtureUser(vector.user_id, vector.without_request.email);
    const dateStyle = vector.date_joined_style as 'naturaltime' | 'naturalday';

    it('without a request: relative /media/ URLs, default cover', () => {
      expect(serializeUser(user, { now, dateStyle })).toEqual(vector.without_request);
    });

    it('with a request: absolute URLs from the media base URL', () => {
      expect(serializeUser(user, { now, dateStyle, media: requestMedia })).toEqual(
        vector.with_request,
      );
    });

    it("keeps Django's field order", () => {
      expect(Object.keys(serializeUser(user, { now, dateStyle }))).toEqual(
        vectors.settings.fields_in_order,
      );
    });
  });
});

const VIEWERS: Record<string, number> = { alice: 2, celebrity: 1, José: 4 };

describe('resolveUserDetail matches the info endpoints', () => {
  const cases = vectors.info_endpoints.map((endpoint) => {
    const match = /^\/api\/accounts\/(?:(\d+)\/)?info\/$/.exec(endpoint.request.path);
    const viewerId = VIEWERS[endpoint.note.split(' ')[0] ?? ''] ?? VIEWERS.alice!;
    const id = match?.[1] === undefined ? viewerId : Number(match[1]);
    const target =
      match?.[1] === undefined ? { kind: 'me' as const } : { kind: 'user' as const, id };
    const dateStyle = endpoint.note.includes('naturalday') ? 'naturalday' : 'naturaltime';
    const isActive = namedUsers.find((user) => user.id === id)?.is_active ?? true;
    return { endpoint, viewerId, id, target, dateStyle, isActive } as const;
  });

  it.each(cases.filter((c) => c.isActive))('$endpoint.note', (c) => {
    const user = { ...fixtureUser(c.id, c.endpoint.body.email), isActive: true };
    const isFollowing = edges.some(
      ([follower, followee]) => follower === c.viewerId && followee === c.id,
    );
    const result = resolveUserDetail(
      { target: c.target, viewerId: c.viewerId },
      { user, isFollowing },
      { now, dateStyle: c.dateStyle, media: requestMedia },
    );
    expect(result).toEqual({ ok: true, user: c.endpoint.body });
  });

  // Deliberate difference (SECURITY §7): Django shows inactive users; accountkit hides them.
  it.each(cases.filter((c) => !c.isActive))('$endpoint.note: USER_NOT_FOUND, not 200', (c) => {
    const user = { ...fixtureUser(c.id, c.endpoint.body.email), isActive: false };
    const result = resolveUserDetail(
      { target: c.target, viewerId: c.viewerId },
      { user, isFollowing: false },
      { now, media: requestMedia },
    );
    expect(result).toEqual({ ok: false, code: 'USER_NOT_FOUND' });
  });

  it('serializes the body byte for byte as Django rendered it', () => {
    const [own] = vectors.info_endpoints;
    const result = resolveUserDetail(
      { target: { kind: 'me' }, viewerId: 2 },
      { user: { ...fixtureUser(2, 'alice@example.test'), isActive: true } },
      { now, media: requestMedia },
    );
    expect(result.ok && JSON.stringify(result.user)).toBe(own?.body_raw);
  });
});
