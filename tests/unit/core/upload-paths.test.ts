import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildContentImagePath,
  buildCoverImagePath,
  buildProfileImagePath,
  imageExtension,
  MAX_IMAGE_PATH_LENGTH,
  mediaUrl,
} from '../../../src/core/upload-paths.js';
import { ValidationError } from '../../../src/errors/errors.js';
import { systemRandom } from '../../../src/platform/random.js';
import { constantRandom, sequenceRandom } from '../../support/sequence-random.js';

const random = constantRandom(0x0f);
const NAME = '0f'.repeat(16);
const alice = (filename: string) => ({ username: 'alice', id: 7, filename });

function issueOf(run: () => unknown): { code: string; path: readonly (string | number)[] } {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError && error.issues.length === 1) {
      const [issue] = error.issues;
      return { code: issue!.code, path: issue!.path };
    }
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('F-01: path layout with a fixed RNG', () => {
  it('F-01 profile: images/profile/alice_7/<32 hex>.png', () => {
    expect(buildProfileImagePath(alice('me.PNG'), { random })).toBe(
      `images/profile/alice_7/${NAME}.png`,
    );
  });

  it('F-01 cover: images/cover/alice_7/<32 hex>.png', () => {
    expect(buildCoverImagePath(alice('me.PNG'), { random })).toBe(
      `images/cover/alice_7/${NAME}.png`,
    );
  });

  it('uses a configured prefix', () => {
    expect(buildProfileImagePath(alice('me.png'), { random, prefix: 'u/avatars' })).toBe(
      `u/avatars/alice_7/${NAME}.png`,
    );
  });

  it('uses a configured allow-list', () => {
    expect(buildProfileImagePath(alice('scan.TIFF'), { random, allowedExtensions: ['tiff'] })).toBe(
      `images/profile/alice_7/${NAME}.tiff`,
    );
  });

  it('names the folder after the NFKC display form of the username', () => {
    expect(
      buildProfileImagePath({ username: 'ａｌｉｃｅ', id: 7, filename: 'a.png' }, { random }),
    ).toBe(`images/profile/alice_7/${NAME}.png`);
  });

  it.each([
    ['.', 10, `images/profile/._10/${NAME}.png`, `images/cover/._10/${NAME}.png`],
    ['..', 9, `images/profile/.._9/${NAME}.png`, `images/cover/.._9/${NAME}.png`],
    ['...', 3, `images/profile/..._3/${NAME}.png`, `images/cover/..._3/${NAME}.png`],
  ])(
    'the valid username %j (id %i) gets the folder Django gave it',
    (username, id, profile, cover) => {
      const upload = { username, id, filename: 'pic.png' };
      expect(buildProfileImagePath(upload, { random })).toBe(profile);
      expect(buildCoverImagePath(upload, { random })).toBe(cover);
    },
  );

  it('a dot username cut to fit still ends its folder with the id, never a bare . or ..', () => {
    const upload = { username: '.'.repeat(150), id: 7, filename: 'a.png' };
    expect(buildProfileImagePath(upload, { random, maxLength: 56 })).toBe(
      `images/profile/.._7/${NAME}.png`,
    );
    expect(buildProfileImagePath(upload, { random, maxLength: 54 })).toBe(
      `images/profile/_7/${NAME}.png`,
    );
  });
});

describe('F-02: traversal in the original name keeps only the extension', () => {
  it.each(['../../etc/passwd.png', '..\\..\\evil.png', '/abs/x.png', 'C:\\x\\y.PNG'])(
    'F-02 %s',
    (filename) => {
      expect(buildProfileImagePath(alice(filename), { random })).toBe(
        `images/profile/alice_7/${NAME}.png`,
      );
    },
  );

  it('F-02 x.png/../../y → INVALID_IMAGE_EXTENSION (basename y has none)', () => {
    expect(issueOf(() => buildProfileImagePath(alice('x.png/../../y'), { random }))).toEqual({
      code: 'INVALID_IMAGE_EXTENSION',
      path: ['filename'],
    });
  });
});

describe('F-03: disallowed or missing extensions', () => {
  it.each([
    'shell.php',
    'x.svg',
    'x.html',
    '.htaccess',
    '.png',
    'x',
    'x.',
    '',
    'x.png.php',
    'x.png.',
    'x.png ',
    'x.png::$DATA',
    'x.jpg\u0000.php',
    'x\u202Egnp.php',
    'x.ｐｎｇ',
    'x.PNG\u0000',
  ])('F-03 %j → INVALID_IMAGE_EXTENSION', (filename) => {
    expect(issueOf(() => buildProfileImagePath(alice(filename), { random }))).toEqual({
      code: 'INVALID_IMAGE_EXTENSION',
      path: ['filename'],
    });
  });

  it('F-03 x.php.png → accepted as .png (the stored name is random)', () => {
    expect(buildProfileImagePath(alice('x.php.png'), { random })).toBe(
      `images/profile/alice_7/${NAME}.png`,
    );
  });

  it('reads the extension alone with imageExtension', () => {
    expect(imageExtension('../photos/Me.JPEG')).toBe('jpeg');
  });
});

