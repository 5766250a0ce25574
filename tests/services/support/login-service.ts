import { usernameKey } from '../../../src/core/username.js';
import type { AccountsEventsOptions } from '../../../src/events/events-options.js';
import { createMemoryMediaStorage } from '../../../src/media/memory-media-storage.js';
import type { PasswordHashing } from '../../../src/passwords/index.js';
import type { AccountsDeps, AccountsThrottle } from '../../../src/services/deps.js';
import { login } from '../../../src/services/login.js';
import { createMemoryStorage } from '../../../src/storage/memory/index.js';
import type { AccountStorage } from '../../../src/storage/storage.js';
import { createTokenService } from '../../../src/tokens/index.js';
import { fixedClock } from '../../support/fixed-clock.js';
import { sequenceRandom } from '../../support/sequence-random.js';
import { SECRET, T0 } from '../setup.js';

/**
 * The login service on memory storage with the password registry given, so a test can hand it
 * a registry on a virtual timer (which `createAccounts` does not take yet).
 */
export async function loginService(
  passwords: PasswordHashing,
  options: {
    acceptTrimmed?: boolean;
    throttle?: AccountsThrottle;
    events?: AccountsEventsOptions;
  } = {},
) {
  const storage = createMemoryStorage();
  const random = sequenceRandom(1);
  const deps: AccountsDeps = {
    storage,
    passwords,
    checkPassword: () => {},
    tokens: await createTokenService({ keys: SECRET, random }),
    media: createMemoryMediaStorage(),
    clock: fixedClock(T0),
    random,
    logger: { warn: () => {} },
    throttle: options.throttle ?? null,
    events: options.events ?? null,
    settings: {
      dateStyle: 'naturaltime',
      mediaUrl: '/media/',
      defaultCoverImage: null,
      maxImageBytes: 1024,
      refreshReuseGraceSeconds: 0,
      acceptTrimmedPasswords: options.acceptTrimmed ?? false,
      sessionAddress: 'full',
      followPageSize: 5,
    },
  };
  return {
    storage,
    login: (username: string, password: string, address?: string) =>
      login(deps, { username, password }, address === undefined ? {} : { address }),
  };
}

/** Store a user with the given password hash, as Django's table holds it. */
export function insertUser(
  storage: AccountStorage,
  username: string,
  passwordHash: string,
  isActive = true,
) {
  return storage.users.insert({
    username,
    usernameKey: usernameKey(username),
    email: `${username}@example.test`,
    passwordHash,
    isActive,
    dateJoined: new Date('2024-01-01T00:00:00Z'),
  });
}
