import { expect, it } from 'vitest';
import type { Accounts } from '../../src/create-accounts.js';
import { StorageError } from '../../src/errors/index.js';
import { PASSWORD } from '../services/setup.js';
import { call, expectError, signUp } from './support/client.js';
import { describeExamples } from './support/servers.js';

/** A clock the test moves. */
const clock = { at: Date.parse('2024-07-11T12:00:00Z'), now: () => new Date(clock.at) };

describeExamples(
  'expiry',
  (context) => {
    it('an access token past its lifetime is 401 TOKEN_EXPIRED; the refresh token still rotates', async () => {
      const { origin } = context();
      const user = await signUp(origin);
      clock.at += 301_000;
      expectError(await call(origin, 'GET', 'info/', { token: user.access }), 401, 'TOKEN_EXPIRED');
      const refreshed = await call(origin, 'POST', 'token/refresh/', {
        json: { refresh: user.refresh },
      });
      expect(refreshed.status).toBe(200);
      clock.at += 86_401_000;
      expectError(
        await call(origin, 'POST', 'token/refresh/', { json: { refresh: refreshed.body.refresh } }),
        401,
        'TOKEN_EXPIRED',
      );
    });
  },
  { accounts: { clock } },
);

function storageDown(accounts: Accounts): Accounts {
  const down = async () => {
    throw new StorageError('STORAGE_UNAVAILABLE', 'The account database is unavailable.', {
      cause: new Error('SQLITE_IOERR: disk I/O error in SELECT * FROM accountkit_user'),
    });
  };
  return { ...accounts, login: down, getMe: down };
}

describeExamples(
  'storage down',
  (context) => {
    it('G-13 a database failure is 503 STORAGE_UNAVAILABLE, never bad credentials, with no driver detail', async () => {
      const { origin, logLines } = context();
      const login = await call(origin, 'POST', 'token/', {
        json: { username: 'someone', password: PASSWORD },
      });
      expectError(login, 503, 'STORAGE_UNAVAILABLE');
      expect(login.text).not.toContain('SQLITE');
      const user = await signUp(origin);
      expectError(
        await call(origin, 'GET', 'info/', { token: user.access }),
        503,
        'STORAGE_UNAVAILABLE',
      );
      expect(logLines.join('\n')).not.toContain('SQLITE');
    });
  },
  { wrap: storageDown },
);
