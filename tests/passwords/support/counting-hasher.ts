import type { PasswordHasher } from '../../../src/passwords/index.js';

/** One unit of preferred-cost work seen by {@link countFullCost}. */
export interface CostEvent {
  readonly kind: 'hash' | 'verify';
  /** UTF-16 length of the password that was hashed, to prove huge input was not. */
  readonly inputLength: number;
}

/**
 * Wraps a real hasher and records every call that costs a full preferred hash: each `hash`, and
 * each `verify` of a value at the current parameters (verifying an outdated or malformed value
 * costs less, which the failure floor makes up for in time, never in work).
 */
export function countFullCost(inner: PasswordHasher): {
  hasher: PasswordHasher;
  events: CostEvent[];
} {
  const events: CostEvent[] = [];
  const hasher: PasswordHasher = {
    algorithm: inner.algorithm,
    async hash(password) {
      events.push({ kind: 'hash', inputLength: password.length });
      return inner.hash(password);
    },
    async verify(password, encoded) {
      if (!inner.needsRehash(encoded))
        events.push({ kind: 'verify', inputLength: password.length });
      return inner.verify(password, encoded);
    },
    needsRehash: (encoded) => inner.needsRehash(encoded),
  };
  return { hasher, events };
}
