/**
 * The one definition of a username (Django's `UnicodeUsernameValidator`), its display form and
 * its uniqueness key.
 */

/** Longest username, in code points after NFKC (Django's `max_length`). */
export const USERNAME_MAX_LENGTH = 150;

/**
 * Raw input longer than this (UTF-16 units) is refused before normalising: NFKC can expand a
 * string up to 18-fold, and normalising megabytes of attacker input is the CVE-2023-46695 trap.
 */
export const USERNAME_MAX_RAW_LENGTH = USERNAME_MAX_LENGTH * 4;

/** Python's `\w` for str patterns is letters, numbers and `_`; Django adds `.@+-`. */
export const USERNAME_PATTERN = /^[\p{L}\p{N}_.@+-]+$/u;

/** Why a username was refused. */
export type UsernameProblem = 'USERNAME_INVALID' | 'USERNAME_TOO_LONG';

/** Outcome of {@link normalizeUsername}. */
export type NormalizedUsername =
  | { readonly ok: true; readonly username: string; readonly key: string }
  | { readonly ok: false; readonly problem: UsernameProblem };

/**
 * Validate a username and return its display form (NFKC) and uniqueness key.
 * Length is capped before normalising and checked again after; the pattern is checked after
 * normalising, so `Rene` + U+0301 is judged as `René`.
 */
export function normalizeUsername(raw: string): NormalizedUsername {
  if (raw.length > USERNAME_MAX_RAW_LENGTH) return { ok: false, problem: 'USERNAME_TOO_LONG' };
  const username = raw.normalize('NFKC');
  if (username.length === 0 || !USERNAME_PATTERN.test(username)) {
    return { ok: false, problem: 'USERNAME_INVALID' };
  }
  if (countCodePoints(username) > USERNAME_MAX_LENGTH) {
    return { ok: false, problem: 'USERNAME_TOO_LONG' };
  }
  return { ok: true, username, key: usernameKey(username) };
}

/**
 * The uniqueness key of a username: NFKC, then a full case fold. JavaScript has no `casefold`;
 * upper- then lower-casing folds `ß` to `ss` and `ς` to `σ` as Python's `casefold` does, and
 * additionally merges dotless `ı` with `i`, which only makes the uniqueness rule stricter.
 */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

function countCodePoints(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}