describe('F-06: ids and usernames', () => {
  it.each([['5/../6'], [Number.NaN], [-1], [0], [1.5], [2 ** 53], [null], ['7']])(
    'F-06 id %j → INVALID_ID',
    (id) => {
      const upload = { username: 'alice', id: id as number, filename: 'a.png' };
      expect(issueOf(() => buildProfileImagePath(upload, { random }))).toEqual({
        code: 'INVALID_ID',
        path: ['id'],
      });
    },
  );

  it.each(['../admin', 'a/b', 'a\\b', '/abs', 'user name', '', 'a\u0000b'])(
    'username %j → USERNAME_INVALID',
    (username) => {
      expect(
        issueOf(() => buildProfileImagePath({ username, id: 7, filename: 'a.png' }, { random })),
      ).toEqual({ code: 'USERNAME_INVALID', path: ['username'] });
    },
  );

  it('username of 151 code points → USERNAME_TOO_LONG', () => {
    const upload = { username: 'u'.repeat(151), id: 7, filename: 'a.png' };
    expect(issueOf(() => buildProfileImagePath(upload, { random }))).toEqual({
      code: 'USERNAME_TOO_LONG',
      path: ['username'],
    });
  });

  it('F-06 real RNG: 10,000 paths for one user have 10,000 distinct 128-bit names', () => {
    const names = new Set<string>();
    for (let index = 0; index < 10_000; index += 1) {
      const path = buildProfileImagePath(alice('a.png'), { random: systemRandom });
      names.add(/^images\/profile\/alice_7\/([0-9a-f]{32})\.png$/.exec(path)?.[1] ?? path);
    }
    expect([...names].filter((name) => /^[0-9a-f]{32}$/.test(name)).length).toBe(10_000);
  });

  it('draws exactly 16 bytes per name', () => {
    const counting = sequenceRandom();
    const asked: number[] = [];
    const random = {
      bytes(length: number) {
        asked.push(length);
        return counting.bytes(length);
      },
    };
    buildProfileImagePath(alice('a.png'), { random });
    expect(asked).toEqual([16]);
  });
});

