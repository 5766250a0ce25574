import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentMatchesExtension, sniffImageFormat } from '../../src/media/image-content.js';
import { createLocalMediaStorage } from '../../src/media/local-media-storage.js';
import type { MediaStorage } from '../../src/media/media-storage.js';
import { createMemoryMediaStorage } from '../../src/media/memory-media-storage.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const GIF = new TextEncoder().encode('GIF89a\u0001\u0000');
const WEBP = new TextEncoder().encode('RIFF\u0010\u0000\u0000\u0000WEBPVP8 ');

const ESCAPES = [
  '../outside.png',
  'images/../../outside.png',
  '/etc/passwd',
  'images\\..\\x.png',
  'images//x.png',
  './x.png',
  'images/x.png\u0000.txt',
  'C:/x.png',
  '',
];

describe('image content', () => {
  it('recognises each accepted format by its magic bytes', () => {
    expect([PNG, JPEG, GIF, WEBP].map(sniffImageFormat)).toEqual(['png', 'jpeg', 'gif', 'webp']);
    expect(
      sniffImageFormat(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg">')),
    ).toBe(null);
    expect(sniffImageFormat(new TextEncoder().encode('RIFF\u0010\u0000\u0000\u0000WAVEfmt '))).toBe(
      null,
    );
    expect(sniffImageFormat(new Uint8Array())).toBe(null);
  });

  it('requires the extension to agree with the content', () => {
    expect(contentMatchesExtension(JPEG, 'jpg')).toBe(true);
    expect(contentMatchesExtension(JPEG, 'jpeg')).toBe(true);
    expect(contentMatchesExtension(PNG, 'jpg')).toBe(false);
    expect(contentMatchesExtension(GIF, 'webp')).toBe(false);
    expect(contentMatchesExtension(PNG, 'svg')).toBe(false);
  });
});

function mediaContract(
  name: string,
  open: () => Promise<{ media: MediaStorage; close(): Promise<void> }>,
) {
  describe(`${name} media storage`, () => {
    let media: MediaStorage;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ media, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    it('stores, reads back and deletes a file; deleting twice is harmless', async () => {
      await media.put('images/profile/alice_1/a.png', PNG);
      expect(await media.read?.('images/profile/alice_1/a.png')).toEqual(PNG);
      await media.delete('images/profile/alice_1/a.png');
      await media.delete('images/profile/alice_1/a.png');
      expect(await media.read?.('images/profile/alice_1/a.png')).toBe(null);
    });

    it('never overwrites an existing file', async () => {
      await media.put('a/b.png', PNG);
      await expect(media.put('a/b.png', JPEG)).rejects.toMatchObject({
        code: 'STORAGE_UNAVAILABLE',
      });
      expect(await media.read?.('a/b.png')).toEqual(PNG);
    });

    it.each(ESCAPES)('refuses the path %j', async (path) => {
      await expect(media.put(path, PNG)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: ['path'], code: 'INVALID_VALUE', message: expect.any(String) }],
      });
      await expect(media.delete(path)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });
}

mediaContract('memory', async () => ({ media: createMemoryMediaStorage(), close: async () => {} }));

mediaContract('local', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'accountkit-media-'));
  return {
    media: createLocalMediaStorage({ root: join(dir, 'root') }),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('local media storage on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'accountkit-media-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes under the root, creating directories', async () => {
    const media = createLocalMediaStorage({ root: join(dir, 'root') });
    await media.put('images/cover/bob_2/c.gif', GIF);
    expect(new Uint8Array(await readFile(join(dir, 'root/images/cover/bob_2/c.gif')))).toEqual(GIF);
  });

  it('refuses a symbolic link that points out of the root', async () => {
    const media = createLocalMediaStorage({ root: join(dir, 'root') });
    await media.put('keep/x.png', PNG);
    await symlink(dir, join(dir, 'root/escape'));
    await writeFile(join(dir, 'victim.png'), 'victim');
    await expect(media.put('escape/new.png', PNG)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(media.delete('escape/victim.png')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await readFile(join(dir, 'victim.png'), 'utf8')).toBe('victim');
  });

  it('reports a file-system failure as STORAGE_UNAVAILABLE', async () => {
    await writeFile(join(dir, 'file'), 'not a directory');
    const media = createLocalMediaStorage({ root: join(dir, 'file') });
    await expect(media.put('a/b.png', PNG)).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
  });
});
