import { describe, expect, it } from 'vitest';
import type { AccountsEvent } from '../../src/events/accounts-event.js';
import { createPasswordHashing } from '../../src/passwords/index.js';
import { costlyHasher, costlyValue } from '../passwords/support/costly-hasher.js';
import { virtualTimer } from '../passwords/support/virtual-timer.js';
import { PASSWORD } from './setup.js';
import { insertUser, loginService } from './support/login-service.js';

/**
 * Virtual time, as in login-timing.test.ts: the preferred hasher costs 30 ms a hash and the
 * slowest stored value 400 ms, so every failed login lasts the floor, 1.25 × 400 = 500 ms.
 */
const FLOOR = 500;

/** The login service on a virtual timer, with a listener that works `listenerMs` per event. */
async function setUp(listenerMs: number) {
  const timer = virtualTimer();
  const hasher = costlyHasher(timer, 30);
  const passwords = createPasswordHashing({ preferred: hasher, timer });
  const heard: AccountsEvent['type'][] = [];
  const { storage, login } = await loginService(passwords, {
    events: {
      async onEvent(event) {
        await timer.sleep(listenerMs);
        heard.push(event.type);
      },
    },
  });
  await insertUser(storage, 'alice', costlyValue(30, PASSWORD));
  await insertUser(storage, 'slowpoke', costlyValue(400, PASSWORD));
  await insertUser(storage, 'sleeper', costlyValue(30, PASSWORD), false);
  await passwords.calibrate([costlyValue(30, PASSWORD), costlyValue(400, PASSWORD)]);

  /** How long one login lasted, in virtual milliseconds. */
  async function lasted(username: string, password: string): Promise<number> {
    const started = timer.now();
    await login(username, password).catch(() => {});
    return timer.now() - started;
  }
  return { lasted, heard };
}

describe('loginFailed and the failure floor (virtual time)', () => {
  it('a listener quicker than the floor works during the wait: every failure still lasts exactly the floor', async () => {
    const { lasted, heard } = await setUp(100);
    expect({
      unknown: await lasted('nobody', PASSWORD),
      wrong: await lasted('alice', 'wrong password'),
      'wrong, slow kind': await lasted('slowpoke', 'wrong password'),
      inactive: await lasted('sleeper', PASSWORD),
    }).toEqual({ unknown: FLOOR, wrong: FLOOR, 'wrong, slow kind': FLOOR, inactive: FLOOR });
    expect(heard).toEqual(['loginFailed', 'loginFailed', 'loginFailed', 'loginFailed']);
  });

  it('a success is still never held: it lasts its hash, then its listener', async () => {
    const { lasted, heard } = await setUp(100);
    expect(await lasted('alice', PASSWORD)).toBe(30 + 100);
    expect(heard).toEqual(['loggedIn']);
  });
});
