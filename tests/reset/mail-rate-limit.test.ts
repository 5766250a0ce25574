import { expect, it } from 'vitest';
import { createMemoryLimiterStore, createThrottle } from '../../src/rate-limit/index.js';
import { describeEachBackend, type Fixture, PASSWORD } from '../services/setup.js';
import { linkFor, RESET_SECRET } from './support/reset-services.js';

/** A service whose mail requests are limited to two per e-mail and three per client address. */
async function limited(fixture: Fixture) {
  const throttle = createThrottle({
    store: createMemoryLimiterStore(),
    clock: fixture.clock,
    rules: {
      mailPerEmail: { limit: 2, windowSeconds: 3600 },
      mailPerAddress: { limit: 3, windowSeconds: 3600 },
    },
  });
  const sent: string[] = [];
  const mailer = { send: async ({ to }: { to: string }) => void sent.push(to) };
  const accounts = await fixture.build({
    throttle,
    passwordReset: { secret: RESET_SECRET, mailer, link: linkFor, defer: (task) => void task() },
    emailVerification: {
      secret: RESET_SECRET,
      mailer,
      link: (key) => `https://app.example.test/verify/${key}`,
      defer: (task) => void task(),
    },
  });
  return { accounts, sent };
}

describeEachBackend('mail requests are rate-limited', 'mail_rate_limit', (fixture) => {
  it('per e-mail address in any case, known or not, across reset and verification', async () => {
    await fixture().accounts.register({
      username: 'alice',
      email: 'alice@example.test',
      password: PASSWORD,
    });
    const { accounts } = await limited(fixture());
    await accounts.requestPasswordReset({ email: 'alice@example.test' }, { address: '192.0.2.1' });
    await accounts.requestEmailVerification(
      { email: 'ALICE@example.test' },
      { address: '192.0.2.2' },
    );
    await expect(
      accounts.requestPasswordReset({ email: 'Alice@Example.test' }, { address: '192.0.2.3' }),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 3600 });
    // An unknown address is limited exactly as a known one.
    await accounts.requestPasswordReset({ email: 'nobody@example.test' }, { address: '192.0.2.4' });
    await accounts.requestPasswordReset({ email: 'nobody@example.test' }, { address: '192.0.2.5' });
    await expect(
      accounts.requestPasswordReset({ email: 'nobody@example.test' }, { address: '192.0.2.6' }),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 3600 });
  });

  it('per client address, whatever e-mail it names; the window ends', async () => {
    const { accounts } = await limited(fixture());
    const from = { address: '198.51.100.7' };
    for (const name of ['a', 'b', 'c']) {
      await accounts.requestPasswordReset({ email: `${name}@example.test` }, from);
    }
    await expect(
      accounts.requestPasswordReset({ email: 'd@example.test' }, from),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 3600 });
    fixture().clock.advance(3_600_000);
    await expect(accounts.requestPasswordReset({ email: 'd@example.test' }, from)).resolves.toBe(
      undefined,
    );
  });
});
