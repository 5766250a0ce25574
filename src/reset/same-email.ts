/**
 * Django's `_unicode_ci_compare` (`PasswordResetForm.get_users`): NFKC, then a full case fold.
 * The database's case-insensitive match only finds the candidates (its rules differ per
 * database and collation); this comparison decides. JavaScript has no `casefold`: upper- then
 * lower-casing folds `ß` to `ss` as Python does, and also merges dotless `ı` with `i`, which is
 * harmless here because the mail goes to the stored address, never to the one typed.
 * @internal
 */
export function sameEmail(typed: string, stored: string): boolean {
  return fold(typed) === fold(stored);
}

function fold(value: string): string {
  return value.normalize('NFKC').toUpperCase().toLowerCase();
}
