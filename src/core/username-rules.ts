/**
 * Opt-in rules for new usernames, on top of Django's pattern and length. Django had none, so
 * every rule is off by default: turning one on never locks anyone out, since login and existing
 * names are not judged by them.
 */
import type { ValidationIssue } from '../errors/errors.js';
import { mixesScripts } from './mixed-scripts.js';

/** Which opt-in rules a new username (sign-up or rename) must meet. */
export interface UsernameRules {
  /**
   * Refuse names that mix scripts the way look-alike names do (`аdmin` with a Cyrillic `а`),
   * as issue `USERNAME_MIXED_SCRIPTS`: Unicode's "highly restrictive" level (UTS #39 §5.2),
   * which still allows any one script and Latin beside Chinese, Japanese or Korean. Default
   * `false`, as Django.
   */
  readonly refuseMixedScripts?: boolean;
}

/**
 * The issues of a new username under `rules`, at path `username`; empty when it passes.
 * `username` is the normalised (NFKC) name the schema returned.
 *
 * @example
 * ```ts
 * usernameRuleIssues('аdmin', { refuseMixedScripts: true });
 * // [{ path: ['username'], code: 'USERNAME_MIXED_SCRIPTS', message: '...' }]
 * ```
 */
export function usernameRuleIssues(username: string, rules: UsernameRules): ValidationIssue[] {
  if (rules.refuseMixedScripts !== true || !mixesScripts(username)) return [];
  return [
    {
      path: ['username'],
      code: 'USERNAME_MIXED_SCRIPTS',
      message:
        'Enter a username that does not mix alphabets (such as Latin and Cyrillic letters), so it cannot imitate another name.',
    },
  ];
}
