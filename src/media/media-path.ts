import { ValidationError } from '../errors/errors.js';

/**
 * Check that a media path is a plain relative path: `/`-separated segments, none empty, `.` or
 * `..`, no backslash, NUL or control character, no drive letter. Generated paths always pass;
 * anything else is refused before it reaches a file system.
 * @throws ValidationError `VALIDATION_FAILED` (issue `INVALID_VALUE`).
 * @internal
 */
export function checkMediaPath(path: string): readonly string[] {
  const segments = path.split('/');
  const bad =
    path.length === 0 ||
    path.length > 1024 ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
    /[\\\u0000-\u001f\u007f:]/.test(path) ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad) {
    throw new ValidationError([
      { path: ['path'], code: 'INVALID_VALUE', message: 'Not a relative media path.' },
    ]);
  }
  return segments;
}
