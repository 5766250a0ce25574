import { expect, it } from 'vitest';
import type { AccountsEvent } from '../../src/events/accounts-event.js';
import type { MailMessage } from '../../src/reset/mailer.js';
import { issuesOf } from '../reset/support/reset-services.js';
import { describeEachBackend, type Fixture, PASSWORD, T0 } from '../services/setup.js';

const SECRET = 'verification-secret-of-the-app-0123456789';
const INVALID = {
  path: ['key'],
  code: 'VERIFICATION_LINK_INVALID',
  message: 'The verification link is invalid or has already been used.',
};

/** A service with verification configured, its outbox, and the mails' deferred sending. */
async function verifying(fixture: Fixture, requiredForLogin = false) {
  const sent: MailMessage[] = [];
  const deferred: (() => Promise<void>)[] = [];
  const events: AccountsEvent[] = [];
  const accounts = await fixture.build({
    events: { onEvent: (event) => void events.push(event) },
    emailVerification: {
      secret: SECRET,
      mailer: { send: async (message) => void sent.push(message) },
      link: (key) => `https://app.example.test/verify/${key}`,
      defer: (task) => void deferred.push(task),
      requiredForLogin,
    },
  });
  const runDeferred = async () => {
    await Promise.all(deferred.splice(0).map((task) => task()));
  };
  /** The key of the last mail sent to `email`. */
  const keyFor = (email: string) => {
    const mail = sent.filter((message) => message.to === email).at(-1);
    const match = /https:\/\/app\.example\.test\/verify\/(\S+)/.exec(mail?.text ?? '');
    if (match === null) throw new Error(`no verification mail to ${email}`);
    return match[1] as string;
  };
  return { accounts, sent, events, runDeferred, keyFor };
}

async function signUp(fixture: Fixture, username = 'alice') {
  const { tokens } = await fixture.accounts.register({
    username,
    email: `${username}@example.test`,
    password: PASSWORD,
  });
  return (await fixture.accounts.authenticate(tokens.access)).userId;
}

