import { ConflictError, NotFoundError } from '../../errors/errors.js';
import type {
  CounterDrift,
  FollowPage,
  FollowPageRequest,
  FollowStore,
  StorageTransaction,
  UserRecord,
  UserStore,
} from '../storage.js';
import { type MemoryEdge, type MemoryState, pairKey } from './memory-state.js';
import { createRefreshTokenStore } from './memory-token-store.js';

/**
 * How the stores reach the data: `read` gives the state to read from, `write` runs a change
 * synchronously (no `await` between check and set) on a state nobody else sees until commit.
 * `touch` is called before every table mutation, so tests can inject a fault at any step.
 *
 * @internal
 */
export interface StateAccess {
  read(): MemoryState;
  write<T>(change: (state: MemoryState, touch: () => void) => T): Promise<T>;
}

const copy = <T extends object>(value: T): T => ({ ...value });

function setUser(state: MemoryState, touch: () => void, user: UserRecord): UserRecord {
  touch();
  state.users.set(user.id, user);
  return copy(user);
}

function moveCounter(
  state: MemoryState,
  touch: () => void,
  id: number,
  counter: 'followersCount' | 'followingCount',
  by: number,
): void {
  const user = state.users.get(id);
  if (user) setUser(state, touch, { ...user, [counter]: user[counter] + by });
}

function createUserStore(access: StateAccess): UserStore {
  return {
    insert: (input) =>
      access.write((state, touch) => {
        if (state.userIdByKey.has(input.usernameKey)) {
          throw new ConflictError('USERNAME_TAKEN', 'A user with that username already exists.');
        }
        const id = state.nextUserId;
        const user: UserRecord = {
          id,
          username: input.username,
          usernameKey: input.usernameKey,
          email: input.email,
          passwordHash: input.passwordHash,
          isActive: input.isActive ?? true,
          dateJoined: new Date(input.dateJoined),
          profilePic: input.profilePic ?? null,
          coverImage: input.coverImage ?? null,
          followersCount: 0,
          followingCount: 0,
          tokenVersion: 0,
          lastLogin: null,
        };
        touch();
        state.userIdByKey.set(user.usernameKey, id);
        state.nextUserId = id + 1;
        return setUser(state, touch, user);
      }),
    findById: async (id) => {
      const user = access.read().users.get(id);
      return user ? copy(user) : null;
    },
    findViewing: async (viewerId, id) => {
      const state = access.read();
      const [viewer, user] = [state.users.get(viewerId), state.users.get(id)];
      return {
        viewer: viewer ? copy(viewer) : null,
        user: user ? copy(user) : null,
        following: viewerId !== id && state.edgeIdByPair.has(pairKey(viewerId, id)),
      };
    },
    findByUsernameKey: async (key) => {
      const state = access.read();
      const id = state.userIdByKey.get(key);
      const user = id === undefined ? undefined : state.users.get(id);
      return user ? copy(user) : null;
    },
    findByEmail: async (email) =>
      [...access.read().users.values()]
        .filter((user) => user.email.toLowerCase() === email.toLowerCase())
        .sort((a, b) => a.id - b.id)
        .map(copy),
    update: (id, patch, conditions = {}) =>
      access.write((state, touch) => {
        const user = state.users.get(id);
        if (!user) return null;
        const expected = conditions.expectedPasswordHash;
        if (expected !== undefined && user.passwordHash !== expected) return null;
        const next: UserRecord = { ...user, ...definedFields(patch) };
        if (next.usernameKey !== user.usernameKey) {
          if (state.userIdByKey.has(next.usernameKey)) {
            throw new ConflictError('USERNAME_TAKEN', 'A user with that username already exists.');
          }
          touch();
          state.userIdByKey.delete(user.usernameKey);
          state.userIdByKey.set(next.usernameKey, id);
        }
        return setUser(state, touch, next);
      }),
    recordLogin: (id, at) =>
      access.write((state, touch) => {
        const user = state.users.get(id);
        if (!user) return false;
        setUser(state, touch, { ...user, lastLogin: new Date(at) });
        return true;
      }),
    findEmailVerification: async (id) => {
      const found = access.read().verifications.get(id);
      return found ? { email: found.email, verifiedAt: new Date(found.verifiedAt) } : null;
    },
    recordEmailVerification: (id, email, at) =>
      access.write((state, touch) => {
        if (!state.users.has(id)) return false;
        touch();
        state.verifications.set(id, { email, verifiedAt: new Date(at) });
        return true;
      }),
    incrementTokenVersion: (id) =>
      access.write((state, touch) => {
        const user = state.users.get(id);
        if (!user) return null;
        return setUser(state, touch, { ...user, tokenVersion: user.tokenVersion + 1 }).tokenVersion;
      }),
    delete: (id) =>
      access.write((state, touch) => {
        const user = state.users.get(id);
        if (!user) return false;
        for (const edge of [...state.edges.values()]) {
          if (edge.from === id) moveCounter(state, touch, edge.to, 'followersCount', -1);
          if (edge.to === id) moveCounter(state, touch, edge.from, 'followingCount', -1);
          if (edge.from === id || edge.to === id) deleteEdge(state, touch, edge);
        }
        for (const token of [...state.tokens.values()]) {
          if (token.userId === id) {
            touch();
            state.tokens.delete(token.jti);
          }
        }
        touch();
        state.verifications.delete(id);
        state.userIdByKey.delete(user.usernameKey);
        state.users.delete(id);
        return true;
      }),
  };
}

