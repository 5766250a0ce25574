import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import { toErrorResponse } from '../../src/http/error-body.js';
import { describeEachBackend, PASSWORD } from './setup.js';

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

describeEachBackend('register', 'register', (fixture) => {
  it('C-01 signs up: public user, a working pair with the custom claims, preferred hash stored', async () => {
    const { accounts, harness } = fixture();
    const { user, tokens } = await accounts.register({
      username: 'alice',
      email: 'alice@example.test',
      password: PASSWORD,
    });
    expect(user).toEqual({
      id: user.id,
      username: 'alice',
      date_joined: 'now',
      email: 'alice@example.test',
      profile_pic: null,
      following: 0,
      followers: 0,
      cover_image: '/media/images/cover/coverphoto.jpg',
    });
    expect(Object.keys(user)).toEqual([
      'id',
      'username',
      'date_joined',
      'email',
      'profile_pic',
      'following',
      'followers',
      'cover_image',
    ]);
    expect(decodeJwt(tokens.access)).toMatchObject({
      token_type: 'access',
      user_id: user.id,
      username: 'alice',
      profile_pic: '',
    });
    const session = await accounts.authenticate(tokens.access);
    expect(session).toMatchObject({ userId: user.id, username: 'alice' });
    const dump = await harness.dump();
    expect(dump.users).toHaveLength(1);
    expect(dump.users[0]).toMatchObject({ username: 'alice', username_key: 'alice' });
    expect(String(dump.users[0]?.password)).toMatch(/^argon2\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    expect(dump.refreshTokens).toHaveLength(1);
  });

  it('C-02 the same name again (also in another case) is USERNAME_TAKEN and changes nothing', async () => {
    const { accounts, harness } = fixture();
    await accounts.register({ username: 'alice', password: PASSWORD });
    const before = await harness.dump();
    for (const username of ['alice', 'Alice', 'ＡＬＩＣＥ']) {
      await expect(
        accounts.register({ username, password: 'another good passphrase' }),
      ).rejects.toMatchObject({ name: 'ConflictError', code: 'USERNAME_TAKEN' });
    }
    expect(await harness.dump()).toEqual(before);
  });

  it('C-09 mass assignment at sign-up is UNKNOWN_FIELD and writes no row', async () => {
    const { accounts, harness, hasher } = fixture();
    const body = {
      username: 'mallory',
      password: PASSWORD,
      id: 1,
      is_active: false,
      is_staff: true,
      follower_count: 999,
      date_joined: '2000-01-01',
      password_hash: 'x',
      token_type: 'refresh',
    };
    const error = await accounts.register(body as never).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(
      (error as { issues: { path: string[]; code: string }[] }).issues.map((i) => [i.path, i.code]),
    ).toEqual([
      [['id'], 'UNKNOWN_FIELD'],
      [['is_active'], 'UNKNOWN_FIELD'],
      [['is_staff'], 'UNKNOWN_FIELD'],
      [['follower_count'], 'UNKNOWN_FIELD'],
      [['date_joined'], 'UNKNOWN_FIELD'],
      [['password_hash'], 'UNKNOWN_FIELD'],
      [['token_type'], 'UNKNOWN_FIELD'],
    ]);
    expect(hasher.calls).toEqual({ hash: 0, verify: 0 });
    expect((await harness.dump()).users).toEqual([]);
  });

  it('refuses a password the policy refuses, before hashing, writing nothing', async () => {
    const { accounts, harness, hasher } = fixture();
    await expect(
      accounts.register({ username: 'alexander', password: 'alexander1' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [
        { path: ['password'], code: 'PASSWORD_TOO_SIMILAR' },
        { path: ['password'], code: 'PASSWORD_TOO_COMMON' },
      ],
    });
    expect(hasher.calls.hash).toBe(0);
    expect((await harness.dump()).users).toEqual([]);
  });

  it('B-06 a 4,097-byte password is PASSWORD_TOO_LONG with no row; 4,096 bytes are accepted', async () => {
    const { accounts, harness } = fixture();
    await expect(
      accounts.register({ username: 'alice', password: `${'é'.repeat(2048)}x` }),
    ).rejects.toMatchObject({ issues: [{ path: ['password'], code: 'PASSWORD_TOO_LONG' }] });
    expect((await harness.dump()).users).toEqual([]);
    const { user } = await accounts.register({ username: 'alice', password: 'é'.repeat(2048) });
    await expect(
      accounts.login({ username: 'alice', password: 'é'.repeat(2048) }),
    ).resolves.toBeDefined();
    expect(user.username).toBe('alice');
  });

  it('reports every field at once: an invalid username and a blank password, as DRF answered', async () => {
    const { accounts, harness, hasher } = fixture();
    const { error, issues } = await issuesOf(
      accounts.register({ username: 'bad name!', password: '' }),
    );
    expect(issues).toEqual([
      { path: ['username'], code: 'USERNAME_INVALID', message: INVALID_USERNAME },
      { path: ['password'], code: 'REQUIRED', message: 'This field may not be blank.' },
    ]);
    expect(toErrorResponse(error, { style: 'drf' }).body).toEqual({
      username: [INVALID_USERNAME],
      password: ['This field may not be blank.'],
    });
    expect(hasher.calls).toEqual({ hash: 0, verify: 0 });
    expect((await harness.dump()).users).toEqual([]);
  });

  it('runs the password policy on a valid password even when other fields are invalid', async () => {
    const { accounts, harness, hasher } = fixture();
    const { issues } = await issuesOf(
      accounts.register({
        username: 'bad name!',
        email: 'x',
        password: '1234',
        role: 'admin',
      } as never),
    );
    expect(issues).toEqual([
      { path: ['username'], code: 'USERNAME_INVALID', message: INVALID_USERNAME },
      { path: ['email'], code: 'EMAIL_INVALID', message: 'Enter a valid email address.' },
      { path: ['role'], code: 'UNKNOWN_FIELD', message: 'Unknown field.' },
      {
        path: ['password'],
        code: 'PASSWORD_TOO_SHORT',
        message: 'This password is too short. It must contain at least 8 characters.',
      },
      { path: ['password'], code: 'PASSWORD_TOO_COMMON', message: 'This password is too common.' },
      {
        path: ['password'],
        code: 'PASSWORD_ENTIRELY_NUMERIC',
        message: 'This password is entirely numeric.',
      },
    ]);
    expect(hasher.calls).toEqual({ hash: 0, verify: 0 });
    expect((await harness.dump()).users).toEqual([]);
  });

  it('compares the password with the fields that passed: the email, when the name did not', async () => {
    const { accounts } = fixture();
    const { issues } = await issuesOf(
      accounts.register({
        username: 'x'.repeat(151),
        email: 'marguerite.duras@example.test',
        password: 'marguerite.duras',
      }),
    );
    expect(issues).toEqual([
      {
        path: ['username'],
        code: 'USERNAME_TOO_LONG',
        message: 'Ensure this field has no more than 150 characters.',
      },
      {
        path: ['password'],
        code: 'PASSWORD_TOO_SIMILAR',
        message: 'The password is too similar to the email address.',
      },
    ]);
  });

  it('strips the whitespace DRF stripped (Python’s set): stored without it, and logs in with it', async () => {
    const { accounts, harness } = fixture();
    const { user } = await accounts.register({
      username: '\u3000alice\x85',
      email: ' alice@example.test\x1f',
      password: PASSWORD,
    });
    expect([user.username, user.email]).toEqual(['alice', 'alice@example.test']);
    expect((await harness.dump()).users[0]).toMatchObject({
      username: 'alice',
      username_key: 'alice',
      email: 'alice@example.test',
    });
    await expect(
      accounts.login({ username: '\x1calice\u2029', password: PASSWORD }),
    ).resolves.toMatchObject({ access: expect.any(String) });
  });

  it('a blank username, whitespace only, is REQUIRED; U+FEFF is not whitespace to Python', async () => {
    const { accounts } = fixture();
    expect(
      (await issuesOf(accounts.register({ username: ' \u00a0 ', password: PASSWORD }))).issues,
    ).toEqual([{ path: ['username'], code: 'REQUIRED', message: 'This field may not be blank.' }]);
    expect(
      (await issuesOf(accounts.register({ username: '\ufeffalice', password: PASSWORD }))).issues,
    ).toEqual([{ path: ['username'], code: 'USERNAME_INVALID', message: INVALID_USERNAME }]);
  });
});