describeEachBackend('email verification', 'email_verification', (fixture) => {
  it('mails the logged-in user a key that verifies the address once, then no more', async () => {
    const id = await signUp(fixture());
    const { accounts, sent, events, runDeferred, keyFor } = await verifying(fixture());
    await accounts.requestEmailVerification({ userId: id });
    expect(sent).toEqual([]);
    await runDeferred();
    const key = keyFor('alice@example.test');
    expect(key).toMatch(/^[A-Za-z0-9_-]+:[0-9a-z]+-[0-9a-f]{32}$/);
    expect(sent).toEqual([
      {
        to: 'alice@example.test',
        subject: 'Please Confirm Your E-mail Address',
        text: `You're receiving this e-mail because user alice has given your e-mail address to register an account.\n\nTo confirm this is correct, go to https://app.example.test/verify/${key}\n`,
      },
    ]);
    await accounts.verifyEmail({ key });
    expect(await fixture().storage.users.findEmailVerification(id)).toEqual({
      email: 'alice@example.test',
      verifiedAt: new Date(T0),
    });
    expect(events.filter((event) => event.type === 'emailVerified')).toEqual([
      { type: 'emailVerified', at: new Date(T0), userId: id, address: null, userAgent: null },
    ]);
    const before = await fixture().harness.dump();
    expect(await issuesOf(accounts.verifyEmail({ key }))).toEqual([INVALID]);
    expect(await fixture().harness.dump()).toEqual(before);
    // Verified: asking again mails nothing.
    await accounts.requestEmailVerification({ email: 'ALICE@example.test' });
    await runDeferred();
    expect(sent).toHaveLength(1);
  });

  it('changing the address clears the verified state and ends keys sent before', async () => {
    const id = await signUp(fixture());
    const { accounts, runDeferred, keyFor } = await verifying(fixture());
    await accounts.requestEmailVerification({ userId: id });
    await runDeferred();
    const oldKey = keyFor('alice@example.test');
    await fixture().accounts.updateProfile({
      userId: id,
      changes: { email: 'alice@elsewhere.test' },
    });
    expect(await issuesOf(accounts.verifyEmail({ key: oldKey }))).toEqual([INVALID]);
    await accounts.requestEmailVerification({ userId: id });
    await runDeferred();
    await accounts.verifyEmail({ key: keyFor('alice@elsewhere.test') });
    // A change made behind accountkit's back (Django writing the row) clears it too.
    await fixture().storage.users.update(id, { email: 'alice@third.test' });
    const user = await fixture().storage.users.findById(id);
    expect(user?.email).toBe('alice@third.test');
    expect((await fixture().storage.users.findEmailVerification(id))?.email).toBe(
      'alice@elsewhere.test',
    );
  });

  it('a key expires after three days to the second', async () => {
    const id = await signUp(fixture());
    const { accounts, runDeferred, keyFor } = await verifying(fixture());
    await accounts.requestEmailVerification({ userId: id });
    await runDeferred();
    fixture().clock.advance(259_201_000);
    expect(await issuesOf(accounts.verifyEmail({ key: keyFor('alice@example.test') }))).toEqual([
      {
        path: ['key'],
        code: 'VERIFICATION_LINK_EXPIRED',
        message: 'The verification link has expired. Please request a new one.',
      },
    ]);
    fixture().clock.advance(-1_000);
    await expect(accounts.verifyEmail({ key: keyFor('alice@example.test') })).resolves.toBe(
      undefined,
    );
  });

  it('refuses malformed, forged and foreign keys alike, writing nothing', async () => {
    const id = await signUp(fixture());
    await signUp(fixture(), 'bob');
    const { accounts, runDeferred, keyFor } = await verifying(fixture());
    await accounts.requestEmailVerification({ userId: id });
    await runDeferred();
    const key = keyFor('alice@example.test');
    const [uid, token] = key.split(':') as [string, string];
    const before = await fixture().harness.dump();
    for (const bad of [
      '',
      token,
      `${uid}:`,
      `${uid}:${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`,
      `Mg:${token}`,
      `!!:${token}`,
    ]) {
      expect(await issuesOf(accounts.verifyEmail({ key: bad }))).toEqual([INVALID]);
    }
    expect(await fixture().harness.dump()).toEqual(before);
    expect(await fixture().storage.users.findEmailVerification(id)).toBeNull();
  });

  it('with requiredForLogin, the right password gets EMAIL_NOT_VERIFIED until the address is verified', async () => {
    const id = await signUp(fixture());
    const { accounts, runDeferred, keyFor } = await verifying(fixture(), true);
    await expect(accounts.login({ username: 'alice', password: PASSWORD })).rejects.toMatchObject({
      code: 'EMAIL_NOT_VERIFIED',
    });
    await expect(
      accounts.login({ username: 'alice', password: 'wrong password here' }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await accounts.requestEmailVerification({ userId: id });
    await runDeferred();
    await accounts.verifyEmail({ key: keyFor('alice@example.test') });
    await expect(accounts.login({ username: 'alice', password: PASSWORD })).resolves.toMatchObject({
      access: expect.any(String),
    });
  });

  it('without the option, logins do not wait, and both methods reject with CONFIGURATION_ERROR', async () => {
    const id = await signUp(fixture());
    await expect(
      fixture().accounts.login({ username: 'alice', password: PASSWORD }),
    ).resolves.toMatchObject({ access: expect.any(String) });
    await expect(fixture().accounts.requestEmailVerification({ userId: id })).rejects.toMatchObject(
      { code: 'CONFIGURATION_ERROR' },
    );
    await expect(fixture().accounts.verifyEmail({ key: 'x:y' })).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
    });
  });

  it('a user without an address is told EMAIL_MISSING; an unknown address is answered silently', async () => {
    const { tokens } = await fixture().accounts.register({ username: 'carol', password: PASSWORD });
    const id = (await fixture().accounts.authenticate(tokens.access)).userId;
    const { accounts, sent, runDeferred } = await verifying(fixture());
    expect(await issuesOf(accounts.requestEmailVerification({ userId: id }))).toEqual([
      { path: ['email'], code: 'EMAIL_MISSING', message: 'The account has no e-mail address.' },
    ]);
    await expect(accounts.requestEmailVerification({ email: 'nobody@example.test' })).resolves.toBe(
      undefined,
    );
    await runDeferred();
    expect(sent).toEqual([]);
  });
});
