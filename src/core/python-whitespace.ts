/**
 * Python's `str.strip()`, which Django REST Framework's `CharField` applies to every text field
 * (usernames and emails included) before validating it.
 */

/**
 * The characters `str.isspace()` is true for (Python 3, all of Unicode). JavaScript's `trim()`
 * differs: it keeps `\x1c`–`\x1f` and `\x85`, and removes U+FEFF, which Python keeps.
 */
const PYTHON_WHITESPACE: ReadonlySet<number> = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001,
  0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f,
  0x205f, 0x3000,
]);

/**
 * `value` without the leading and trailing characters Python's `str.strip()` removes. Every
 * such character is a single UTF-16 unit, so the ends are scanned unit by unit: linear time
 * whatever the input, where a `^\s+|\s+$` pattern is quadratic on long inner runs of spaces.
 * @internal
 */
export function stripPythonWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && PYTHON_WHITESPACE.has(value.charCodeAt(start))) start += 1;
  while (end > start && PYTHON_WHITESPACE.has(value.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}
