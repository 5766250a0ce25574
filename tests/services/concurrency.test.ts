import { expect, it } from 'vitest';
import type { Accounts } from '../../src/create-accounts.js';
import { describeEachBackend, PASSWORD } from './setup.js';

describeEachBackend('concurrency', 'concurrency', (fixture) => {
  /** The fixture's service and one on a second connection, alternating. */
  async function twoClients(): Promise<[Accounts, Accounts]> {
    const { accounts, harness, build } = fixture();
    return [accounts, await build({ storage: await harness.openSecond() })];
  }

  it('G-01 50 parallel sign-ups of alice, Alice and ａｌｉｃｅ: one user, 49 USERNAME_TAKEN', async () => {
    const { harness } = fixture();
    const clients = await twoClients();
    const names = ['alice', 'Alice', 'ａｌｉｃｅ'];
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        clients[i % 2]!.register({ username: names[i % 3]!, password: PASSWORD }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [r.reason.code] : []));
    expect(codes.filter((code) => code !== 'USERNAME_TAKEN')).toEqual([]);
    expect(codes).toEqual(Array(49).fill('USERNAME_TAKEN'));
    expect((await harness.dump()).users).toHaveLength(1);
  });

  it('G-03 50 parallel follows of one target: one edge, both counters at one', async () => {
    const { accounts, harness } = fixture();
    const clients = await twoClients();
    const { user: a } = await accounts.register({ username: 'a', password: PASSWORD });
    const { user: b } = await accounts.register({ username: 'b', password: PASSWORD });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        clients[i % 2]!.follow({ userId: a.id, targetId: b.id }),
      ),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(results.every((r) => r.following && r.followers === 1)).toBe(true);
    const dump = await harness.dump();
    expect(dump.follows).toHaveLength(1);
    expect(dump.users.map((u) => [u.username, u.followers_count, u.following_count])).toEqual([
      ['a', 0, 1],
      ['b', 1, 0],
    ]);
  });

  it('G-04 200 mixed follow/unfollow/toggle calls among crossed pairs: counters equal the edges', async () => {
    const { accounts, harness } = fixture();
    const clients = await twoClients();
    const ids: number[] = [];
    for (const username of ['a', 'b', 'c']) {
      ids.push((await accounts.register({ username, password: PASSWORD })).user.id);
    }
    const calls = Array.from({ length: 200 }, (_, i) => {
      const from = ids[i % 3]!;
      const to = ids[(i + 1 + (i % 2)) % 3]!;
      const client = clients[i % 2]!;
      const input = { userId: from, targetId: to };
      return [client.follow, client.unfollow, client.toggleFollow][i % 3]!(input);
    });
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const dump = await harness.dump();
    for (const user of dump.users) {
      const followers = dump.follows.filter((edge) => edge.to_user_id === user.id).length;
      const following = dump.follows.filter((edge) => edge.from_user_id === user.id).length;
      expect([user.followers_count, user.following_count], String(user.username)).toEqual([
        followers,
        following,
      ]);
    }
  });
});
