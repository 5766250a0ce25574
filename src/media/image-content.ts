/** Image formats accountkit accepts, named by their canonical extension. */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp';

/** Extensions (as the path generator lower-cases them) and the format each one promises. */
const FORMAT_BY_EXTENSION: Readonly<Record<string, ImageFormat>> = Object.freeze({
  jpg: 'jpeg',
  jpeg: 'jpeg',
  png: 'png',
  gif: 'gif',
  webp: 'webp',
});

/**
 * The format announced by the file's first bytes (its magic number), or `null` for anything
 * else. The name a client sends proves nothing; these bytes are what a browser will sniff.
 * @internal
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes.subarray(8), ascii('WEBP'))) {
    return 'webp';
  }
  return null;
}

/**
 * Whether the content matches the extension of the stored name (`png` holds a PNG, `jpg` or
 * `jpeg` a JPEG, ...).
 * @internal
 */
export function contentMatchesExtension(bytes: Uint8Array, extension: string): boolean {
  const expected = FORMAT_BY_EXTENSION[extension.toLowerCase()];
  return expected !== undefined && sniffImageFormat(bytes) === expected;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((value, index) => bytes[index] === value);
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}
