import { describe, expect, it } from 'vitest';
import { checkMediaPath } from '../../../src/media/media-path.js';

describe('checkMediaPath', () => {
  it.each([
    ['images/profile/.._9/ab.png', ['images', 'profile', '.._9', 'ab.png']],
    ['images/cover/._10/ab.png', ['images', 'cover', '._10', 'ab.png']],
    ['images/profile/..._3/ab.png', ['images', 'profile', '..._3', 'ab.png']],
  ])('accepts the folders of the usernames . and .. (%s)', (path, segments) => {
    expect(checkMediaPath(path)).toEqual(segments);
  });

  it.each([
    'images/profile/../ab.png',
    'images/./ab.png',
    '../ab.png',
    'images//ab.png',
    '/images/ab.png',
  ])('refuses %j: a . or .. segment, or an empty one', (path) => {
    expect(() => checkMediaPath(path)).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ code: 'INVALID_VALUE' })] }),
    );
  });
});
