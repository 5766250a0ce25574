import { describe, expect, it } from 'vitest';
import { mixesScripts, SCRIPT_CODES } from '../../../src/core/mixed-scripts.js';

describe('mixesScripts (UTS #39 highly restrictive)', () => {
  it.each([
    ['admin', 'Latin'],
    ['alice_99.x@y+z-w', 'Latin with Common characters'],
    ['123', 'Common only'],
    ['', 'nothing'],
    ['Ελλάδα', 'Greek'],
    ['ѕсоре', 'Cyrillic only, though it looks like scope'],
    ['محمد٣', 'Arabic with an Arabic-Indic digit'],
    ['たなか太郎', 'Hiragana with Han (Japanese)'],
    ['カタカナー', 'Katakana with the prolonged sound mark'],
    ['ㄅㄆ中文', 'Bopomofo with Han (Chinese)'],
    ['김철수', 'Hangul'],
    ['山田taro', 'Latin beside Han'],
    ['タナカtaro', 'Latin beside Katakana'],
    ['김철수kim', 'Latin beside Hangul'],
  ])('%j (%s) does not mix', (name) => {
    expect(mixesScripts(name)).toBe(false);
  });

  it.each([
    ['аdmin', 'a Cyrillic а in a Latin name'],
    ['pаypal', 'a Cyrillic а inside'],
    ['ѕcope', 'a Cyrillic ѕ before Latin'],
    ['Ωmega', 'Greek and Latin'],
    ['alpha٣', 'an Arabic-Indic digit in a Latin name'],
    ['ㄅ김', 'Bopomofo and Hangul'],
    ['たなか김', 'Hiragana and Hangul'],
    ['山田Ωmega', 'Han, Greek and Latin'],
  ])('%j (%s) mixes', (name) => {
    expect(mixesScripts(name)).toBe(true);
  });

  it('knows the script of every letter and number of the running engine’s Unicode', () => {
    const patterns = SCRIPT_CODES.flatMap((code) => {
      try {
        return [new RegExp(`^\\p{scx=${code}}$`, 'u')];
      } catch {
        return [];
      }
    });
    const anyScript = /^[\p{scx=Zyyy}\p{scx=Zinh}]$/u;
    const unknown: string[] = [];
    for (let codePoint = 0x80; codePoint <= 0x10ffff; codePoint += 1) {
      const char = String.fromCodePoint(codePoint);
      if (!/^[\p{L}\p{N}]$/u.test(char) || anyScript.test(char)) continue;
      if (!patterns.some((pattern) => pattern.test(char))) unknown.push(codePoint.toString(16));
    }
    expect(unknown).toEqual([]);
  });
});
