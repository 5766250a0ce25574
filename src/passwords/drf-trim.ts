/**
 * The characters Python's `str.strip()` removes (`str.isspace()`), which is what Django REST
 * Framework's `CharField` trims. JavaScript's `trim()` differs: it keeps `\x1c`–`\x1f` and
 * `\x85`, and removes U+FEFF.
 */
const PYTHON_SPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SURROUNDING_SPACE = new RegExp(`^[${PYTHON_SPACE}]+|[${PYTHON_SPACE}]+$`, 'g');

/**
 * The passwords to try at login, in order: as sent, then as Django REST Framework would have
 * stored it (trimmed), when `acceptTrimmed` and trimming changes it.
 * @internal
 */
export function loginCandidates(password: string, acceptTrimmed: boolean): readonly string[] {
  if (!acceptTrimmed) return [password];
  const trimmed = password.replace(SURROUNDING_SPACE, '');
  return trimmed === password ? [password] : [password, trimmed];
}
