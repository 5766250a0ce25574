/** Where accountkit takes randomness from. Inject a deterministic source in tests. */
export interface RandomSource {
  /** `length` bytes from a cryptographically secure generator. */
  bytes(length: number): Uint8Array;
}

/** getRandomValues fills at most this many bytes per call. */
const MAX_FILL = 65_536;
/** Draws up to this size are cut from a pool, as Node's own `randomUUID` does. */
const POOLED_UP_TO = 256;
const POOL_BYTES = 4096;

let pool = new Uint8Array(0);
let used = 0;

function fill(out: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  for (let offset = 0; offset < out.length; offset += MAX_FILL) {
    globalThis.crypto.getRandomValues(
      out.subarray(offset, Math.min(out.length, offset + MAX_FILL)),
    );
  }
  return out;
}

/**
 * Web Crypto's CSPRNG: the only place accountkit draws real randomness. Every token issues three
 * 16-byte ids, and one call into the generator costs more than filling a few kilobytes, so small
 * draws are copied from a pooled fill. Each pooled byte is handed out once and zeroed in the
 * pool as it leaves, so no id or salt lingers there.
 */
export const systemRandom: RandomSource = Object.freeze({
  bytes(length: number): Uint8Array {
    if (length > POOLED_UP_TO) return fill(new Uint8Array(length));
    if (used + length > pool.length) {
      pool = fill(new Uint8Array(POOL_BYTES));
      used = 0;
    }
    const out = pool.slice(used, used + length);
    pool.fill(0, used, used + length);
    used += length;
    return out;
  },
});
