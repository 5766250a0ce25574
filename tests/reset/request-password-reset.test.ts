import { expect, it } from 'vitest';
import { usernameKey } from '../../src/core/username.js';
import { resetTokenUser } from '../../src/reset/reset-token-user.js';
import { decodeUid, encodeUid } from '../../src/reset/uidb64.js';
import { describeEachBackend, type Fixture, PASSWORD, T0 } from '../services/setup.js';
import { issuesOf, linkParts, resetServices } from './support/reset-services.js';

async function signUp(fixture: Fixture, username: string, email: string) {
  await fixture.accounts.register({ username, email, password: PASSWORD });
  const [user] = (await fixture.storage.users.findByEmail(email)).filter(
    (found) => found.username === username,
  );
  if (user === undefined) throw new Error(`${username} was not stored`);
  return user;
}

const mailedLink = (text: string) => text.split('\n').find((line) => line.startsWith('https://'));

describeEachBackend('requestPasswordReset', 'reset_request', (fixture) => {
  it('answers before mailing, then mails the account a link whose token checks', async () => {
    const alice = await signUp(fixture(), 'alice', 'alice@example.test');
    const services = await resetServices(fixture());

    await expect(services.requestPasswordReset({ email: 'alice@example.test' })).resolves.toBe(
      undefined,
    );
    expect(services.mailer.sent).toEqual([]);
    expect(services.deferred).toHaveLength(1);
    await services.runDeferred();

    const token = services.tokens.make(resetTokenUser(alice), new Date(T0));
    const link = `https://app.example.test/reset/${encodeUid(alice.id)}/${token}/`;
    expect(services.mailer.sent).toEqual([
      {
        to: 'alice@example.test',
        subject: 'Password reset',
        text: [
          "You're receiving this email because you requested a password reset for your user account.",
          '',
          'Please go to the following page and choose a new password:',
          link,
          '',
          "Your username, in case you've forgotten: alice",
          '',
        ].join('\n'),
      },
    ]);
    expect(token).toMatch(/^[0-9a-z]{6}-[0-9a-f]{32}$/);
    expect(services.tokens.check(resetTokenUser(alice), token, new Date(T0))).toBe('valid');
    expect(fixture().logger.lines).toEqual([]);
  });

  it('answers the same for an unknown address, and mails nothing', async () => {
    await signUp(fixture(), 'alice', 'alice@example.test');
    const services = await resetServices(fixture());
    await expect(services.requestPasswordReset({ email: 'nobody@example.test' })).resolves.toBe(
      undefined,
    );
    // Deferred as for a known address, so the answer does the same work.
    expect(services.deferred).toHaveLength(1);
    await services.runDeferred();
    expect(services.mailer.sent).toEqual([]);
  });

  it('mails every account holding the address in any case, each at its stored address', async () => {
    const first = await signUp(fixture(), 'sam', 'Sam@Example.test');
    const second = await signUp(fixture(), 'samuel', 'sam@example.TEST');
    await signUp(fixture(), 'other', 'other@example.test');
    const services = await resetServices(fixture());

    await services.requestPasswordReset({ email: ' SAM@EXAMPLE.TEST ' });
    await services.runDeferred();

    const sent = services.mailer.sent.map((mail) => ({
      to: mail.to,
      user: decodeUid(linkParts(mailedLink(mail.text) ?? '').uid),
    }));
    expect(sent).toEqual([
      { to: 'Sam@Example.test', user: first.id },
      { to: 'sam@example.TEST', user: second.id },
    ]);
  });

  it('mails neither an inactive account nor one with an unusable password', async () => {
    const inactive = await signUp(fixture(), 'gone', 'gone@example.test');
    const locked = await signUp(fixture(), 'locked', 'locked@example.test');
    await fixture().storage.users.update(inactive.id, { isActive: false });
    await fixture().storage.users.update(locked.id, { passwordHash: '!unusable' });
    const services = await resetServices(fixture());

    await services.requestPasswordReset({ email: 'gone@example.test' });
    await services.requestPasswordReset({ email: 'locked@example.test' });
    await services.runDeferred();
    expect(services.mailer.sent).toEqual([]);
  });

  it('mails no account whose address differs by more than case (an accent)', async () => {
    // Sign-up refuses this address; Django stored it, and MariaDB's collation matches it.
    await fixture().storage.users.insert({
      username: 'elodie',
      usernameKey: usernameKey('elodie'),
      email: 'élodie@example.test',
      passwordHash: 'pbkdf2_sha256$260000$salt$hash=',
      dateJoined: new Date(T0),
    });
    const services = await resetServices(fixture());
    await services.requestPasswordReset({ email: 'elodie@example.test' });
    await services.runDeferred();
    expect(services.mailer.sent).toEqual([]);
  });

  it('logs a failed mail by user id and error name only, and still mails the others', async () => {
    const failing = await signUp(fixture(), 'team', 'team@example.test');
    await signUp(fixture(), 'team2', 'Team@example.test');
    const services = await resetServices(fixture(), ['team@example.test']);

    await services.requestPasswordReset({ email: 'team@example.test' });
    await services.runDeferred();

    expect(services.mailer.sent.map((mail) => mail.to)).toEqual(['Team@example.test']);
    expect(fixture().logger.lines).toEqual([
      `password reset mail failed {"userId":${failing.id},"error":"Error"}`,
    ]);
  });

  it('refuses a blank, a malformed or an unknown field, before any lookup', async () => {
    const services = await resetServices(fixture());
    expect(await issuesOf(services.requestPasswordReset({ email: ' ' }))).toEqual([
      { path: ['email'], code: 'REQUIRED', message: 'This field may not be blank.' },
    ]);
    expect(await issuesOf(services.requestPasswordReset({ email: 'not-an-address' }))).toEqual([
      { path: ['email'], code: 'EMAIL_INVALID', message: 'Enter a valid email address.' },
    ]);
    expect(
      await issuesOf(services.requestPasswordReset({ email: 'a@example.test', username: 'a' })),
    ).toEqual([{ path: ['username'], code: 'UNKNOWN_FIELD', message: 'Unknown field.' }]);
    expect(services.deferred).toHaveLength(0);
  });
});
