import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CamelCasePlugin, Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createMemoryLimiterStore,
  createThrottle,
  DEFAULT_STORE_FAILURE_MODES,
  DEFAULT_THROTTLE_RULES,
  type ThrottleOptions,
} from '../../../src/rate-limit/index.js';
import {
  createKyselyLimiterStore,
  migrateRateLimitSchema,
  RATE_LIMIT_MIGRATION_TABLE,
} from '../../../src/rate-limit/kysely/index.js';
import { migrateAccountsSchema } from '../../../src/storage/kysely/index.js';
import { openSqliteFile } from '../../storage/harnesses/sqlite.js';

const problemsOf = (options: unknown): unknown => {
  try {
    createThrottle(options as ThrottleOptions);
    return 'accepted';
  } catch (error) {
    return {
      code: (error as { code: string }).code,
      problems: (error as { problems: unknown }).problems,
    };
  }
};

describe('throttle options', () => {
  it('defaults: 10 logins per account and 100 failed ones per address per 15 min, 20 sign-ups per address per hour, 60 refreshes per family per minute, 20 mail requests per address and 5 per e-mail per hour', () => {
    expect(DEFAULT_THROTTLE_RULES).toEqual({
      loginPerAccount: { limit: 10, windowSeconds: 900 },
      loginPerAddress: { limit: 100, windowSeconds: 900 },
      registerPerAddress: { limit: 20, windowSeconds: 3600 },
      refreshPerFamily: { limit: 60, windowSeconds: 60 },
      mailPerAddress: { limit: 20, windowSeconds: 3600 },
      mailPerEmail: { limit: 5, windowSeconds: 3600 },
    });
    expect(DEFAULT_STORE_FAILURE_MODES).toEqual({
      login: 'fail-closed',
      register: 'fail-closed',
      refresh: 'fail-open',
      mail: 'fail-closed',
    });
  });

  it('every problem is a CONFIGURATION_ERROR at construction, all listed at once', () => {
    const store = createMemoryLimiterStore();
    expect(
      problemsOf({
        store,
        rules: {
          loginPerAccount: { limit: 0, windowSeconds: 60 },
          loginPerAddres: false,
          registerPerAddress: { limit: 1.5, windowSeconds: Number.NaN },
          refreshPerFamily: true,
        },
        onStoreError: { login: 'fail-silently', logout: 'fail-open' },
      }),
    ).toEqual({
      code: 'CONFIGURATION_ERROR',
      problems: [
        'rules.loginPerAddres is not a known rule',
        'rules.loginPerAccount.limit must be a positive integer',
        'rules.registerPerAddress.limit must be a positive integer',
        'rules.registerPerAddress.windowSeconds must be a positive number of seconds (at most a year)',
        'rules.refreshPerFamily.limit must be a positive integer',
        'rules.refreshPerFamily.windowSeconds must be a positive number of seconds (at most a year)',
        "onStoreError.login must be a known action set to 'fail-closed' or 'fail-open'",
        "onStoreError.logout must be a known action set to 'fail-closed' or 'fail-open'",
      ],
    });
    expect(problemsOf({ store, onStoreError: 'fail-later' })).toEqual({
      code: 'CONFIGURATION_ERROR',
      problems: ["onStoreError must be 'fail-closed' or 'fail-open'"],
    });
    expect(problemsOf({ store, onStoreError: null })).toMatchObject({
      code: 'CONFIGURATION_ERROR',
    });
    expect(problemsOf({ store: {} })).toEqual({
      code: 'CONFIGURATION_ERROR',
      problems: ['store must have hit(), peek(), reset() and refund()'],
    });
    expect(problemsOf({ store, rules: { loginPerAccount: false } })).toBe('accepted');
  });

  it('the Kysely store refuses a missing handle or an unknown dialect', () => {
    expect(() => createKyselyLimiterStore({ db: {} as never, dialect: 'sqlite' })).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_ERROR' }),
    );
    const db = new Kysely({
      dialect: new SqliteDialect({ database: openSqliteFile(':memory:', 0) }),
    });
    expect(() => createKyselyLimiterStore({ db, dialect: 'oracle' as never })).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_ERROR' }),
    );
  });
});

describe('sqlite: the limiter table migration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accountkit-rate-limit-migration-'));
  const handles: Kysely<Record<string, never>>[] = [];
  afterAll(async () => {
    for (const db of handles) await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  const open = (file: string, plugins: CamelCasePlugin[] = []) => {
    const db = new Kysely<Record<string, never>>({
      dialect: new SqliteDialect({ database: openSqliteFile(join(dir, file), 1000) }),
      plugins,
    });
    handles.push(db);
    return db;
  };

  it('runs once, keeps its own history beside the account schema, and a re-run applies nothing', async () => {
    const db = open('both.sqlite3');
    await migrateAccountsSchema(db, { dialect: 'sqlite' });
    expect(await migrateRateLimitSchema(db, { dialect: 'sqlite' })).toEqual([
      '0001-create-rate-limit',
    ]);
    expect(await migrateRateLimitSchema(db, { dialect: 'sqlite' })).toEqual([]);
    expect(await migrateAccountsSchema(db, { dialect: 'sqlite' })).toEqual([]);
    const { rows } = await sql<{ name: string }>`
      select name from ${sql.table(RATE_LIMIT_MIGRATION_TABLE)}`.execute(db);
    expect(rows).toEqual([{ name: '0001-create-rate-limit' }]);
  });

  it('a custom table name, through a handle with CamelCasePlugin (bypassed by the store)', async () => {
    const db = open('custom.sqlite3', [new CamelCasePlugin()]);
    await migrateRateLimitSchema(db, { dialect: 'sqlite', table: 'app_limits' });
    const store = createKyselyLimiterStore({ db, dialect: 'sqlite', table: 'app_limits' });
    const now = new Date('2024-07-11T12:00:00Z');
    await store.hit('k', 1000, now);
    expect(await store.hit('k', 1000, now)).toEqual({
      count: 2,
      resetAt: new Date(now.getTime() + 1000),
    });
    const { rows } = await sql<{ n: number }>`select count(*) as n from app_limits`.execute(
      db.withoutPlugins(),
    );
    expect(rows).toEqual([{ n: 1 }]);
  });
});
