import { Kysely, MysqlDialect, PostgresDialect } from 'kysely';
import { createPool } from 'mysql2';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createKyselyStorage } from '../../src/storage/kysely/index.js';
import { aUser } from './conformance/builders.js';

// Nothing listens on port 1 of loopback: every connection attempt is refused.
const postgres = new Kysely({
  dialect: new PostgresDialect({
    pool: new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none' }),
  }),
});
const mysql = new Kysely({
  dialect: new MysqlDialect({ pool: createPool({ uri: 'mysql://root@127.0.0.1:1/none' }) }),
});
afterAll(async () => {
  await postgres.destroy();
  await mysql.destroy();
});

describe.each([
  ['postgres', postgres],
  ['mysql', mysql],
] as const)('%s: database unreachable', (dialect, db) => {
  const storage = createKyselyStorage({ db, dialect });

  it('G-13: reads, writes and transactions fail as STORAGE_UNAVAILABLE without the driver message', async () => {
    const attempts = [
      storage.users.findById(1),
      storage.follows.add(1, 2),
      storage.refreshTokens.revokeFamily('family', new Date(0)),
      storage.transaction((tx) => tx.users.insert(aUser())),
    ];
    for (const attempt of attempts) {
      const error = await attempt.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toMatchObject({ name: 'StorageError', code: 'STORAGE_UNAVAILABLE' });
      expect((error as Error).message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect/);
      expect((error as Error).cause).toBeDefined();
    }
  });
});
