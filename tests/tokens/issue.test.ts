import { describe, expect, it } from 'vitest';
import { sequenceRandom } from '../support/sequence-random.js';
import { aUser, expectCode, hsService, NOW, NOW_S, partText, SECRET } from './token-test-kit.js';

const hex = (n: number) => n.toString(16).padStart(32, '0');

describe('issuePair', () => {
  it('writes SimpleJWT header and claim order, then ver and fam (on both tokens); ids from the RandomSource', async () => {
    const tokens = await hsService();
    const pair = await tokens.issuePair(aUser({ tokenVersion: 3 }), NOW);
    // Random draws, in order: family id, refresh jti, access jti.
    expect(partText(pair.access, 0)).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(partText(pair.access, 1)).toBe(
      `{"token_type":"access","exp":${NOW_S + 300},"iat":${NOW_S},"jti":"${hex(2)}","user_id":2,` +
        `"username":"alice","profile_pic":"/media/images/profile/alice_2/0f343b0931126a20f133d67c2b018a3b.jpg","ver":3,"fam":"${hex(0)}"}`,
    );
    expect(partText(pair.refresh, 1)).toBe(
      `{"token_type":"refresh","exp":${NOW_S + 86_400},"iat":${NOW_S},"jti":"${hex(1)}","user_id":2,` +
        `"username":"alice","profile_pic":"/media/images/profile/alice_2/0f343b0931126a20f133d67c2b018a3b.jpg","ver":3,"fam":"${hex(0)}"}`,
    );
    expect(pair.refreshRecord).toEqual({
      jti: hex(1),
      familyId: hex(0),
      userId: 2,
      parentJti: null,
      issuedAt: NOW,
      expiresAt: new Date((NOW_S + 86_400) * 1000),
    });
    await expect(tokens.verify(pair.refresh, 'refresh', NOW)).resolves.toEqual({
      tokenType: 'refresh',
      userId: 2,
      jti: hex(1),
      issuedAt: NOW_S,
      expiresAt: NOW_S + 86_400,
      tokenVersion: 3,
      familyId: hex(0),
      legacy: false,
    });
  });

  it('a rotation keeps the family and records the parent; only two ids are drawn', async () => {
    const tokens = await hsService();
    const pair = await tokens.issuePair(aUser(), NOW, {
      familyId: 'f'.repeat(32),
      parentJti: 'e'.repeat(32),
    });
    expect(pair.refreshRecord).toMatchObject({
      jti: hex(0),
      familyId: 'f'.repeat(32),
      parentJti: 'e'.repeat(32),
    });
    await expect(tokens.verify(pair.refresh, 'refresh', NOW)).resolves.toMatchObject({
      familyId: 'f'.repeat(32),
    });
    await expect(tokens.verify(pair.access, 'access', NOW)).resolves.toMatchObject({
      jti: hex(1),
      familyId: 'f'.repeat(32),
    });
  });

  it('claims come from the current record: profile_pic "" when unset, renamed user, user_name claim, iss/aud', async () => {
    const tokens = await hsService({
      usernameClaim: 'user_name',
      issuer: 'https://accounts.test',
      audience: 'api',
    });
    const pair = await tokens.issuePair(aUser({ username: 'alicia', profilePic: null }), NOW);
    expect(JSON.parse(partText(pair.access, 1))).toEqual({
      token_type: 'access',
      exp: NOW_S + 300,
      iat: NOW_S,
      jti: hex(2),
      user_id: 2,
      user_name: 'alicia',
      profile_pic: '',
      ver: 0,
      fam: hex(0),
      iss: 'https://accounts.test',
      aud: 'api',
    });
  });

  it('is deterministic: same clock and random bytes give byte-identical tokens', async () => {
    const first = await (await hsService({ random: sequenceRandom(7) })).issuePair(aUser(), NOW);
    const second = await (await hsService({ random: sequenceRandom(7) })).issuePair(aUser(), NOW);
    expect(second).toEqual(first);
    const other = await (await hsService({ random: sequenceRandom(8) })).issuePair(aUser(), NOW);
    expect(other.access).not.toBe(first.access);
  });

  it('a secret given as bytes signs exactly like the same secret as a string', async () => {
    const bytes = await (await hsService({ keys: new TextEncoder().encode(SECRET) })).issuePair(
      aUser(),
      NOW,
    );
    const text = await (await hsService()).issuePair(aUser(), NOW);
    expect(bytes).toEqual(text);
  });

  it('refuses to mint tokens for an inactive user (USER_INACTIVE)', async () => {
    const tokens = await hsService();
    await expectCode(tokens.issuePair(aUser({ isActive: false }), NOW), 'USER_INACTIVE');
  });

  it('jwks() is null when every key is HMAC', async () => {
    await expect((await hsService()).jwks()).resolves.toBeNull();
  });
});
