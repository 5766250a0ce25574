import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import { StorageError } from '../../src/errors/errors.js';
import { toErrorResponse } from '../../src/http/error-body.js';
import { constantRandom } from '../support/sequence-random.js';
import { describeEachBackend, interceptStorage, PASSWORD } from './setup.js';

const NEW_PASSWORD = 'a brand new passphrase';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72]);
const INVALID_USERNAME =
  'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.';

/** The issues a rejected call carried, in order. */
async function issuesOf(call: Promise<unknown>) {
  const error = await call.then(
    () => {
      throw new Error('expected a ValidationError');
    },
    (caught: unknown) => caught,
  );
  expect(error).toMatchObject({ name: 'ValidationError', code: 'VALIDATION_FAILED' });
  return { error, issues: (error as { issues: unknown[] }).issues };
}

describeEachBackend('profile', 'profile', (fixture) => {
  async function twoSessions() {
    const { accounts } = fixture();
    const { user, tokens: s1 } = await accounts.register({
      username: 'alice',
      email: 'alice@example.test',
      password: PASSWORD,
    });
    const s2 = await accounts.login({ username: 'alice', password: PASSWORD });
    return { user, s1, s2 };
  }

  it('updates username and email partially and returns the new view', async () => {
    const { accounts } = fixture();
    const { user } = await twoSessions();
    const result = await accounts.updateProfile({
      userId: user.id,
      changes: { email: 'new@example.test' },
    });
    expect(result).toEqual({
      user: { ...user, email: 'new@example.test' },
      tokens: null,
    });
    const renamed = await accounts.updateProfile({
      userId: user.id,
      changes: { username: 'Alicia' },
    });
    expect(renamed.user.username).toBe('Alicia');
    expect(decodeJwt(renamed.tokens!.access).username).toBe('Alicia');
  });

  it('D-02 read-only fields are READ_ONLY_FIELD and the row is unchanged', async () => {
    const { accounts, harness } = fixture();
    const { user } = await twoSessions();
    const before = await harness.dump();
    const error = await accounts
      .updateProfile({
        userId: user.id,
        changes: {
          id: 99,
          is_active: false,
          date_joined: '2000-01-01',
          follower_count: 5,
          following_count: 5,
          password_hash: 'x',
        } as never,
      })
      .catch((caught: unknown) => caught);
    expect(
      (error as { issues: { path: string[]; code: string }[] }).issues.map((i) => [i.path, i.code]),
    ).toEqual([
      [['id'], 'READ_ONLY_FIELD'],
      [['is_active'], 'READ_ONLY_FIELD'],
      [['date_joined'], 'READ_ONLY_FIELD'],
      [['follower_count'], 'READ_ONLY_FIELD'],
      [['following_count'], 'READ_ONLY_FIELD'],
      [['password_hash'], 'READ_ONLY_FIELD'],
    ]);
    expect(await harness.dump()).toEqual(before);
  });

  it('D-04 a password change without or with a wrong current password changes nothing', async () => {
    const { accounts, harness } = fixture();
    const { user, s1 } = await twoSessions();
    const before = await harness.dump();
    await expect(
      accounts.updateProfile({ userId: user.id, changes: { password: NEW_PASSWORD } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['current_password'], code: 'REQUIRED' }],
    });
    await expect(
      accounts.updateProfile({
        userId: user.id,
        changes: { password: NEW_PASSWORD, current_password: 'not my password' },
      }),
    ).rejects.toMatchObject({ name: 'BadRequestError', code: 'INVALID_CURRENT_PASSWORD' });
    expect(await harness.dump()).toEqual(before);
    await expect(accounts.login({ username: 'alice', password: PASSWORD })).resolves.toBeDefined();
    await expect(
      accounts.login({ username: 'alice', password: NEW_PASSWORD }),
    ).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    await expect(accounts.refresh({ refresh: s1.refresh })).resolves.toBeDefined();
  });

  it('D-05 a password change revokes every earlier token and hands this client a fresh pair', async () => {
    const { accounts, storage } = fixture();
    const { user, s1, s2 } = await twoSessions();
    const oldHash = (await storage.users.findById(user.id))!.passwordHash;
    const { tokens } = await accounts.updateProfile({
      userId: user.id,
      changes: { password: NEW_PASSWORD, current_password: PASSWORD },
    });
    expect(await accounts.authenticate(tokens!.access)).toMatchObject({ userId: user.id });
    await expect(accounts.refresh({ refresh: tokens!.refresh })).resolves.toBeDefined();
    for (const old of [s1, s2]) {
      await expect(accounts.refresh({ refresh: old.refresh })).rejects.toMatchObject({
        code: 'TOKEN_REVOKED',
      });
      await expect(accounts.authenticate(old.access)).rejects.toMatchObject({
        code: 'TOKEN_REVOKED',
      });
    }
    await expect(accounts.login({ username: 'alice', password: PASSWORD })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    await expect(
      accounts.login({ username: 'alice', password: NEW_PASSWORD }),
    ).resolves.toBeDefined();
    const newHash = (await storage.users.findById(user.id))!.passwordHash;
    expect(newHash.split('$')[5]).not.toBe(oldHash.split('$')[5]);
  });

  it('D-06 a new password the policy refuses changes nothing', async () => {
    const { accounts, harness } = fixture();
    const { user } = await twoSessions();
    const before = await harness.dump();
    const refused = [
      ['short', 'PASSWORD_TOO_SHORT'],
      ['password123', 'PASSWORD_TOO_COMMON'],
      ['1234567890123', 'PASSWORD_ENTIRELY_NUMERIC'],
      ['alice@example', 'PASSWORD_TOO_SIMILAR'],
    ] as const;
    for (const [password, code] of refused) {
      const error = await accounts
        .updateProfile({ userId: user.id, changes: { password, current_password: PASSWORD } })
        .catch((caught: unknown) => caught);
      expect((error as { issues: { code: string }[] }).issues.map((i) => i.code)).toContain(code);
    }
    expect(await harness.dump()).toEqual(before);
  });

  it('D-07 renaming to a taken name in any case or NFKC variant is USERNAME_TAKEN', async () => {
    const { accounts, harness } = fixture();
    const { user } = await twoSessions();
    await accounts.register({ username: 'bob', password: PASSWORD });
    const before = await harness.dump();
    for (const username of ['bob', 'BOB', 'ｂｏｂ']) {
      await expect(
        accounts.updateProfile({ userId: user.id, changes: { username } }),
      ).rejects.toMatchObject({ name: 'ConflictError', code: 'USERNAME_TAKEN' });
    }
    expect(await harness.dump()).toEqual(before);
  });

  it('D-09 a deactivated user cannot update, even with an unexpired token', async () => {
    const { accounts, storage, harness } = fixture();
    const { user, s1 } = await twoSessions();
    await storage.users.update(user.id, { isActive: false });
    const before = await harness.dump();
    await expect(accounts.authenticate(s1.access)).rejects.toMatchObject({ code: 'USER_INACTIVE' });
    await expect(
      accounts.updateProfile({ userId: user.id, changes: { email: 'x@example.test' } }),
    ).rejects.toMatchObject({ code: 'USER_INACTIVE' });
    expect(await harness.dump()).toEqual(before);
  });

  it('G-02 a rename racing the sign-up of the same name: exactly one wins', async () => {
    const { accounts, harness, build } = fixture();
    const second = await build({ storage: await harness.openSecond() });
    const { user } = await twoSessions();
    const results = await Promise.allSettled([
      accounts.updateProfile({ userId: user.id, changes: { username: 'bob' } }),
      second.register({ username: 'Bob', password: PASSWORD }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [r.reason.code] : []))).toEqual([
      'USERNAME_TAKEN',
    ]);
    const keys = (await harness.dump()).users.map((row) => row.username_key);
    expect(keys.filter((key) => key === 'bob')).toHaveLength(1);
  });

  it('G-09 a password change interrupted after the hash update rolls back completely', async () => {
    const { accounts, storage, harness, build } = fixture();
    const { user, s1, s2 } = await twoSessions();
    const before = await harness.dump();
    const broken = await build({
      storage: interceptStorage(storage, {
        refreshTokens: {
          revokeAllForUser: async () => {
            throw new StorageError('STORAGE_UNAVAILABLE', 'Injected fault.');
          },
        },
      }),
    });
    await expect(
      broken.updateProfile({
        userId: user.id,
        changes: { password: NEW_PASSWORD, current_password: PASSWORD },
      }),
    ).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    expect(await harness.dump()).toEqual(before);
    await expect(accounts.login({ username: 'alice', password: PASSWORD })).resolves.toBeDefined();
    await expect(accounts.refresh({ refresh: s1.refresh })).resolves.toBeDefined();
    await expect(accounts.refresh({ refresh: s2.refresh })).resolves.toBeDefined();
  });

  it('reports every field at once, with the policy’s issues on a valid new password', async () => {
    const { accounts, harness, hasher } = fixture();
    const { user } = await twoSessions();
    const before = await harness.dump();
    const hashes = hasher.calls.hash;
    const { error, issues } = await issuesOf(
      accounts.updateProfile({
        userId: user.id,
        changes: { username: 'bad name!', email: 'nope', password: 'alice123', followers: 9 },
        images: { cover: { filename: 'c.png', bytes: new Uint8Array() } },
      } as never),
    );
    expect(issues).toEqual([
      { path: ['username'], code: 'USERNAME_INVALID', message: INVALID_USERNAME },
      { path: ['email'], code: 'EMAIL_INVALID', message: 'Enter a valid email address.' },
      { path: ['followers'], code: 'READ_ONLY_FIELD', message: 'This field is read-only.' },
      {
        path: ['current_password'],
        code: 'REQUIRED',
        message: 'The current password is required to set a new one.',
      },
      {
        path: ['password'],
        code: 'PASSWORD_TOO_SIMILAR',
        message: 'The password is too similar to the username.',
      },
      { path: ['password'], code: 'PASSWORD_TOO_COMMON', message: 'This password is too common.' },
      { path: ['cover_image'], code: 'IMAGE_EMPTY', message: 'The file is empty.' },
    ]);
    expect(toErrorResponse(error, { style: 'drf' }).body).toEqual({
      username: [INVALID_USERNAME],
      email: ['Enter a valid email address.'],
      followers: ['This field is read-only.'],
      current_password: ['The current password is required to set a new one.'],
      password: ['The password is too similar to the username.', 'This password is too common.'],
      cover_image: ['The submitted file is empty.'],
    });
    expect(hasher.calls.hash).toBe(hashes);
    expect(await harness.dump()).toEqual(before);
  });

  it('a blank new password is REQUIRED alone, as DRF answered it', async () => {
    const { accounts, harness } = fixture();
    const { user } = await twoSessions();
    const before = await harness.dump();
    const { error, issues } = await issuesOf(
      accounts.updateProfile({ userId: user.id, changes: { password: '' } }),
    );
    expect(issues).toEqual([
      { path: ['password'], code: 'REQUIRED', message: 'This field may not be blank.' },
    ]);
    expect(toErrorResponse(error, { style: 'drf' }).body).toEqual({
      password: ['This field may not be blank.'],
    });
    expect(await harness.dump()).toEqual(before);
  });

  it('a rename is stripped of Python’s whitespace, as at sign-up and login', async () => {
    const { accounts, harness } = fixture();
    const { user } = await twoSessions();
    const renamed = await accounts.updateProfile({
      userId: user.id,
      changes: { username: '\x1e Alicia\u3000' },
    });
    expect(renamed.user.username).toBe('Alicia');
    expect((await harness.dump()).users[0]).toMatchObject({
      username: 'Alicia',
      username_key: 'alicia',
    });
    await expect(
      accounts.login({ username: '\x85alicia ', password: PASSWORD }),
    ).resolves.toMatchObject({ access: expect.any(String) });
  });

  it.each(['.', '..'])(
    'the user %j uploads both images under a folder named after them',
    async (username) => {
      const { accounts, media, storage, build } = fixture();
      const { user } = await accounts.register({ username, password: PASSWORD });
      const named = await build({ random: constantRandom(0xab) });
      const result = await named.updateProfile({
        userId: user.id,
        images: {
          profile: { filename: 'pic.png', bytes: PNG },
          cover: { filename: 'cover.PNG', bytes: PNG },
        },
      });
      const profile = `images/profile/${username}_${user.id}/${'ab'.repeat(16)}.png`;
      const cover = `images/cover/${username}_${user.id}/${'ab'.repeat(16)}.png`;
      expect([result.user.profile_pic, result.user.cover_image]).toEqual([
        `/media/${profile}`,
        `/media/${cover}`,
      ]);
      expect(await storage.users.findById(user.id)).toMatchObject({
        profilePic: profile,
        coverImage: cover,
      });
      expect(media.list()).toEqual([cover, profile]);
    },
  );
});
