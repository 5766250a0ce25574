import { payloadTooLarge } from './body.js';

/**
 * Collect a request body, refusing it as soon as it passes `limit` bytes, so a client cannot
 * make the server buffer more than the limit.
 *
 * @throws HttpError `PAYLOAD_TOO_LARGE` past `limit`.
 */
export async function readBody(
  body: AsyncIterable<Uint8Array> | Uint8Array | string | null | undefined,
  limit: number,
): Promise<Uint8Array> {
  if (body === null || body === undefined) return new Uint8Array(0);
  const whole = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  if (whole instanceof Uint8Array) {
    if (whole.length > limit) throw payloadTooLarge();
    return whole;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of whole) {
    size += chunk.length;
    if (size > limit) throw payloadTooLarge();
    chunks.push(chunk);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
