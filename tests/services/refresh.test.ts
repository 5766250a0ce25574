import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import { StorageError } from '../../src/errors/errors.js';
import { createTokenService } from '../../src/tokens/create-token-service.js';
import { sequenceRandom } from '../support/sequence-random.js';
import { describeEachBackend, interceptStorage, PASSWORD, SECRET, T0 } from './setup.js';

describeEachBackend('refresh', 'refresh', (fixture) => {
  async function signUp(username = 'alice') {
    const { accounts } = fixture();
    return accounts.register({ username, password: PASSWORD });
  }

  it('rotates: the child belongs to the same family and the parent is consumed', async () => {
    const { accounts, storage } = fixture();
    const { tokens } = await signUp();
    const next = await accounts.refresh({ refresh: tokens.refresh });
    const parent = decodeJwt(tokens.refresh);
    const child = decodeJwt(next.refresh);
    expect(child.fam).toBe(parent.fam);
    expect(child.jti).not.toBe(parent.jti);
    expect(await storage.refreshTokens.find(parent.jti as string)).toMatchObject({
      usedAt: new Date(T0),
      revokedAt: null,
    });
    expect(await storage.refreshTokens.find(child.jti as string)).toMatchObject({
      parentJti: parent.jti,
      familyId: parent.fam,
      usedAt: null,
      revokedAt: null,
    });
    expect(await accounts.authenticate(next.access)).toMatchObject({ username: 'alice' });
  });

  it('A-12 deactivated after login: access and refresh are USER_INACTIVE and no child is issued', async () => {
    const { accounts, storage, harness } = fixture();
    const { user, tokens } = await signUp();
    await storage.users.update(user.id, { isActive: false });
    const before = await harness.dump();
    await expect(accounts.authenticate(tokens.access)).rejects.toMatchObject({
      code: 'USER_INACTIVE',
    });
    await expect(accounts.refresh({ refresh: tokens.refresh })).rejects.toMatchObject({
      code: 'USER_INACTIVE',
    });
    expect(await harness.dump()).toEqual(before);
  });

  it('A-13 deleted or never-existing user: TOKEN_INVALID for access and refresh, never a 500', async () => {
    const { accounts, storage } = fixture();
    const { user, tokens } = await signUp();
    await storage.users.delete(user.id);
    await expect(accounts.authenticate(tokens.access)).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
    await expect(accounts.refresh({ refresh: tokens.refresh })).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
    const signer = await createTokenService({ keys: SECRET, random: sequenceRandom(500) });
    const ghost = await signer.issuePair(
      {
        id: 987_654,
        username: 'ghost',
        usernameKey: 'ghost',
        email: '',
        passwordHash: '!',
        isActive: true,
        dateJoined: new Date(T0),
        profilePic: null,
        coverImage: null,
        followersCount: 0,
        followingCount: 0,
        tokenVersion: 0,
        lastLogin: null,
      },
      new Date(T0),
    );
    await expect(accounts.authenticate(ghost.access)).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
    await expect(accounts.refresh({ refresh: ghost.refresh })).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
  });

  it('A-15 after a rename the refreshed token carries the new name; old tokens resolve to it', async () => {
    const { accounts } = fixture();
    const { user, tokens } = await signUp();
    await accounts.updateProfile({ userId: user.id, changes: { username: 'alicia' } });
    const next = await accounts.refresh({ refresh: tokens.refresh });
    expect(decodeJwt(next.access).username).toBe('alicia');
    expect(await accounts.authenticate(tokens.access)).toMatchObject({ username: 'alicia' });
    expect(await accounts.getMe({ userId: user.id })).toMatchObject({ username: 'alicia' });
  });

  it('A-16 after logout the refresh token is TOKEN_REVOKED, for refresh and for verify', async () => {
    const { accounts } = fixture();
    const { tokens } = await signUp();
    expect(await accounts.verifyToken({ token: tokens.refresh })).toMatchObject({
      tokenType: 'refresh',
    });
    await accounts.logout({ refresh: tokens.refresh });
    await accounts.logout({ refresh: tokens.refresh });
    await expect(accounts.refresh({ refresh: tokens.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REVOKED',
    });
    await expect(accounts.verifyToken({ token: tokens.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REVOKED',
    });
  });

  it('A-19 refresh-token storage holds no issued token and nothing shaped like a JWT', async () => {
    const { accounts, harness } = fixture();
    const { tokens } = await signUp();
    const login = await accounts.login({ username: 'alice', password: PASSWORD });
    const rotated = await accounts.refresh({ refresh: login.refresh });
    const issued = [tokens, login, rotated].flatMap((pair) => [pair.access, pair.refresh]);
    const values = (await harness.dump()).refreshTokens.flatMap((row) => Object.values(row));
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      expect(issued).not.toContain(value);
      expect(/^[\w-]+\.[\w-]+\.[\w-]+$/.test(String(value))).toBe(false);
    }
  });

  it('G-06 two refreshes of one token released together: one pair, one TOKEN_REUSED, family revoked', async () => {
    const { accounts, harness, build } = fixture();
    const second = await build({ storage: await harness.openSecond() });
    const { tokens } = await signUp();
    const results = await Promise.allSettled([
      accounts.refresh({ refresh: tokens.refresh }),
      second.refresh({ refresh: tokens.refresh }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['TOKEN_REUSED']);
    const winner = (won[0] as PromiseFulfilledResult<{ refresh: string }>).value;
    await expect(accounts.refresh({ refresh: winner.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REVOKED',
    });
    const rows = (await harness.dump()).refreshTokens;
    expect(rows).toHaveLength(2);
    // Memory dumps use the record's names, SQL dumps the column names.
    const marked = (row: Record<string, unknown>, camel: string, snake: string) =>
      (camel in row ? row[camel] : row[snake]) !== null;
    const used = rows.filter((row) => marked(row, 'usedAt', 'used_at'));
    const revoked = rows.filter((row) => marked(row, 'revokedAt', 'revoked_at'));
    expect([used.length, revoked.length]).toEqual([1, 2]);
  });

  it('G-06 (decision) with a 10 s grace window both racing refreshes get a pair; after it, reuse', async () => {
    const { harness, build, clock } = fixture();
    const options = { tokens: { keys: SECRET, refreshReuseGraceSeconds: 10 } };
    const first = await build(options);
    const second = await build({ ...options, storage: await harness.openSecond() });
    const { tokens } = await first.register({ username: 'alice', password: PASSWORD });
    const pairs = await Promise.all([
      first.refresh({ refresh: tokens.refresh }),
      second.refresh({ refresh: tokens.refresh }),
    ]);
    const families = pairs.map((pair) => decodeJwt(pair.refresh).fam);
    expect(families).toEqual([decodeJwt(tokens.refresh).fam, decodeJwt(tokens.refresh).fam]);
    clock.advance(10_000);
    await expect(first.refresh({ refresh: tokens.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REUSED',
    });
    for (const pair of pairs) {
      await expect(first.refresh({ refresh: pair.refresh })).rejects.toMatchObject({
        code: 'TOKEN_REVOKED',
      });
    }
  });

  it('G-06 a reuse whose request read the clock before the parent was consumed is still TOKEN_REUSED', async () => {
    const { accounts, clock } = fixture();
    const { tokens } = await signUp();
    clock.advance(1_000);
    await accounts.refresh({ refresh: tokens.refresh });
    // The second request read an earlier instant (it started first, or its clock runs behind).
    clock.advance(-1_000);
    await expect(accounts.refresh({ refresh: tokens.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REUSED',
    });
  });

  it('G-07 replay: R1 → R2, R1 again is TOKEN_REUSED, R2 then TOKEN_REVOKED, a new login works', async () => {
    const { accounts } = fixture();
    const { tokens } = await signUp();
    const r2 = await accounts.refresh({ refresh: tokens.refresh });
    await expect(accounts.refresh({ refresh: tokens.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REUSED',
    });
    await expect(accounts.refresh({ refresh: r2.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REVOKED',
    });
    await expect(accounts.refresh({ refresh: tokens.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REVOKED',
    });
    const fresh = await accounts.login({ username: 'alice', password: PASSWORD });
    await expect(accounts.refresh({ refresh: fresh.refresh })).resolves.toBeDefined();
  });

  it('a refresh whose rotation fails in storage changes nothing, and the token stays usable', async () => {
    const { accounts, storage, build, harness } = fixture();
    const { tokens } = await signUp();
    const before = await harness.dump();
    const broken = await build({
      storage: interceptStorage(storage, {
        refreshTokens: {
          rotate: async () => {
            throw new StorageError('STORAGE_UNAVAILABLE', 'Injected fault.');
          },
        },
      }),
    });
    await expect(broken.refresh({ refresh: tokens.refresh })).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
    });
    expect(await harness.dump()).toEqual(before);
    await expect(accounts.refresh({ refresh: tokens.refresh })).resolves.toBeDefined();
    await expect(accounts.refresh({ refresh: tokens.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REUSED',
    });
  });

  it('an access token never refreshes and a refresh token never authenticates (A-06), nothing consumed', async () => {
    const { accounts, harness } = fixture();
    const { tokens } = await signUp();
    const before = await harness.dump();
    await expect(accounts.refresh({ refresh: tokens.access })).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
    await expect(accounts.authenticate(tokens.refresh)).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
    expect(await harness.dump()).toEqual(before);
  });

  it('logout everywhere ends every access and refresh token; logging in again works', async () => {
    const { accounts } = fixture();
    const { user, tokens } = await signUp();
    const other = await accounts.login({ username: 'alice', password: PASSWORD });
    await accounts.logoutEverywhere({ userId: user.id });
    for (const pair of [tokens, other]) {
      await expect(accounts.authenticate(pair.access)).rejects.toMatchObject({
        code: 'TOKEN_REVOKED',
      });
      await expect(accounts.refresh({ refresh: pair.refresh })).rejects.toMatchObject({
        code: 'TOKEN_REVOKED',
      });
    }
    const fresh = await accounts.login({ username: 'alice', password: PASSWORD });
    expect(await accounts.authenticate(fresh.access)).toMatchObject({ userId: user.id });
  });

  it('pruning deletes only records whose token can no longer verify', async () => {
    const { accounts, clock, harness } = fixture();
    const { tokens } = await signUp();
    clock.advance(86_400_000 + 300_000);
    expect(await accounts.pruneRefreshTokens()).toBe(0);
    await expect(accounts.refresh({ refresh: tokens.refresh })).rejects.toMatchObject({
      code: 'TOKEN_EXPIRED',
    });
    await accounts.login({ username: 'alice', password: PASSWORD });
    clock.advance(1_000);
    expect(await accounts.pruneRefreshTokens()).toBe(1);
    expect((await harness.dump()).refreshTokens).toHaveLength(1);
  });
});
