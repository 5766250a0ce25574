import { describe, expect, it } from 'vitest';
import {
  buildCoverImagePath,
  buildProfileImagePath,
  mediaUrl,
} from '../../src/core/upload-paths.js';
import vectors from '../fixtures/upload_paths.json' with { type: 'json' };
import { constantRandom } from '../support/sequence-random.js';

// Django's md5-of-time name is the weakness being fixed; the layout around it is kept.
const random = constantRandom(0xab);
const NAME = 'ab'.repeat(16);
const ALLOWED = /\.(jpg|jpeg|png|gif|webp)$/i;

type Case = (typeof vectors.cases)[number];
// Every name Django's validator passed is usable, `.` and `..` included: their folders are
// `._10` and `.._9`, never a bare `.` or `..` segment.
const isUsableOwner = (c: Case) => c.username_passes_validator && typeof c.user_id === 'number';
const basename = (filename: string) => filename.split(/[/\\]/).at(-1) ?? '';
const accepted = vectors.cases.filter(
  (c) => isUsableOwner(c) && ALLOWED.test(basename(c.filename)),
);
const refusedFilenames = vectors.cases.filter(
  (c) => isUsableOwner(c) && !ALLOWED.test(basename(c.filename)),
);

/** Django's path with our random name and the lower-cased extension. */
function expectedPath(djangoPath: string): string {
  const folder = djangoPath.slice(0, djangoPath.lastIndexOf('/'));
  const extension = djangoPath.slice(djangoPath.lastIndexOf('.') + 1).toLowerCase();
  return `${folder}/${NAME}.${extension}`;
}

function expectedPathsOf(c: Case): [string, string] {
  return [expectedPath(c.profile_path), expectedPath(c.cover_image_path)];
}

function upload(c: Case) {
  return { username: c.username, id: c.user_id as number, filename: c.filename };
}

describe('profile and cover paths keep the Django layout', () => {
  it('the owners `..` (id 9) and `.` (id 10) get exactly Django’s folders', () => {
    for (const [username, id] of [
      ['..', 9],
      ['.', 10],
    ] as const) {
      const upload = { username, id, filename: 'pic.png' };
      expect([
        buildProfileImagePath(upload, { random }),
        buildCoverImagePath(upload, { random }),
      ]).toEqual([
        `images/profile/${username}_${id}/${NAME}.png`,
        `images/cover/${username}_${id}/${NAME}.png`,
      ]);
    }
    expect(vectors.cases.filter((c) => /^\.{1,2}$/.test(c.username)).map(expectedPathsOf)).toEqual([
      [`images/profile/.._9/${NAME}.png`, `images/cover/.._9/${NAME}.png`],
      [`images/profile/._10/${NAME}.png`, `images/cover/._10/${NAME}.png`],
    ]);
  });

  it.each(accepted)('profile: $username $user_id, $filename', (c) => {
    expect(buildProfileImagePath(upload(c), { random })).toBe(expectedPath(c.profile_path));
  });

  it.each(accepted)('cover: $username $user_id, $filename', (c) => {
    expect(buildCoverImagePath(upload(c), { random })).toBe(expectedPath(c.cover_image_path));
  });
});

describe('names Django stored as sent are refused', () => {
  it.each(refusedFilenames)('$filename → INVALID_IMAGE_EXTENSION', (c) => {
    expect(() => buildProfileImagePath(upload(c), { random })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        issues: [expect.objectContaining({ path: ['filename'], code: 'INVALID_IMAGE_EXTENSION' })],
      }),
    );
  });

  it.each(vectors.cases.filter((c) => !isUsableOwner(c)))(
    'owner $username $user_id → VALIDATION_FAILED',
    (c) => {
      expect(() => buildProfileImagePath(upload(c), { random })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    },
  );
});

describe("mediaUrl matches Django's storage URL", () => {
  const stored = vectors.cases.flatMap((c) =>
    'value' in c.filefield_generate_filename && c.storage_url !== null
      ? [{ path: c.filefield_generate_filename.value, url: c.storage_url }]
      : [],
  );

  it.each(stored)('$path', ({ path, url }) => {
    expect(mediaUrl(path, { baseUrl: vectors.settings.MEDIA_URL })).toBe(url);
  });
});
