import type { PasswordHasher } from '../../../src/passwords/index.js';
import type { virtualTimer } from './virtual-timer.js';

/**
 * A hasher whose values say what they cost: `costly$<ms>$<salt>$<password>`. Verifying one
 * advances the virtual timer by `<ms>`; hashing writes and costs `currentMs`. So a test can
 * store values as slow as a bcrypt cost-12 one and as cheap as a legacy one, and read exact
 * durations. `calls` counts every hash and verify; `load.ms` is added to every verify, as a
 * busier machine would.
 */
export function costlyHasher(
  timer: ReturnType<typeof virtualTimer>,
  currentMs: number,
): PasswordHasher & {
  readonly calls: { hash: number; verify: number };
  readonly load: { ms: number };
} {
  const calls = { hash: 0, verify: 0 };
  const load = { ms: 0 };
  return {
    algorithm: 'costly',
    calls,
    load,
    async hash(password) {
      calls.hash += 1;
      timer.advance(currentMs);
      return costlyValue(currentMs, password);
    },
    async verify(password, encoded) {
      calls.verify += 1;
      const [, ms, , stored] = encoded.split('$');
      timer.advance(Number(ms) + load.ms);
      return stored === password;
    },
    needsRehash: (encoded) => encoded.split('$')[1] !== String(currentMs),
  };
}

/** A stored value of {@link costlyHasher} that costs `ms` to verify. */
export function costlyValue(ms: number, password: string, salt = 'salt'): string {
  return `costly$${ms}$${salt}$${password}`;
}
