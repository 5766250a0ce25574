/** Where accountkit takes randomness from. Inject a deterministic source in tests. */
export interface RandomSource {
  /** `length` bytes from a cryptographically secure generator. */
  bytes(length: number): Uint8Array;
}

/** Web Crypto's CSPRNG: the only place accountkit draws real randomness. */
export const systemRandom: RandomSource = Object.freeze({
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    // getRandomValues fills at most 65,536 bytes per call.
    for (let offset = 0; offset < length; offset += 65_536) {
      globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65_536)));
    }
    return out;
  },
});
