import type { EmailVerificationRecord, RefreshTokenRecord, UserRecord } from '../storage.js';

/** One follow row, as SQL stores it: `from` follows `to`. @internal */
export interface MemoryEdge {
  readonly id: number;
  readonly from: number;
  readonly to: number;
}

/**
 * Every table of the memory adapter. Records are immutable and replaced on write, so copying
 * the maps is enough to take a snapshot a transaction can work on.
 *
 * @internal
 */
export interface MemoryState {
  nextUserId: number;
  nextEdgeId: number;
  readonly users: Map<number, UserRecord>;
  /** `usernameKey` to user id: the unique index. */
  readonly userIdByKey: Map<string, number>;
  readonly edges: Map<number, MemoryEdge>;
  /** `from:to` to edge id: the unique pair index. */
  readonly edgeIdByPair: Map<string, number>;
  readonly tokens: Map<string, RefreshTokenRecord>;
  /** User id to the address they verified. */
  readonly verifications: Map<number, EmailVerificationRecord>;
}

/** An empty database. @internal */
export function emptyState(): MemoryState {
  return {
    nextUserId: 1,
    nextEdgeId: 1,
    users: new Map(),
    userIdByKey: new Map(),
    edges: new Map(),
    edgeIdByPair: new Map(),
    tokens: new Map(),
    verifications: new Map(),
  };
}

/** A copy a transaction can change freely; dropping it is the rollback. @internal */
export function cloneState(state: MemoryState): MemoryState {
  return {
    nextUserId: state.nextUserId,
    nextEdgeId: state.nextEdgeId,
    users: new Map(state.users),
    userIdByKey: new Map(state.userIdByKey),
    edges: new Map(state.edges),
    edgeIdByPair: new Map(state.edgeIdByPair),
    tokens: new Map(state.tokens),
    verifications: new Map(state.verifications),
  };
}

/** The key of the unique follow-pair index. @internal */
export function pairKey(from: number, to: number): string {
  return `${from}:${to}`;
}
