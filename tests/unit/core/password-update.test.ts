import { describe, expect, it } from 'vitest';
import { planProfileUpdate } from '../../../src/core/password-update.js';
import { aUserRecord } from '../../support/user-record.js';

const alice = aUserRecord();

describe('planProfileUpdate', () => {
  it('plans nothing for an empty patch', () => {
    expect(planProfileUpdate(alice, {})).toEqual({
      changes: {},
      newPassword: null,
      usernameChanged: false,
    });
  });

  it('renames with a new key', () => {
    expect(planProfileUpdate(alice, { username: 'Alicia' })).toEqual({
      changes: { username: 'Alicia', usernameKey: 'alicia' },
      newPassword: null,
      usernameChanged: true,
    });
  });

  it('treats a case-only rename as a rename with the same key', () => {
    expect(planProfileUpdate(alice, { username: 'ALICE' })).toEqual({
      changes: { username: 'ALICE', usernameKey: 'alice' },
      newPassword: null,
      usernameChanged: true,
    });
  });

  it('leaves out values equal to the stored ones', () => {
    expect(planProfileUpdate(alice, { username: 'alice', email: 'alice@example.test' })).toEqual({
      changes: {},
      newPassword: null,
      usernameChanged: false,
    });
  });

  it('hands the new password to the caller and never puts it in the changes', () => {
    expect(
      planProfileUpdate(alice, {
        email: 'a@new.test',
        password: 'n3w-secret',
        current_password: 'old',
      }),
    ).toEqual({
      changes: { email: 'a@new.test' },
      newPassword: 'n3w-secret',
      usernameChanged: false,
    });
  });
});
