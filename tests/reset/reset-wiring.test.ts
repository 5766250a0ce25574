import { expect, it } from 'vitest';
import type { AccountsEvent } from '../../src/events/accounts-event.js';
import { describeEachBackend, type Fixture, PASSWORD, T0 } from '../services/setup.js';
import {
  issuesOf,
  linkFor,
  linkParts,
  RESET_SECRET,
  resetServices,
} from './support/reset-services.js';

const NEW_PASSWORD = 'a brand new passphrase';

async function signUp(fixture: Fixture) {
  const { tokens } = await fixture.accounts.register({
    username: 'alice',
    email: 'alice@example.test',
    password: PASSWORD,
  });
  return { tokens, id: (await fixture.accounts.authenticate(tokens.access)).userId };
}

/** The uid and token of the one link mailed so far. */
function mailedLink(sent: readonly { text: string }[]) {
  const link = sent[0]?.text.split('\n').find((line) => line.startsWith('https://')) ?? '';
  return linkParts(link);
}

describeEachBackend('password reset through createAccounts', 'reset_wiring', (fixture) => {
  it('without passwordReset, both methods reject with CONFIGURATION_ERROR and touch nothing', async () => {
    await signUp(fixture());
    const before = await fixture().harness.dump();
    const problem =
      'passwordReset is not configured: pass createAccounts({ passwordReset: { secret, mailer, link } })';
    await expect(
      fixture().accounts.requestPasswordReset({ email: 'alice@example.test' }),
    ).rejects.toMatchObject({ code: 'CONFIGURATION_ERROR', problems: [problem] });
    await expect(
      fixture().accounts.resetPassword({ uid: 'MQ', token: 'x-y', newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({ code: 'CONFIGURATION_ERROR', problems: [problem] });
    expect(await fixture().harness.dump()).toEqual(before);
  });

  it('names every problem of the passwordReset option together with the others', async () => {
    await expect(
      fixture().build({
        passwordReset: { secret: 'short', mailer: {} as never, link: 'x' as never },
        followPageSize: 0,
      }),
    ).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
      problems: [
        'followPageSize: Too small: expected number to be >=1',
        'passwordReset.secret must be a string of at least 32 UTF-8 bytes',
        'passwordReset.mailer must have a send(message) method',
        'passwordReset.link must be a function',
      ],
    });
  });

  it('stores the instant of each login as the last login', async () => {
    const { id } = await signUp(fixture());
    expect((await fixture().storage.users.findById(id))?.lastLogin).toBeNull();
    fixture().clock.advance(90_000);
    await fixture().accounts.login({ username: 'alice', password: PASSWORD });
    expect((await fixture().storage.users.findById(id))?.lastLogin).toEqual(
      new Date(Date.parse(T0) + 90_000),
    );
  });

  it('a login after the mail ends the link, as in Django, changing nothing', async () => {
    await signUp(fixture());
    const services = await resetServices(fixture());
    await services.requestPasswordReset({ email: 'alice@example.test' });
    await services.runDeferred();
    const { uid, token } = mailedLink(services.mailer.sent);
    fixture().clock.advance(1_000);
    await fixture().accounts.login({ username: 'alice', password: PASSWORD });
    const before = await fixture().harness.dump();
    expect(
      await issuesOf(services.resetPassword({ uid, token, newPassword: NEW_PASSWORD })),
    ).toEqual([
      {
        path: ['token'],
        code: 'RESET_LINK_INVALID',
        message:
          'The password reset link was invalid, possibly because it has already been used. Please request a new password reset.',
      },
    ]);
    expect(await fixture().harness.dump()).toEqual(before);
  });

  it('a link made after a login checks (the token hashes that last login)', async () => {
    const { id } = await signUp(fixture());
    await fixture().accounts.login({ username: 'alice', password: PASSWORD });
    const services = await resetServices(fixture());
    await services.requestPasswordReset({ email: 'alice@example.test' });
    await services.runDeferred();
    const { uid, token } = mailedLink(services.mailer.sent);
    await expect(
      services.resetPassword({ uid, token, newPassword: NEW_PASSWORD }),
    ).resolves.toEqual({ userId: id, tokens: null });
  });

  it('after the commit, tells the listener passwordChanged then allSessionsEnded (password_reset)', async () => {
    const { id } = await signUp(fixture());
    const events: AccountsEvent[] = [];
    const mailer = {
      sent: [] as { text: string }[],
      send: async (m: { text: string }) => {
        mailer.sent.push(m);
      },
    };
    const accounts = await fixture().build({
      events: { onEvent: (event) => void events.push(event) },
      passwordReset: { secret: RESET_SECRET, mailer, link: linkFor, defer: (task) => void task() },
    });
    await accounts.requestPasswordReset({ email: 'alice@example.test' });
    await new Promise((resolve) => setImmediate(resolve));
    const { uid, token } = mailedLink(mailer.sent);
    events.length = 0;
    const context = { address: '203.0.113.9', userAgent: 'curl/8' };
    await accounts.resetPassword({ uid, token, newPassword: NEW_PASSWORD }, context);
    const about = { at: new Date(T0), userId: id, address: '203.0.113.9', userAgent: 'curl/8' };
    expect(events).toEqual([
      { type: 'passwordChanged', ...about },
      { type: 'allSessionsEnded', ...about, reason: 'password_reset' },
    ]);
  });
});
