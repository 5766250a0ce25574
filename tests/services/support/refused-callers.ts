import type { Accounts } from '../../../src/create-accounts.js';
import type { AccountStorage } from '../../../src/storage/storage.js';
import { PASSWORD } from '../setup.js';

/**
 * Four access tokens `authenticate` refuses, each with the code it refuses it with: one issued
 * before a log-out everywhere, one of a deactivated user, one of a deleted user, and a forged
 * one. Services that check a token themselves must refuse them alike.
 */
export async function refusedCallers(
  accounts: Accounts,
  storage: AccountStorage,
): Promise<readonly (readonly [accessToken: string, code: string])[]> {
  const signUp = (username: string) =>
    accounts.register({ username, email: `${username}@example.test`, password: PASSWORD });
  const [revoked, inactive, deleted] = [
    await signUp('rex'),
    await signUp('ina'),
    await signUp('del'),
  ];
  await accounts.logoutEverywhere({ userId: revoked.user.id });
  await storage.users.update(inactive.user.id, { isActive: false });
  await storage.users.delete(deleted.user.id);
  return [
    [revoked.tokens.access, 'TOKEN_REVOKED'],
    [inactive.tokens.access, 'USER_INACTIVE'],
    [deleted.tokens.access, 'TOKEN_INVALID'],
    [`${revoked.tokens.access.slice(0, -2)}AA`, 'TOKEN_INVALID'],
  ];
}
