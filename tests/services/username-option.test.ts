import { describe, expect, it } from 'vitest';
import { createAccounts, ValidationError } from '../../src/index.js';
import { createMemoryStorage } from '../../src/storage/memory/index.js';
import { cheapHasher, PASSWORD, SECRET } from './setup.js';

async function accountsWith(usernames?: { refuseMixedScripts?: boolean }) {
  return createAccounts({
    storage: createMemoryStorage(),
    tokens: { keys: SECRET },
    passwords: { preferred: cheapHasher() },
    ...(usernames === undefined ? {} : { usernames }),
  });
}

describe('the usernames option of createAccounts', () => {
  it('refuseMixedScripts refuses a look-alike name at sign-up', async () => {
    const accounts = await accountsWith({ refuseMixedScripts: true });
    const error = await accounts
      .register({ username: 'аdmin', password: PASSWORD })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.code)).toEqual([
      'USERNAME_MIXED_SCRIPTS',
    ]);
  });

  it('is off by default, as Django', async () => {
    const accounts = await accountsWith();
    const { user } = await accounts.register({ username: 'аdmin', password: PASSWORD });
    expect(user.username).toBe('аdmin');
  });
});
