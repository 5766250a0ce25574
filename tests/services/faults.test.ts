import { expect, it } from 'vitest';
import type { Accounts } from '../../src/create-accounts.js';
import { describeEachBackend, PASSWORD } from './setup.js';

/** What every operation starts from: two users, alice holding a session. */
interface Seeded {
  alice: number;
  bob: number;
  refresh: string;
}

/** The multi-step writes of the service, each run against a storage that fails on demand. */
const OPERATIONS: Record<string, (accounts: Accounts, seeded: Seeded) => Promise<unknown>> = {
  register: (accounts) => accounts.register({ username: 'carol', password: PASSWORD }),
  follow: (accounts, { alice, bob }) => accounts.follow({ userId: alice, targetId: bob }),
  unfollow: (accounts, { alice, bob }) => accounts.unfollow({ userId: bob, targetId: alice }),
  toggle: (accounts, { alice, bob }) => accounts.toggleFollow({ userId: alice, targetId: bob }),
  rename: (accounts, { alice }) =>
    accounts.updateProfile({ userId: alice, changes: { username: 'alicia' } }),
  'password change': (accounts, { alice }) =>
    accounts.updateProfile({
      userId: alice,
      changes: { password: 'a brand new passphrase', current_password: PASSWORD },
    }),
  refresh: (accounts, { refresh }) => accounts.refresh({ refresh }),
  logout: (accounts, { refresh }) => accounts.logout({ refresh }),
  'log out everywhere': (accounts, { alice }) => accounts.logoutEverywhere({ userId: alice }),
};

describeEachBackend('faults', 'faults', (fixture) => {
  async function seed(): Promise<Seeded> {
    const { accounts, harness } = fixture();
    await harness.reset();
    const { user: alice, tokens } = await accounts.register({
      username: 'alice',
      password: PASSWORD,
    });
    const { user: bob } = await accounts.register({ username: 'bob', password: PASSWORD });
    await accounts.follow({ userId: bob.id, targetId: alice.id });
    return { alice: alice.id, bob: bob.id, refresh: tokens.refresh };
  }

  for (const [name, operation] of Object.entries(OPERATIONS)) {
    it(`G-08 a failure at every statement of "${name}" is STORAGE_UNAVAILABLE and changes nothing`, async () => {
      const { harness, build } = fixture();
      const faulty = await harness.openFaulty();
      const accounts = await build({ storage: faulty.storage });
      let failures = 0;
      for (let k = 1; ; k += 1) {
        const seeded = await seed();
        const before = await harness.dump();
        faulty.arm(k);
        const outcome = await operation(accounts, seeded).then(
          () => 'done' as const,
          (error: unknown) => error,
        );
        faulty.arm(null);
        if (outcome === 'done') break;
        failures += 1;
        expect(outcome, `statement ${k}`).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
        expect(await harness.dump(), `statement ${k}`).toEqual(before);
      }
      expect(failures).toBeGreaterThan(0);
    });
  }
});
