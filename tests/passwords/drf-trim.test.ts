import { describe, expect, it } from 'vitest';
import { loginCandidates } from '../../src/passwords/drf-trim.js';

describe('login candidates: the password as sent, then as Django REST Framework stored it', () => {
  it('is the password alone unless acceptTrimmed is on', () => {
    expect(loginCandidates(' secret ', false)).toEqual([' secret ']);
  });

  it('adds the trimmed password after the one sent', () => {
    expect(loginCandidates('\t secret \n', true)).toEqual(['\t secret \n', 'secret']);
  });

  it('adds nothing when trimming changes nothing', () => {
    expect(loginCandidates('sec ret', true)).toEqual(['sec ret']);
  });

  it("trims what Python's str.strip() trims, not what JavaScript's trim() does", () => {
    expect(loginCandidates('\x1csecret\x85', true)).toEqual(['\x1csecret\x85', 'secret']);
    expect(loginCandidates('\u3000secret\u2029', true)).toEqual(['\u3000secret\u2029', 'secret']);
    expect(loginCandidates('\ufeffsecret', true)).toEqual(['\ufeffsecret']);
  });

  it('a password of whitespace only is tried as the empty string too', () => {
    expect(loginCandidates('   ', true)).toEqual(['   ', '']);
  });
});
