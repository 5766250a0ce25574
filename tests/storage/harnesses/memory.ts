import { StorageError } from '../../../src/errors/errors.js';
import { emptyState } from '../../../src/storage/memory/memory-state.js';
import { openMemoryStorage } from '../../../src/storage/memory/memory-storage.js';
import type { StorageHarness } from '../conformance/harness.js';

/**
 * The memory adapter. One process holds the data, so the "second connection" is the same
 * object, and a fault is injected before the k-th table mutation.
 */
export function memoryHarness(): StorageHarness {
  let failAt: number | null = null;
  let count = 0;
  const storage = openMemoryStorage({
    beforeWrite() {
      count += 1;
      if (count === failAt) throw new StorageError('STORAGE_UNAVAILABLE', 'Injected fault.');
    },
  });
  return {
    name: 'memory',
    open: async () => storage,
    openSecond: async () => storage,
    openFaulty: async () => ({
      storage,
      arm(k) {
        failAt = k;
        count = 0;
      },
      statements: () => count,
    }),
    reset: () => storage.tamper((state) => Object.assign(state, emptyState())),
    async dump() {
      const state = storage.snapshot();
      return {
        users: [...state.users.values()]
          .sort((x, y) => x.id - y.id)
          .map((u) => ({
            id: u.id,
            username: u.username,
            username_key: u.usernameKey,
            email: u.email,
            password: u.passwordHash,
            is_active: u.isActive,
            date_joined: u.dateJoined,
            profile_pic: u.profilePic,
            cover_image: u.coverImage,
            followers_count: u.followersCount,
            following_count: u.followingCount,
            token_version: u.tokenVersion,
          })),
        follows: [...state.edges.values()]
          .sort((x, y) => x.id - y.id)
          .map((e) => ({ id: e.id, from_user_id: e.from, to_user_id: e.to })),
        refreshTokens: [...state.tokens.values()]
          .map((t) => ({ ...t }))
          .sort((x, y) => (x.jti < y.jti ? -1 : 1)),
      };
    },
    setCounters: (userId, followers, following) =>
      storage.tamper((state) => {
        const user = state.users.get(userId);
        if (user) {
          state.users.set(userId, {
            ...user,
            followersCount: followers,
            followingCount: following,
          });
        }
      }),
    close: () => storage.close(),
  };
}
