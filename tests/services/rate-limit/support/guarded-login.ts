import { AuthenticationError } from '../../../../src/errors/errors.js';
import type { Throttle } from '../../../../src/rate-limit/throttle.js';
import { freshKey } from './keys.js';

/**
 * A login shaped like the service's, with the throttle where the service puts it: asked first,
 * before the (counted) password check; a success resets the account and gives the address its
 * attempt back. `users` maps a folded
 * username to its password; an unknown name still costs one check, as in the service. Each
 * service logs in from an address of its own unless told otherwise.
 */
export function guardedLogin(throttle: Throttle, users: Readonly<Record<string, string>>) {
  const ownAddress = freshKey('address');
  let checks = 0;
  return {
    /** Password checks performed, i.e. attempts that reached the hasher. */
    checks: () => checks,
    async login(username: string, password: string, address = ownAddress): Promise<string> {
      const account = username.toLowerCase();
      const ticket = await throttle.assertAllowed('login', { account, address });
      checks += 1;
      if (!Object.hasOwn(users, account) || users[account] !== password) {
        throw new AuthenticationError('INVALID_CREDENTIALS', 'No active account found.');
      }
      await throttle.recordSuccess('login', { account, address }, ticket);
      return `session of ${account}`;
    },
  };
}

/** The outcome of a promise as a comparable value: the result, or the error's public fields. */
export async function outcome(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    const { name, code, message, retryAfterSeconds } = error as Record<string, unknown>;
    return {
      name,
      code,
      message,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    };
  }
}