/** Drop keys whose value is `undefined`, so `{ email: undefined }` changes nothing. */
function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(patch).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

function deleteEdge(state: MemoryState, touch: () => void, edge: MemoryEdge): void {
  touch();
  state.edgeIdByPair.delete(pairKey(edge.from, edge.to));
  state.edges.delete(edge.id);
}

function page(
  state: MemoryState,
  request: FollowPageRequest,
  matches: (edge: MemoryEdge) => boolean,
  other: (edge: MemoryEdge) => number,
): FollowPage {
  const edges = [...state.edges.values()]
    .filter((edge) => matches(edge) && (request.before === undefined || edge.id < request.before))
    .sort((a, b) => b.id - a.id);
  const taken = edges.slice(0, request.limit);
  const users = taken.map((edge) => copy(state.users.get(other(edge)) as UserRecord));
  const last = taken.at(-1);
  return { users, nextCursor: edges.length > request.limit && last ? last.id : null };
}

function createFollowStore(access: StateAccess): FollowStore {
  return {
    add: (from, to) =>
      access.write((state, touch) => {
        if (!state.users.has(from) || !state.users.has(to)) {
          throw new NotFoundError('USER_NOT_FOUND', 'No such user.');
        }
        if (state.edgeIdByPair.has(pairKey(from, to))) return false;
        const edge: MemoryEdge = { id: state.nextEdgeId, from, to };
        touch();
        state.edges.set(edge.id, edge);
        state.edgeIdByPair.set(pairKey(from, to), edge.id);
        state.nextEdgeId = edge.id + 1;
        moveCounter(state, touch, from, 'followingCount', 1);
        moveCounter(state, touch, to, 'followersCount', 1);
        return true;
      }),
    remove: (from, to) =>
      access.write((state, touch) => {
        const id = state.edgeIdByPair.get(pairKey(from, to));
        const edge = id === undefined ? undefined : state.edges.get(id);
        if (!edge) return false;
        deleteEdge(state, touch, edge);
        moveCounter(state, touch, from, 'followingCount', -1);
        moveCounter(state, touch, to, 'followersCount', -1);
        return true;
      }),
    exists: async (from, to) => access.read().edgeIdByPair.has(pairKey(from, to)),
    existsMany: async (from, ids) => {
      const state = access.read();
      return new Set(ids.filter((to) => state.edgeIdByPair.has(pairKey(from, to))));
    },
    counts: async (id) => {
      const user = access.read().users.get(id);
      return user ? { followers: user.followersCount, following: user.followingCount } : null;
    },
    listFollowers: async (id, request) =>
      page(
        access.read(),
        request,
        (edge) => edge.to === id,
        (edge) => edge.from,
      ),
    listFollowing: async (id, request) =>
      page(
        access.read(),
        request,
        (edge) => edge.from === id,
        (edge) => edge.to,
      ),
    recount: () =>
      access.write((state, touch) => {
        const drift: CounterDrift[] = [];
        for (const user of [...state.users.values()].sort((a, b) => a.id - b.id)) {
          let followers = 0;
          let following = 0;
          for (const edge of state.edges.values()) {
            if (edge.to === user.id) followers += 1;
            if (edge.from === user.id) following += 1;
          }
          if (followers !== user.followersCount) {
            drift.push({
              userId: user.id,
              counter: 'followers',
              stored: user.followersCount,
              actual: followers,
            });
          }
          if (following !== user.followingCount) {
            drift.push({
              userId: user.id,
              counter: 'following',
              stored: user.followingCount,
              actual: following,
            });
          }
          if (followers !== user.followersCount || following !== user.followingCount) {
            setUser(state, touch, {
              ...user,
              followersCount: followers,
              followingCount: following,
            });
          }
        }
        return drift;
      }),
  };
}

/** The three stores over one way of reaching the data. @internal */
export function createMemoryStores(access: StateAccess): StorageTransaction {
  return {
    users: createUserStore(access),
    follows: createFollowStore(access),
    refreshTokens: createRefreshTokenStore(access),
  };
}
