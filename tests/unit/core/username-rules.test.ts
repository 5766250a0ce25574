import { describe, expect, it } from 'vitest';
import { usernameRuleIssues } from '../../../src/core/username-rules.js';

const MIXED = {
  path: ['username'],
  code: 'USERNAME_MIXED_SCRIPTS',
  message:
    'Enter a username that does not mix alphabets (such as Latin and Cyrillic letters), so it cannot imitate another name.',
};

describe('usernameRuleIssues', () => {
  it('judges nothing by default, as Django', () => {
    expect(usernameRuleIssues('аdmin', {})).toEqual([]);
    expect(usernameRuleIssues('аdmin', { refuseMixedScripts: false })).toEqual([]);
  });

  it('refuseMixedScripts refuses a Cyrillic а in a Latin name', () => {
    expect(usernameRuleIssues('аdmin', { refuseMixedScripts: true })).toEqual([MIXED]);
  });

  it('refuseMixedScripts accepts one script, and Latin beside Han', () => {
    for (const name of ['admin', 'дмитрий', '山田taro']) {
      expect(usernameRuleIssues(name, { refuseMixedScripts: true })).toEqual([]);
    }
  });
});
