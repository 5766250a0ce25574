import { describe, expect, it } from 'vitest';
import type { AccountStorage } from '../../../src/storage/storage.js';
import { aChild, aToken, aUser, NOW } from './builders.js';
import type { SuiteContext } from './index.js';

interface Ids {
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

/** Three users, a→b and c→a edges, two refresh tokens of a. */
async function seed(s: AccountStorage): Promise<Ids> {
  const a = (await s.users.insert(aUser({ username: 'a', passwordHash: 'old' }))).id;
  const b = (await s.users.insert(aUser({ username: 'b' }))).id;
  const c = (await s.users.insert(aUser({ username: 'c' }))).id;
  await s.follows.add(a, b);
  await s.follows.add(c, a);
  await s.refreshTokens.insert(aToken(a, 'parent'));
  await s.refreshTokens.insert(aToken(a, 'other', 'family-2'));
  return { a, b, c };
}

/** Every multi-step write, as a service would run it (register, follow, rename, ...). */
const WRITES: Record<string, (s: AccountStorage, ids: Ids) => Promise<unknown>> = {
  register: (s) =>
    s.transaction(async (tx) => {
      const user = await tx.users.insert(aUser({ username: 'dave' }));
      await tx.refreshTokens.insert(aToken(user.id, 'dave-1', 'family-3'));
    }),
  follow: (s, { b, c }) => s.follows.add(b, c),
  unfollow: (s, { a, b }) => s.follows.remove(a, b),
  rename: (s, { a }) => s.users.update(a, { username: 'Z', usernameKey: 'z' }),
  'password upgrade (CAS)': (s, { a }) =>
    s.users.update(a, { passwordHash: 'new' }, { expectedPasswordHash: 'old' }),
  'password change': (s, { a }) =>
    s.transaction(async (tx) => {
      await tx.users.update(a, { passwordHash: 'new' });
      await tx.users.incrementTokenVersion(a);
      await tx.refreshTokens.revokeAllForUser(a, NOW);
    }),
  refresh: (s, { a }) => s.refreshTokens.rotate('parent', aChild(a, 'child'), NOW),
  logout: (s) => s.refreshTokens.revokeFamily('family-1', NOW),
  'delete user': (s, { a }) => s.users.delete(a),
  recount: (s) => s.follows.recount(),
};

/** Extra setup before a write, outside the counted statements: recount needs drift to fix. */
const PREPARE: Record<string, (ctx: SuiteContext, ids: Ids) => Promise<void>> = {
  recount: (ctx, { a, b }) =>
    ctx.harness.setCounters(b, 5, 3).then(() => ctx.harness.setCounters(a, 0, 0)),
};

export function describeNoChangeOnError(ctx: SuiteContext): void {
  describe('no change on error', () => {
    for (const [name, write] of Object.entries(WRITES)) {
      it(`G-08: a failure at every statement of "${name}" is STORAGE_UNAVAILABLE and changes nothing`, async () => {
        const { storage, arm, statements } = ctx.faulty();
        await ctx.harness.reset();
        arm(null);
        const first = await seed(storage);
        await PREPARE[name]?.(ctx, first);
        await write(storage, first);
        const total = statements() - (await seedStatements(ctx));
        expect(total).toBeGreaterThan(0);
        for (let k = 1; k <= total; k += 1) {
          await ctx.harness.reset();
          arm(null);
          const ids = await seed(storage);
          await PREPARE[name]?.(ctx, ids);
          const before = await ctx.harness.dump();
          arm(k);
          await expect(write(storage, ids), `statement ${k} of ${total}`).rejects.toMatchObject({
            name: 'StorageError',
            code: 'STORAGE_UNAVAILABLE',
          });
          arm(null);
          expect(await ctx.harness.dump(), `statement ${k} of ${total}`).toEqual(before);
        }
        // Leave no drift from PREPARE behind for the after-each invariant.
        await ctx.storage().follows.recount();
      });
    }
  });
}

/** How many statements seeding takes, measured on an empty database. */
async function seedStatements(ctx: SuiteContext): Promise<number> {
  const { storage, arm, statements } = ctx.faulty();
  await ctx.harness.reset();
  arm(null);
  await seed(storage);
  return statements();
}
