import type {
  AccountStorage,
  FollowStore,
  RefreshTokenStore,
  StorageTransaction,
  UserStore,
} from './storage.js';

type MethodNames<T> = {
  readonly [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: true;
};

// Records rather than lists, so the compiler insists on every method of each interface.
const ROOT_METHODS: MethodNames<Pick<AccountStorage, 'transaction' | 'close'>> = {
  transaction: true,
  close: true,
};
const GROUPS: { readonly [G in keyof StorageTransaction]: MethodNames<StorageTransaction[G]> } = {
  users: {
    insert: true,
    findById: true,
    findViewing: true,
    findByUsernameKey: true,
    findByEmail: true,
    update: true,
    recordLogin: true,
    findEmailVerification: true,
    recordEmailVerification: true,
    incrementTokenVersion: true,
    delete: true,
  } satisfies MethodNames<UserStore>,
  follows: {
    add: true,
    remove: true,
    exists: true,
    existsMany: true,
    counts: true,
    listFollowers: true,
    listFollowing: true,
    recount: true,
  } satisfies MethodNames<FollowStore>,
  refreshTokens: {
    insert: true,
    find: true,
    rotate: true,
    revokeFamily: true,
    revokeAllForUser: true,
    revokeUserFamily: true,
    findLive: true,
    deleteExpired: true,
  } satisfies MethodNames<RefreshTokenStore>,
};

/** A property read that may throw (a Proxy trap, a getter) answers `undefined` instead. */
function read(target: object, name: string): unknown {
  try {
    return Reflect.get(target, name);
  } catch {
    return undefined;
  }
}

function missingMethods(target: object, names: object): string[] {
  return Object.keys(names).filter((name) => typeof read(target, name) !== 'function');
}

const listed = (names: readonly string[]) => names.map((name) => `${name}()`).join(', ');

/**
 * Every way `storage` falls short of {@link AccountStorage}, each as `path: problem`; empty when
 * it has every method. Only reads properties: the storage is never copied, so a `Proxy` or a
 * class instance is used as given, and a read that throws counts as a missing method.
 * @internal
 */
export function storageProblems(storage: unknown): string[] {
  if (typeof storage !== 'object' || storage === null) {
    return ['storage: must be an AccountStorage'];
  }
  const problems: string[] = [];
  const root = missingMethods(storage, ROOT_METHODS);
  if (root.length > 0) problems.push(`storage: missing ${listed(root)}`);
  for (const [group, methods] of Object.entries(GROUPS)) {
    const store = read(storage, group);
    if (typeof store !== 'object' || store === null) {
      problems.push(`storage.${group}: must be an object`);
      continue;
    }
    const missing = missingMethods(store, methods);
    if (missing.length > 0) problems.push(`storage.${group}: missing ${listed(missing)}`);
  }
  return problems;
}
