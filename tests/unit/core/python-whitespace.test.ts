import { describe, expect, it } from 'vitest';
import { stripPythonWhitespace } from '../../../src/core/python-whitespace.js';

/** Every code point for which Python 3's `str.isspace()` is true (printed by Python 3.11). */
const PYTHON_SPACE = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001,
  0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f,
  0x205f, 0x3000,
];

describe('stripPythonWhitespace', () => {
  it('removes exactly the code points Python’s str.strip() removes, in all of Unicode', () => {
    const stripped: number[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint += 1) {
      if (stripPythonWhitespace(`${String.fromCodePoint(codePoint)}a`) === 'a') {
        stripped.push(codePoint);
      }
    }
    expect(stripped).toEqual(PYTHON_SPACE);
  });

  it('strips both ends and keeps what is inside', () => {
    expect(stripPythonWhitespace(' \t a b \n')).toBe('a b');
  });

  it('differs from trim() as Python does: \\x1c–\\x1f and \\x85 go, U+FEFF stays', () => {
    expect(stripPythonWhitespace('\x1calice\x85')).toBe('alice');
    expect(stripPythonWhitespace('\ufeffalice')).toBe('\ufeffalice');
  });

  it('a blank value becomes ""', () => {
    expect(stripPythonWhitespace('\u3000 \u00a0')).toBe('');
  });

  it('takes linear time on a megabyte of inner spaces', () => {
    const padded = `a${' '.repeat(1024 * 1024)}b`;
    const started = performance.now();
    expect(stripPythonWhitespace(` ${padded} `)).toBe(padded);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
