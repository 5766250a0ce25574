import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import { describeEachBackend, PASSWORD, SECRET, T0 } from './setup.js';
import { DJANGO_SECRET, simpleJwtToken } from './tokens-helpers.js';

const LEGACY_JTI = 'a'.repeat(32);

describeEachBackend('SimpleJWT cut-over', 'legacy', (fixture) => {
  async function setup() {
    const { build } = fixture();
    const accounts = await build({
      tokens: { keys: SECRET, simpleJwt: { secret: DJANGO_SECRET } },
    });
    const { user } = await accounts.register({ username: 'alice', password: PASSWORD });
    const issuedAt = new Date(new Date(T0).getTime() - 60_000);
    return {
      accounts,
      user,
      access: await simpleJwtToken('access', user.id, issuedAt, 'b'.repeat(32)),
      refresh: await simpleJwtToken('refresh', user.id, issuedAt, LEGACY_JTI),
    };
  }

  it('a SimpleJWT access token authenticates during the cut-over', async () => {
    const { accounts, user, access } = await setup();
    expect(await accounts.authenticate(access)).toMatchObject({
      userId: user.id,
      username: 'alice',
    });
  });

  it('a SimpleJWT refresh token is exchanged once for an accountkit pair; a second exchange is reuse', async () => {
    const { accounts, refresh } = await setup();
    const pair = await accounts.refresh({ refresh });
    expect(decodeJwt(pair.refresh)).toMatchObject({ token_type: 'refresh', ver: 0 });
    expect(decodeJwt(pair.access)).toMatchObject({ username: 'alice' });
    const { storage } = fixture();
    expect(await storage.refreshTokens.find(LEGACY_JTI)).toMatchObject({
      familyId: decodeJwt(pair.refresh).fam,
      parentJti: null,
      usedAt: new Date(T0),
      revokedAt: null,
    });
    await expect(accounts.refresh({ refresh })).rejects.toMatchObject({ code: 'TOKEN_REUSED' });
    await expect(accounts.refresh({ refresh: pair.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REVOKED',
    });
  });

  it('two first exchanges of one SimpleJWT token at once: one pair, one refusal', async () => {
    const { accounts, refresh } = await setup();
    const results = await Promise.allSettled([
      accounts.refresh({ refresh }),
      accounts.refresh({ refresh }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [r.reason.code] : []))).toEqual([
      'TOKEN_REUSED',
    ]);
  });

  it('logging out with a SimpleJWT refresh token revokes it', async () => {
    const { accounts, refresh } = await setup();
    await accounts.logout({ refresh });
    await expect(accounts.refresh({ refresh })).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('a logout racing the first exchange of a SimpleJWT token leaves no refresh token usable', async () => {
    const { accounts, refresh } = await setup();
    const [exchanged, loggedOut] = await Promise.allSettled([
      accounts.refresh({ refresh }),
      accounts.logout({ refresh }),
    ]);
    expect(loggedOut.status).toBe('fulfilled');
    // Whichever ran first, the family the token ended in is revoked.
    const tokens = [
      refresh,
      ...(exchanged.status === 'fulfilled' ? [exchanged.value.refresh] : []),
    ];
    const codes = await Promise.all(
      tokens.map((token) =>
        accounts.refresh({ refresh: token }).then(
          () => 'refreshed',
          (error: { code: string }) => error.code,
        ),
      ),
    );
    expect(codes).toEqual(tokens.map(() => 'TOKEN_REVOKED'));
  });

  it('a password change ends SimpleJWT tokens too', async () => {
    const { accounts, user, access, refresh } = await setup();
    await accounts.updateProfile({
      userId: user.id,
      changes: { password: 'a brand new passphrase', current_password: PASSWORD },
    });
    await expect(accounts.authenticate(access)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    await expect(accounts.refresh({ refresh })).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });
});
