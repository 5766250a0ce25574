import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RandomSource } from '../../src/platform/random.js';
import { createTokenService, type TokenService } from '../../src/tokens/index.js';
import { sequenceRandom } from '../support/sequence-random.js';
import { aUser, expectCode, NOW, OTHER_SECRET, partText } from './token-test-kit.js';

interface Verdict {
  case: string;
  token: string;
  checked_as: 'AccessToken' | 'RefreshToken' | 'UntypedToken';
  at: number;
  result: { valid: boolean; claims?: Record<string, unknown>; raises?: string; message?: string };
}
const vectors = JSON.parse(readFileSync(new URL('../fixtures/jwt.json', import.meta.url), 'utf8'));
const DJANGO_SECRET: string = vectors.settings.signing_key;
const verdicts: Verdict[] = vectors.verification;

/**
 * SimpleJWT's verdict mapped onto ours. Where they differ, on purpose:
 * - "Token has no id/type/'exp' claim", KeyError 'jti' (a 500 in SimpleJWT) → TOKEN_INVALID.
 * - A future `iat` or `nbf` (PyJWT's ImmatureSignatureError) → TOKEN_EXPIRED, like `exp`
 *   (SECURITY §7: one code for "outside the validity window").
 * - `no_user_id` passes SimpleJWT's token check and fails later in get_user with
 *   token_not_valid; we require `user_id` at verification: TOKEN_INVALID.
 * - The blacklisted refresh token, the unknown and the inactive user verify here: the
 *   blacklist and the user checks need storage and are done by the services with `jti`/`userId`.
 * - `UntypedToken` does not exist here; every verification names its type, so that case is
 *   checked as an access token.
 */
const EXPECTED: Record<string, 'valid' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED'> = {
  'alice access at iat+0': 'valid',
  'alice access at iat+1': 'valid',
  'alice access at iat+899': 'valid',
  'alice access at iat+900': 'TOKEN_EXPIRED',
  'alice access at iat+901': 'TOKEN_EXPIRED',
  'alice access 1s before iat': 'TOKEN_EXPIRED',
  'rotated refresh used as access': 'TOKEN_INVALID',
  'access used as refresh': 'TOKEN_INVALID',
  'access checked as untyped': 'valid',
  'refresh that was rotated (blacklisted)': 'valid',
  'bob refresh at exp-1': 'valid',
  'bob refresh at exp': 'TOKEN_EXPIRED',
  wrong_key: 'TOKEN_INVALID',
  hs512_same_key: 'TOKEN_INVALID',
  alg_none: 'TOKEN_INVALID',
  tampered_user_id: 'TOKEN_INVALID',
  no_jti: 'TOKEN_INVALID',
  no_token_type: 'TOKEN_INVALID',
  no_exp: 'TOKEN_INVALID',
  iat_in_future: 'TOKEN_EXPIRED',
  nbf_in_future: 'TOKEN_EXPIRED',
  user_id_as_string: 'valid',
  no_user_id: 'TOKEN_INVALID',
  unknown_user: 'valid',
  inactive_user: 'valid',
  refresh_without_jti: 'TOKEN_INVALID',
  garbage: 'TOKEN_INVALID',
  two_segments: 'TOKEN_INVALID',
};

async function outcome(tokens: TokenService, verdict: Verdict): Promise<string> {
  const type = verdict.checked_as === 'RefreshToken' ? 'refresh' : 'access';
  return tokens.verify(verdict.token, type, new Date(verdict.at * 1000)).then(
    (verified) => {
      const claims = JSON.parse(partText(verdict.token, 1));
      expect(verified).toEqual({
        tokenType: claims.token_type,
        userId: Number(claims.user_id),
        jti: claims.jti,
        issuedAt: claims.iat,
        expiresAt: claims.exp,
        tokenVersion: null,
        familyId: null,
        legacy: true,
      });
      return 'valid';
    },
    (error: { code: string }) => error.code,
  );
}

