import { expect, it } from 'vitest';
import type { UsernameRules } from '../../src/core/username-rules.js';
import { toErrorResponse } from '../../src/http/error-body.js';
import { describeEachBackend, type Fixture, PASSWORD } from './setup.js';

const MIXED_SCRIPTS = {
  path: ['username'],
  code: 'USERNAME_MIXED_SCRIPTS',
  message:
    'Enter a username that does not mix alphabets (such as Latin and Cyrillic letters), so it cannot imitate another name.',
};

/** The fixture's service, with `usernames` set. */
function servicesWith(fixture: Fixture, usernames: UsernameRules) {
  return fixture.build({ usernames });
}

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

describeEachBackend('username rules', 'username_rules', (fixture) => {
  it('by default, as Django, a Cyrillic а beside admin is just another name', async () => {
    const { accounts } = fixture();
    await accounts.register({ username: 'admin', password: PASSWORD });
    const { user } = await accounts.register({ username: 'аdmin', password: PASSWORD });
    expect(user.username).toBe('\u0430dmin');
  });

  it('refuseMixedScripts: sign-up of аdmin is USERNAME_MIXED_SCRIPTS, nothing hashed or written', async () => {
    const { harness, hasher } = fixture();
    const services = await servicesWith(fixture(), { refuseMixedScripts: true });
    const { issues } = await issuesOf(services.register({ username: 'аdmin', password: PASSWORD }));
    expect(issues).toEqual([MIXED_SCRIPTS]);
    expect(hasher.calls).toEqual({ hash: 0, verify: 0 });
    expect((await harness.dump()).users).toEqual([]);
  });

  it('refuseMixedScripts: reported with every other field’s issues, after the schema’s', async () => {
    const services = await servicesWith(fixture(), { refuseMixedScripts: true });
    const { error, issues } = await issuesOf(
      services.register({ username: ' pаypal ', email: 'nope', password: '1234' }),
    );
    expect(issues).toEqual([
      { path: ['email'], code: 'EMAIL_INVALID', message: 'Enter a valid email address.' },
      MIXED_SCRIPTS,
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
    expect(toErrorResponse(error, { style: 'drf' }).body).toEqual({
      email: ['Enter a valid email address.'],
      username: [MIXED_SCRIPTS.message],
      password: [
        'This password is too short. It must contain at least 8 characters.',
        'This password is too common.',
        'This password is entirely numeric.',
      ],
    });
  });

  it('refuseMixedScripts: one script, or Latin beside Han, signs up', async () => {
    const services = await servicesWith(fixture(), { refuseMixedScripts: true });
    for (const username of ['дмитрий', 'Ελένη', '山田taro']) {
      const { user } = await services.register({ username, password: PASSWORD });
      expect(user.username).toBe(username);
    }
  });

  it('refuseMixedScripts: a rename to a mixed name is refused; a name kept as it is is not judged', async () => {
    const { accounts, harness } = fixture();
    const { user } = await accounts.register({ username: 'pаypal', password: PASSWORD });
    const services = await servicesWith(fixture(), { refuseMixedScripts: true });
    const before = await harness.dump();
    const { issues } = await issuesOf(
      services.updateProfile({ userId: user.id, changes: { username: 'аdmin' } }),
    );
    expect(issues).toEqual([MIXED_SCRIPTS]);
    expect(await harness.dump()).toEqual(before);
    const kept = await services.updateProfile({
      userId: user.id,
      changes: { username: 'pаypal', email: 'p@example.test' },
    });
    expect([kept.user.username, kept.user.email]).toEqual(['p\u0430ypal', 'p@example.test']);
    await expect(accounts.login({ username: 'pаypal', password: PASSWORD })).resolves.toMatchObject(
      { access: expect.any(String) },
    );
  });
});
