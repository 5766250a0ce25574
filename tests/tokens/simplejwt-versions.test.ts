import { describe, expect, it } from 'vitest';
import { createTokenService, type TokenServiceOptions } from '../../src/tokens/index.js';
import { sequenceRandom } from '../support/sequence-random.js';
import {
  aUser,
  expectCode,
  NOW,
  NOW_S,
  OTHER_SECRET,
  simpleJwt,
  UNICODE_SECRET,
} from './token-test-kit.js';

const JTI = '0123456789abcdef0123456789abcdef';

/** Claims of each SimpleJWT generation, for an access token issued at `iat` with 300 s to live. */
const GENERATIONS = {
  /** SimpleJWT 4.x and PyJWT-made tokens: no `iat`. */
  'SimpleJWT 4 (no iat)': (iat: number) => ({
    token_type: 'access',
    exp: iat + 300,
    jti: JTI,
    user_id: 2,
  }),
  /** SimpleJWT 5.0 to 5.5.0: `iat`, integer `user_id`. */
  'SimpleJWT 5.2 (iat)': (iat: number) => ({
    token_type: 'access',
    exp: iat + 300,
    iat,
    jti: JTI,
    user_id: 2,
  }),
  /** SimpleJWT 5.5.1 and later: `user_id` as a string. */
  'SimpleJWT 5.5.1 (iat, string user_id)': (iat: number) => ({
    token_type: 'access',
    exp: iat + 300,
    iat,
    jti: JTI,
    user_id: '2',
  }),
  'no iat, string user_id': (iat: number) => ({
    token_type: 'access',
    exp: iat + 300,
    jti: JTI,
    user_id: '2',
  }),
} as const;

const service = (simpleJwt: NonNullable<TokenServiceOptions['simpleJwt']>, keys = OTHER_SECRET) =>
  createTokenService({ keys, random: sequenceRandom(), simpleJwt });

describe('SimpleJWT tokens of every generation verify during the cut-over', () => {
  it.each(Object.entries(GENERATIONS))('%s', async (_generation, claimsAt) => {
    const tokens = await service({ secret: UNICODE_SECRET });
    const issued = NOW_S - 60;
    expect(await tokens.verify(simpleJwt(claimsAt(issued)), 'access', NOW)).toEqual({
      tokenType: 'access',
      userId: 2,
      jti: JTI,
      issuedAt: issued,
      expiresAt: issued + 300,
      tokenVersion: null,
      familyId: null,
      legacy: true,
    });
  });

  it('a refresh token without iat is dated exp minus the refresh lifetime', async () => {
    const tokens = await service({ secret: UNICODE_SECRET });
    const token = simpleJwt({
      token_type: 'refresh',
      exp: NOW_S + 86_000,
      jti: JTI,
      user_id: 2,
    });
    expect(await tokens.verify(token, 'refresh', NOW)).toMatchObject({
      issuedAt: NOW_S - 400,
      expiresAt: NOW_S + 86_000,
      legacy: true,
    });
  });

  it('a token without iat still expires at exp; an inferred issue time after now is no reason to refuse it', async () => {
    // Django issued it with 900 s to live; accountkit is configured with 300 s.
    const tokens = await service({ secret: UNICODE_SECRET });
    const token = simpleJwt({ token_type: 'access', exp: NOW_S + 900, jti: JTI, user_id: 2 });
    expect(await tokens.verify(token, 'access', NOW)).toMatchObject({ issuedAt: NOW_S + 600 });
    await expectCode(
      tokens.verify(token, 'access', new Date((NOW_S + 900) * 1000)),
      'TOKEN_EXPIRED',
    );
  });

  it('an iat that is not a number is refused, as PyJWT refuses it', async () => {
    const tokens = await service({ secret: UNICODE_SECRET });
    for (const iat of [null, String(NOW_S), [NOW_S], true]) {
      const token = simpleJwt({ ...GENERATIONS['SimpleJWT 5.2 (iat)'](NOW_S), iat });
      await expectCode(tokens.verify(token, 'access', NOW), 'TOKEN_INVALID');
    }
  });

  it('only SimpleJWT tokens may lack iat: an accountkit token (ver) without it is refused, even under a shared secret', async () => {
    const tokens = await service({ secret: UNICODE_SECRET }, UNICODE_SECRET);
    const own = simpleJwt({ token_type: 'access', exp: NOW_S + 300, jti: JTI, user_id: 2, ver: 0 });
    await expectCode(tokens.verify(own, 'access', NOW), 'TOKEN_INVALID');
    const legacy = simpleJwt(GENERATIONS['SimpleJWT 4 (no iat)'](NOW_S));
    expect(await tokens.verify(legacy, 'access', NOW)).toMatchObject({ legacy: true });
  });

  it('without simpleJwt configured, a SimpleJWT token is TOKEN_INVALID with or without iat', async () => {
    const tokens = await createTokenService({ keys: OTHER_SECRET, random: sequenceRandom() });
    for (const claimsAt of Object.values(GENERATIONS)) {
      await expectCode(tokens.verify(simpleJwt(claimsAt(NOW_S)), 'access', NOW), 'TOKEN_INVALID');
    }
  });
});

