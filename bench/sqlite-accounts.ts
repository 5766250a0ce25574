import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountsOptions } from '../src/options.js';
import { openServerAccounts, readServerConfig } from '../src/server/index.js';

/**
 * The example server's account service on a fresh SQLite file in a temp folder, without rate
 * limits: every request of a benchmark comes from loopback, and no floor has a throttle.
 */
export async function openSqliteAccounts(
  name: string,
  signingKey: string,
  overrides: Partial<AccountsOptions> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), `accountkit-bench-${name}-`));
  const file = join(dir, 'accounts.sqlite3');
  const opened = await openServerAccounts(
    readServerConfig({
      DATABASE_URL: `sqlite:${file}`,
      ACCOUNTKIT_SIGNING_KEY: signingKey,
      MEDIA_ROOT: dir,
      RATE_LIMIT: 'off',
    }),
    overrides,
  );
  return {
    file,
    accounts: opened.accounts,
    async close() {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