describe('property: the generator never escapes its prefix', () => {
  const filenames = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc
      .array(fc.constantFrom('..', '.', '/', '\\', 'a', 'png', 'PNG', '\u0000', '\u202E', ' ', ':'))
      .map((parts) => parts.join('')),
  );
  const usernames = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.stringMatching(/^[a-zA-Z0-9_.@+-]{1,20}$/),
  );
  const ids = fc.oneof(fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER));

  it('every output is <prefix>/<username>_<id>/<32 hex>.<allowed ext>; every refusal is typed', () => {
    fc.assert(
      fc.property(usernames, ids, filenames, (username, id, filename) => {
        let path: string;
        try {
          path = buildProfileImagePath({ username, id, filename }, { random: systemRandom });
        } catch (error) {
          return error instanceof ValidationError && error.code === 'VALIDATION_FAILED';
        }
        const segments = path.split('/');
        return (
          segments.length === 4 &&
          segments[0] === 'images' &&
          segments[1] === 'profile' &&
          segments[2] === `${username.normalize('NFKC')}_${id}` &&
          /^[0-9a-f]{32}\.(jpg|jpeg|png|gif|webp)$/.test(segments[3] ?? '') &&
          !segments.some((segment) => segment === '.' || segment === '..') &&
          !path.includes('\\') &&
          !path.includes('\u0000')
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('every rejected filename is rejected with INVALID_IMAGE_EXTENSION', () => {
    fc.assert(
      fc.property(filenames, (filename) => {
        try {
          buildProfileImagePath(alice(filename), { random });
          return true;
        } catch (error) {
          return (
            error instanceof ValidationError &&
            error.issues.length === 1 &&
            error.issues[0]?.code === 'INVALID_IMAGE_EXTENSION'
          );
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('100,000 calls give 100,000 distinct names', () => {
    const names = new Set<string>();
    for (let index = 0; index < 100_000; index += 1) {
      names.add(buildProfileImagePath(alice('a.png'), { random: systemRandom }));
    }
    expect(names.size).toBe(100_000);
  });
});

describe('paths fit the 100-character image columns', () => {
  const long = `${'é'.repeat(100)}${'b'.repeat(50)}`;
  const owner = (filename: string, id = 7) => ({ username: long, id, filename });

  it("is Django's FileField max_length", () => {
    expect(MAX_IMAGE_PATH_LENGTH).toBe(100);
  });

  it('a 150-character username keeps as many of its characters as fit: 46 with id 7 and png', () => {
    expect(buildProfileImagePath(owner('me.png'), { random })).toBe(
      `images/profile/${'é'.repeat(46)}_7/${NAME}.png`,
    );
  });

  it('the cover folder is shorter, so its username keeps two more', () => {
    expect(buildCoverImagePath(owner('me.png'), { random })).toBe(
      `images/cover/${'é'.repeat(48)}_7/${NAME}.png`,
    );
  });

  it('the 64-digit content name leaves room for 14 characters', async () => {
    const path = await buildContentImagePath('profile', owner('me.png'), new Uint8Array([1]));
    expect(path).toMatch(new RegExp(`^images/profile/${'é'.repeat(14)}_7/[0-9a-f]{64}\\.png$`));
  });

  it('a wider column (maxLength) keeps the whole username', () => {
    expect(buildProfileImagePath(owner('me.png'), { random, maxLength: 255 })).toBe(
      `images/profile/${long}_7/${NAME}.png`,
    );
  });

  it('a column too narrow for the name, id and extension is CONFIGURATION_ERROR', () => {
    for (const maxLength of [53, 0, -1, 1.5, Number.NaN]) {
      expect(() => buildProfileImagePath(owner('me.png'), { random, maxLength })).toThrow(
        expect.objectContaining({ code: 'CONFIGURATION_ERROR' }),
      );
    }
    expect(buildProfileImagePath(owner('me.png'), { random, maxLength: 54 })).toBe(
      `images/profile/_7/${NAME}.png`,
    );
  });

  it('property: every path fits and starts its folder with the username', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-zA-Z0-9_.@+\u00e9\u4e2d-]{1,150}$/),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('a.png', 'b.jpeg', 'c.webp'),
        (username, id, filename) => {
          const path = buildProfileImagePath({ username, id, filename }, { random });
          const folder = path.split('/')[2]!;
          return (
            [...path].length <= MAX_IMAGE_PATH_LENGTH &&
            folder.endsWith(`_${id}`) &&
            username.startsWith(folder.slice(0, -`_${id}`.length))
          );
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('content-hash strategy', () => {
  const content = new TextEncoder().encode('abc');
  const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

  it('names the file by the SHA-256 of its content', async () => {
    await expect(buildContentImagePath('profile', alice('me.PNG'), content)).resolves.toBe(
      `images/profile/alice_7/${ABC_SHA256}.png`,
    );
  });

  it('validates before hashing', async () => {
    const subtle = {
      digest: () => Promise.reject(new Error('must not hash')),
    };
    await expect(
      buildContentImagePath('cover', alice('x.svg'), content, { subtle }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('configuration', () => {
  it.each(['/images', 'images/../x', 'images//x', '', 'images\\x', './images'])(
    'prefix %j → CONFIGURATION_ERROR',
    (prefix) => {
      expect(() => buildProfileImagePath(alice('a.png'), { random, prefix })).toThrow(
        expect.objectContaining({ code: 'CONFIGURATION_ERROR' }),
      );
    },
  );

  it.each([[['PNG']], [['.png']], [[]], [['p/ng']]])(
    'allow-list %j → CONFIGURATION_ERROR',
    (list) => {
      expect(() =>
        buildProfileImagePath(alice('a.png'), { random, allowedExtensions: list }),
      ).toThrow(expect.objectContaining({ code: 'CONFIGURATION_ERROR' }));
    },
  );
});

describe('mediaUrl', () => {
  it('percent-encodes each segment under /media/ by default', () => {
    expect(mediaUrl('images/profile/a+b@c_4/x y.png')).toBe(
      '/media/images/profile/a%2Bb%40c_4/x%20y.png',
    );
  });

  it('joins an absolute base URL with or without a trailing slash', () => {
    expect(mediaUrl('images/a.png', { baseUrl: 'https://cdn.example/media' })).toBe(
      'https://cdn.example/media/images/a.png',
    );
  });

  it.each([
    '/etc/passwd',
    'images/../x.png',
    'images/./x.png',
    'images//x.png',
    'a\\b',
    'a\u0000',
    '',
    'a/\ud800',
  ])('refuses %j', (path) => {
    expect(issueOf(() => mediaUrl(path))).toEqual({ code: 'INVALID_VALUE', path: ['path'] });
  });
});