describe('SimpleJWT cut-over: the 28 verdicts of vectors/jwt.json', () => {
  it('covers every case of the vectors', () => {
    expect(verdicts).toHaveLength(28);
    expect(verdicts.map((verdict) => verdict.case).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const setups: [string, () => Promise<TokenService>][] = [
    [
      'own key distinct from the Django secret',
      () =>
        createTokenService({
          keys: OTHER_SECRET,
          random: sequenceRandom(),
          simpleJwt: { secret: DJANGO_SECRET },
        }),
    ],
    [
      'own key equal to the Django secret',
      () =>
        createTokenService({
          keys: DJANGO_SECRET,
          random: sequenceRandom(),
          simpleJwt: { secret: DJANGO_SECRET },
        }),
    ],
  ];
  describe.each(setups)('%s', (_name, create) => {
    it.each(verdicts.map((verdict) => [verdict.case, verdict] as const))(
      'A-01/A-02/A-03/A-06/A-07/A-08 vector "%s"',
      async (name, verdict) => {
        // Same validity as SimpleJWT's token check, bar the differences documented above.
        const differs = name === 'no_user_id' || name === 'refresh that was rotated (blacklisted)';
        expect(verdict.result.valid === (EXPECTED[name] === 'valid')).toBe(!differs);
        expect(await outcome(await create(), verdict)).toBe(EXPECTED[name]);
      },
    );
  });

  it('without simpleJwt configured, every SimpleJWT token is TOKEN_INVALID', async () => {
    const tokens = await createTokenService({ keys: OTHER_SECRET, random: sequenceRandom() });
    const valid = verdicts.find((verdict) => verdict.case === 'alice access at iat+1')!;
    await expectCode(
      tokens.verify(valid.token, 'access', new Date(valid.at * 1000)),
      'TOKEN_INVALID',
    );
  });

  it('after the cut-over instant, SimpleJWT tokens issued at or after it are TOKEN_INVALID', async () => {
    const valid = verdicts.find((verdict) => verdict.case === 'alice access at iat+1')!;
    const at = new Date(valid.at * 1000);
    const before = await createTokenService({
      keys: OTHER_SECRET,
      random: sequenceRandom(),
      simpleJwt: { secret: DJANGO_SECRET, acceptIssuedBefore: new Date('2024-07-11T12:00:01Z') },
    });
    await expect(before.verify(valid.token, 'access', at)).resolves.toMatchObject({ legacy: true });
    const after = await createTokenService({
      keys: OTHER_SECRET,
      random: sequenceRandom(),
      simpleJwt: { secret: DJANGO_SECRET, acceptIssuedBefore: new Date('2024-07-11T12:00:00Z') },
    });
    await expectCode(after.verify(valid.token, 'access', at), 'TOKEN_INVALID');
  });
});

/** Hands out the given byte strings in order, as SimpleJWT's pinned jti values. */
function queuedRandom(hexes: string[]): RandomSource {
  return { bytes: () => Uint8Array.from(Buffer.from(hexes.shift()!, 'hex')) };
}

describe('SimpleJWT wire format of issued tokens', () => {
  const users = Object.fromEntries(
    vectors.fixture.users
      .filter((user: { id?: number }) => user.id !== undefined)
      .map((user: { id: number; username: string; profile_pic: string | null }) => [
        user.id,
        aUser({ id: user.id, username: user.username, profilePic: user.profile_pic }),
      ]),
  );

  interface IssuedVector {
    flavour: string;
    user_id: number;
    access: { header_json: string; payload_json: string; claims: { jti: string } };
    refresh: { header_json: string; payload_json: string; claims: { jti: string } };
  }
  const issued: [string, number, IssuedVector][] = vectors.issued.map((pair: IssuedVector) => [
    pair.flavour,
    pair.user_id,
    pair,
  ]);
  it.each(issued)(
    'issues the same header and claims, byte for byte, as SimpleJWT (%s, user %i), then ver and fam',
    async (flavour, userId, { access, refresh }) => {
      const tokens = await createTokenService({
        keys: DJANGO_SECRET,
        accessLifetimeSeconds: vectors.settings.access_token_lifetime_seconds,
        refreshLifetimeSeconds: vectors.settings.refresh_token_lifetime_seconds,
        usernameClaim: flavour.includes('user_name') ? 'user_name' : 'username',
        random: queuedRandom(['ab'.repeat(16), refresh.claims.jti, access.claims.jti]),
      });
      const issued = await tokens.issuePair(users[userId], NOW);
      expect(partText(issued.access, 0)).toBe(access.header_json);
      expect(partText(issued.access, 1)).toBe(
        `${access.payload_json.slice(0, -1)},"ver":0,"fam":"${'ab'.repeat(16)}"}`,
      );
      expect(partText(issued.refresh, 1)).toBe(
        `${refresh.payload_json.slice(0, -1)},"ver":0,"fam":"${'ab'.repeat(16)}"}`,
      );
    },
  );
});
