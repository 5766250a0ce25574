import { describe, expect, it } from 'vitest';
import { systemRandom } from '../../../src/platform/random.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('the system random source', () => {
  it('answers exactly the length asked for, small, pooled and beyond one fill', () => {
    for (const length of [0, 1, 16, 256, 257, 4096, 65_537]) {
      expect(systemRandom.bytes(length)).toHaveLength(length);
    }
  });

  it('never hands out the same pooled bytes twice: 20,000 ids of 16 bytes are distinct', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => hex(systemRandom.bytes(16))));
    expect(ids.size).toBe(20_000);
  });

  it('gives each caller its own copy: changing one draw changes no other', () => {
    const first = systemRandom.bytes(16);
    const before = hex(first);
    const second = systemRandom.bytes(16);
    second.fill(0);
    expect(hex(first)).toBe(before);
    expect(first.buffer).not.toBe(second.buffer);
  });

  it('fills large draws through, past the 65,536 bytes one call may fill', () => {
    const big = systemRandom.bytes(200_000);
    // The last 1 KiB is not left zero, as a skipped fill would leave it.
    expect(big.subarray(199_000).some((byte) => byte !== 0)).toBe(true);
  });
});
