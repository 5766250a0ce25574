import type { RandomSource } from '../../src/platform/random.js';

/**
 * A deterministic RandomSource: the n-th call (counting from `start`) returns n as a big-endian
 * number filling all the requested bytes, so every call differs from every other.
 * `sequenceRandom().bytes(16)` then gives `00…00`, `00…01`, `00…02`, …
 */
export function sequenceRandom(start = 0): RandomSource & { readonly calls: number } {
  let next = BigInt(start);
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    bytes(length: number): Uint8Array {
      const out = new Uint8Array(length);
      let value = next;
      for (let index = length - 1; index >= 0 && value > 0n; index -= 1) {
        out[index] = Number(value & 0xffn);
        value >>= 8n;
      }
      next += 1n;
      calls += 1;
      return out;
    },
  };
}

/** A RandomSource returning `length` copies of `fill` on every call. */
export function constantRandom(fill: number): RandomSource {
  return { bytes: (length: number) => new Uint8Array(length).fill(fill) };
}
