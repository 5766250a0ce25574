import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import { simpleJwt, UNICODE_SECRET } from '../tokens/token-test-kit.js';
import { describeEachBackend, PASSWORD, SECRET, T0 } from './setup.js';

const T0_S = Date.parse(T0) / 1000;
const JTI = 'c'.repeat(32);

describeEachBackend('SimpleJWT tokens of every generation', 'legacy_versions', (fixture) => {
  /** alice, on accounts that accept tokens signed with a non-ASCII Django SECRET_KEY. */
  async function setup(acceptIssuedBefore?: Date) {
    const { build } = fixture();
    const accounts = await build({
      tokens: {
        keys: SECRET,
        simpleJwt: { secret: UNICODE_SECRET, ...(acceptIssuedBefore && { acceptIssuedBefore }) },
      },
    });
    const { user } = await accounts.register({ username: 'alice', password: PASSWORD });
    return { accounts, user };
  }

  it('an access token without iat, user_id as a string, authenticates; its issue time is exp − 300', async () => {
    const { accounts, user } = await setup();
    const access = simpleJwt({
      token_type: 'access',
      exp: T0_S + 240,
      jti: JTI,
      user_id: String(user.id),
    });
    expect(await accounts.authenticate(access)).toEqual({
      userId: user.id,
      username: 'alice',
      sessionId: null,
      tokenId: JTI,
      issuedAt: T0_S - 60,
      expiresAt: T0_S + 240,
    });
  });

  it('a refresh token without iat is exchanged once for an accountkit pair; its record is dated exp − 86,400', async () => {
    const { accounts, user } = await setup();
    const refresh = simpleJwt({
      token_type: 'refresh',
      exp: T0_S + 80_000,
      jti: JTI,
      user_id: user.id,
    });
    const pair = await accounts.refresh({ refresh });
    expect(decodeJwt(pair.access)).toMatchObject({ user_id: user.id, ver: 0, iat: T0_S });
    expect(await fixture().storage.refreshTokens.find(JTI)).toMatchObject({
      userId: user.id,
      parentJti: null,
      issuedAt: new Date((T0_S + 80_000 - 86_400) * 1000),
      expiresAt: new Date((T0_S + 80_000) * 1000),
      usedAt: new Date(T0),
    });
    await expect(accounts.refresh({ refresh })).rejects.toMatchObject({ code: 'TOKEN_REUSED' });
  });

  it('with a cut-over, a token without iat issued (exp − lifetime) before it passes, one issued at it does not', async () => {
    const { accounts, user } = await setup(new Date((T0_S - 10) * 1000));
    const token = (exp: number) =>
      simpleJwt({ token_type: 'access', exp, jti: JTI, user_id: user.id });
    await expect(accounts.authenticate(token(T0_S - 11 + 300))).resolves.toMatchObject({
      userId: user.id,
    });
    await expect(accounts.authenticate(token(T0_S - 10 + 300))).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
  });
});