describe('a Django SECRET_KEY with non-ASCII characters: the HMAC key is its UTF-8 bytes', () => {
  it('tokens keyed with the UTF-8 bytes verify; the same secret read as Latin-1 or UTF-16 does not', async () => {
    const tokens = await service({ secret: UNICODE_SECRET });
    const claims = GENERATIONS['SimpleJWT 5.2 (iat)'](NOW_S);
    expect(await tokens.verify(simpleJwt(claims), 'access', NOW)).toMatchObject({ userId: 2 });
    for (const encoding of ['latin1', 'utf16le'] as const) {
      const token = simpleJwt(claims, UNICODE_SECRET, Buffer.from(UNICODE_SECRET, encoding));
      await expectCode(tokens.verify(token, 'access', NOW), 'TOKEN_INVALID');
    }
  });

  it('the same non-ASCII secret as accountkit’s own key: Django’s tokens and ours both verify, each as itself', async () => {
    const tokens = await service({ secret: UNICODE_SECRET }, UNICODE_SECRET);
    const django = simpleJwt(GENERATIONS['SimpleJWT 4 (no iat)'](NOW_S));
    expect(await tokens.verify(django, 'access', NOW)).toMatchObject({ legacy: true });
    const ours = await tokens.issuePair(aUser(), NOW);
    expect(await tokens.verify(ours.access, 'access', NOW)).toMatchObject({
      legacy: false,
      tokenVersion: 0,
    });
  });
});

describe('the cut-over (acceptIssuedBefore) with and without iat', () => {
  const CUT_OVER_S = NOW_S + 3_600;
  const cutOver = { secret: UNICODE_SECRET, acceptIssuedBefore: new Date(CUT_OVER_S * 1000) };
  const at = new Date((CUT_OVER_S + 1) * 1000);

  it.each([
    ['access, issued 1 s before (exp − 300)', 'access', CUT_OVER_S - 1 + 300, 'valid'],
    ['access, issued at the cut-over (exp − 300)', 'access', CUT_OVER_S + 300, 'TOKEN_INVALID'],
    ['refresh, issued 1 s before (exp − 86,400)', 'refresh', CUT_OVER_S - 1 + 86_400, 'valid'],
    ['refresh, issued at the cut-over', 'refresh', CUT_OVER_S + 86_400, 'TOKEN_INVALID'],
  ] as const)('without iat: %s → %s', async (_name, type, exp, expected) => {
    const tokens = await service(cutOver);
    const token = simpleJwt({ token_type: type, exp, jti: JTI, user_id: 2 });
    expect(
      await tokens.verify(token, type, at).then(
        () => 'valid',
        (error: { code: string }) => error.code,
      ),
    ).toBe(expected);
  });

  it('with iat, the claim decides whatever exp says', async () => {
    const tokens = await service(cutOver);
    const before = simpleJwt({
      token_type: 'access',
      exp: CUT_OVER_S + 10_000,
      iat: CUT_OVER_S - 1,
      jti: JTI,
      user_id: 2,
    });
    const after = simpleJwt({
      token_type: 'access',
      exp: CUT_OVER_S + 301,
      iat: CUT_OVER_S,
      jti: JTI,
      user_id: 2,
    });
    expect(await tokens.verify(before, 'access', at)).toMatchObject({ issuedAt: CUT_OVER_S - 1 });
    await expectCode(tokens.verify(after, 'access', at), 'TOKEN_INVALID');
  });

  it('the inferred time follows the configured lifetimes: set them to Django’s', async () => {
    const tokens = await createTokenService({
      keys: OTHER_SECRET,
      random: sequenceRandom(),
      accessLifetimeSeconds: 900,
      simpleJwt: cutOver,
    });
    // Issued by a Django with ACCESS_TOKEN_LIFETIME = 15 minutes, 1 s before the cut-over.
    const token = simpleJwt({
      token_type: 'access',
      exp: CUT_OVER_S - 1 + 900,
      jti: JTI,
      user_id: 2,
    });
    expect(await tokens.verify(token, 'access', at)).toMatchObject({ issuedAt: CUT_OVER_S - 1 });
  });
});
