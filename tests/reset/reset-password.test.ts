import { expect, it } from 'vitest';
import { encodeUid } from '../../src/reset/uidb64.js';
import { describeEachBackend, type Fixture, PASSWORD } from '../services/setup.js';
import { issuesOf, linkParts, resetServices } from './support/reset-services.js';

const NEW_PASSWORD = 'a brand new passphrase';

const INVALID_LINK = {
  path: ['token'],
  code: 'RESET_LINK_INVALID',
  message:
    'The password reset link was invalid, possibly because it has already been used. Please request a new password reset.',
};

/** Sign up alice (with her first pair) and have a reset link mailed to her. */
async function aliceWithLink(fixture: Fixture) {
  const { tokens } = await fixture.accounts.register({
    username: 'alice',
    email: 'alice@example.test',
    password: PASSWORD,
  });
  const services = await resetServices(fixture);
  await services.requestPasswordReset({ email: 'alice@example.test' });
  await services.runDeferred();
  const [mail] = services.mailer.sent;
  const link = mail?.text.split('\n').find((line) => line.startsWith('https://')) ?? '';
  const session = await fixture.accounts.authenticate(tokens.access);
  return { services, tokens, id: session.userId, ...linkParts(link) };
}

describeEachBackend('resetPassword', 'reset_password', (fixture) => {
  it('sets the password with the mailed link, which then no longer works', async () => {
    const { services, uid, token, id } = await aliceWithLink(fixture());
    await expect(
      services.resetPassword({ uid, token, newPassword: NEW_PASSWORD }),
    ).resolves.toEqual({ userId: id, tokens: null });

    await expect(
      fixture().accounts.login({ username: 'alice', password: NEW_PASSWORD }),
    ).resolves.toMatchObject({ access: expect.any(String) });
    await expect(
      fixture().accounts.login({ username: 'alice', password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(
      await issuesOf(services.resetPassword({ uid, token, newPassword: 'yet another passphrase' })),
    ).toEqual([INVALID_LINK]);
  });

  it('ends every session: earlier access and refresh tokens are revoked', async () => {
    const { services, uid, token, tokens } = await aliceWithLink(fixture());
    await services.resetPassword({ uid, token, newPassword: NEW_PASSWORD });
    await expect(fixture().accounts.authenticate(tokens.access)).rejects.toMatchObject({
      code: 'TOKEN_REVOKED',
    });
    await expect(fixture().accounts.refresh({ refresh: tokens.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REVOKED',
    });
  });

  it('with login, returns a fresh pair that works', async () => {
    const { services, uid, token, id } = await aliceWithLink(fixture());
    const result = await services.resetPassword({
      uid,
      token,
      newPassword: NEW_PASSWORD,
      login: true,
    });
    if (result.tokens === null) throw new Error('expected a pair');
    await expect(fixture().accounts.authenticate(result.tokens.access)).resolves.toMatchObject({
      userId: id,
    });
    await expect(
      fixture().accounts.refresh({ refresh: result.tokens.refresh }),
    ).resolves.toMatchObject({ access: expect.any(String) });
  });

  it('refuses a link made before an email change, changing nothing', async () => {
    const { services, uid, token, id } = await aliceWithLink(fixture());
    await fixture().accounts.updateProfile({
      userId: id,
      changes: { email: 'alice@elsewhere.test' },
    });
    const before = await fixture().harness.dump();
    expect(
      await issuesOf(services.resetPassword({ uid, token, newPassword: NEW_PASSWORD })),
    ).toEqual([INVALID_LINK]);
    expect(await fixture().harness.dump()).toEqual(before);
  });

  it('refuses a link made before the password was changed another way', async () => {
    const { services, uid, token, id } = await aliceWithLink(fixture());
    await fixture().accounts.updateProfile({
      userId: id,
      changes: { password: 'changed on the profile page', current_password: PASSWORD },
    });
    expect(
      await issuesOf(services.resetPassword({ uid, token, newPassword: NEW_PASSWORD })),
    ).toEqual([INVALID_LINK]);
  });

  it('works for three days to the second, then says the link expired', async () => {
    const { services, uid, token } = await aliceWithLink(fixture());
    fixture().clock.advance(259_201_000);
    const before = await fixture().harness.dump();
    expect(
      await issuesOf(services.resetPassword({ uid, token, newPassword: NEW_PASSWORD })),
    ).toEqual([
      {
        path: ['token'],
        code: 'RESET_LINK_EXPIRED',
        message: 'The password reset link has expired. Please request a new password reset.',
      },
    ]);
    expect(await fixture().harness.dump()).toEqual(before);
    fixture().clock.advance(-1_000);
    await expect(
      services.resetPassword({ uid, token, newPassword: NEW_PASSWORD }),
    ).resolves.toMatchObject({ tokens: null });
  });

  it('gives one answer for unknown, inactive and malformed links, hashing and writing nothing', async () => {
    const { services, uid, token, id } = await aliceWithLink(fixture());
    const hashes = fixture().hasher.calls.hash;
    const tampered = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    const bad = [
      { uid: encodeUid(id + 1000), token },
      { uid: 'not base64!', token },
      { uid: `${uid}==`, token },
      { uid, token: tampered },
      { uid, token: token.replace('-', '') },
      { uid, token: '' },
    ];
    const before = await fixture().harness.dump();
    for (const link of bad) {
      expect(
        await issuesOf(services.resetPassword({ ...link, newPassword: NEW_PASSWORD })),
      ).toEqual([INVALID_LINK]);
    }
    await fixture().storage.users.update(id, { isActive: false });
    expect(
      await issuesOf(services.resetPassword({ uid, token, newPassword: NEW_PASSWORD })),
    ).toEqual([INVALID_LINK]);
    await fixture().storage.users.update(id, { isActive: true });
    expect(fixture().hasher.calls.hash).toBe(hashes);
    expect(await fixture().harness.dump()).toEqual(before);
  });

  it('refuses a weak or a mismatched new password, changing nothing; the link still works', async () => {
    const { services, uid, token } = await aliceWithLink(fixture());
    const before = await fixture().harness.dump();
    const hashes = fixture().hasher.calls.hash;
    expect(await issuesOf(services.resetPassword({ uid, token, newPassword: 'Zq8#' }))).toEqual([
      {
        path: ['newPassword'],
        code: 'PASSWORD_TOO_SHORT',
        message: 'This password is too short. It must contain at least 8 characters.',
      },
    ]);
    expect(
      await issuesOf(services.resetPassword({ uid, token, newPassword: 'alice@example' })),
    ).toEqual([
      {
        path: ['newPassword'],
        code: 'PASSWORD_TOO_SIMILAR',
        message: 'The password is too similar to the email address.',
      },
    ]);
    expect(
      await issuesOf(
        services.resetPassword({
          uid,
          token,
          newPassword: NEW_PASSWORD,
          newPasswordConfirmation: `${NEW_PASSWORD}!`,
        }),
      ),
    ).toEqual([
      {
        path: ['newPasswordConfirmation'],
        code: 'PASSWORD_MISMATCH',
        message: 'The two password fields didn’t match.',
      },
    ]);
    expect(fixture().hasher.calls.hash).toBe(hashes);
    expect(await fixture().harness.dump()).toEqual(before);
    await expect(
      services.resetPassword({
        uid,
        token,
        newPassword: NEW_PASSWORD,
        newPasswordConfirmation: NEW_PASSWORD,
      }),
    ).resolves.toMatchObject({ tokens: null });
  });

  it('lets exactly one of two concurrent uses of a link through', async () => {
    const { services, uid, token } = await aliceWithLink(fixture());
    const outcomes = await Promise.allSettled([
      services.resetPassword({ uid, token, newPassword: NEW_PASSWORD }),
      services.resetPassword({ uid, token, newPassword: 'the other new passphrase' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.reason).toMatchObject({ issues: [INVALID_LINK] });
  });

  it('reports missing, blank and unknown fields', async () => {
    const services = await resetServices(fixture());
    expect(
      await issuesOf(services.resetPassword({ uid: 'MQ', newPassword: '', extra: true })),
    ).toEqual([
      { path: ['token'], code: 'REQUIRED', message: 'This field is required.' },
      { path: ['newPassword'], code: 'REQUIRED', message: 'This field may not be blank.' },
      { path: ['extra'], code: 'UNKNOWN_FIELD', message: 'Unknown field.' },
    ]);
  });
});
