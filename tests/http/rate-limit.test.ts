/**
 * H-11 over HTTP: both examples with their default throttle, counted in the example's database
 * and, when `ACCOUNTKIT_TEST_REDIS_URL` is set, in Redis. Small limits and a settable clock make
 * every window end without sleeping; each test takes fresh names and forwarded addresses (the
 * loopback proxy is trusted), so runs sharing one Redis never meet.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readServerConfig } from '../../src/server/config.js';
import { openDatabase, parseDatabaseUrl } from '../../src/server/kysely/open-database.js';
import { openThrottle } from '../../src/server/rate-limit.js';
import { PASSWORD } from '../services/setup.js';
import { type Answer, call, expectError, uniqueName } from './support/client.js';
import { SERVER_DATABASES } from './support/databases.js';
import { describeExamples, type ExampleName, type HttpContext } from './support/servers.js';

const REDIS_URL = process.env.ACCOUNTKIT_TEST_REDIS_URL || undefined;

const LOGIN_LIMIT = 3;
const LOGIN_WINDOW_SECONDS = 600;
const SIGNUP_LIMIT = 2;
const SIGNUP_WINDOW_SECONDS = 3600;
const RULES = {
  loginPerAccount: { limit: LOGIN_LIMIT, windowSeconds: LOGIN_WINDOW_SECONDS },
  registerPerAddress: { limit: SIGNUP_LIMIT, windowSeconds: SIGNUP_WINDOW_SECONDS },
};

/** The service's and the throttle's clock; each test sets it before its first request. */
let now = Date.now();
const clock = { now: () => new Date(now) };

const RUN = randomBytes(4).toString('hex');
let addresses = 0;
/** A documentation address (RFC 3849) no other test or run uses. */
function freshAddress(): string {
  addresses += 1;
  return `2001:db8::${RUN.slice(0, 4)}:${RUN.slice(4)}:${process.pid % 0xffff}:${addresses}`;
}

const name = () => uniqueName(`rl${RUN}`);

function signUpFrom(origin: string, address: string, username = name()): Promise<Answer> {
  return call(origin, 'POST', 'signup/', {
    json: { username, password: PASSWORD },
    headers: { 'x-forwarded-for': address },
  });
}

function logIn(origin: string, username: string, password: string, address = freshAddress()) {
  return call(origin, 'POST', 'token/', {
    json: { username, password },
    headers: { 'x-forwarded-for': address },
  });
}

async function rows(context: HttpContext, table: string): Promise<number> {
  const { db } = context.opened.database;
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const hashes = (context: HttpContext) => context.hasher.calls.hash + context.hasher.calls.verify;

/** Fail `LOGIN_LIMIT` times, each from another address: the account's count is what fills. */
async function failUpToTheLimit(origin: string, username: string): Promise<void> {
  for (let attempt = 0; attempt < LOGIN_LIMIT; attempt += 1) {
    expectError(await logIn(origin, username, 'not the password!'), 401, 'INVALID_CREDENTIALS');
  }
}

function expectThrottled(answer: Answer, retryAfterSeconds: number): void {
  expectError(answer, 429, 'TOO_MANY_REQUESTS');
  expect(answer.headers.get('retry-after')).toBe(String(retryAfterSeconds));
}

interface StoreCase {
  readonly store: 'database' | 'redis';
  readonly env: Readonly<Record<string, string>>;
  readonly notice: RegExp;
  /** The example's database: SQLite unless a server database is named. */
  readonly backend?: string;
  readonly databaseUrl?: (dir: string, example: ExampleName) => Promise<string>;
}

const DATABASE: Omit<StoreCase, 'backend'> = {
  store: 'database',
  env: { RATE_LIMIT: 'on' },
  notice: /^rate limits: table /,
};

const STORES: StoreCase[] = [DATABASE];
for (const { backend, url, fresh } of SERVER_DATABASES) {
  if (url === undefined) continue;
  STORES.push({
    ...DATABASE,
    backend,
    databaseUrl: (_dir, example) => fresh(url, `accountkit_http_rl_${example}`),
  });
}
if (REDIS_URL === undefined) {
  describe.skip('rate limits in Redis (ACCOUNTKIT_TEST_REDIS_URL is not set)', () => {
    it('is left out', () => {});
  });
} else {
  STORES.push({
    store: 'redis',
    env: { RATE_LIMIT: 'on', REDIS_URL },
    notice: /^rate limits: Redis /,
  });
}

for (const { store, env, notice, backend, databaseUrl } of STORES) {
  describeExamples(
    `rate limits in the ${store}`,
    (context) => {
      it(`counts in the ${store}, as the start-up notice says`, async () => {
        const { origin, opened } = context();
        expect(opened.notices.some((line) => notice.test(line))).toBe(true);
        now = Date.now();
        const before = await rows(context(), 'accountkit_rate_limit');
        await logIn(origin, name(), 'not the password!');
        // Per account and per address: two windows, in the table or none there.
        expect(await rows(context(), 'accountkit_rate_limit')).toBe(
          before + (store === 'database' ? 2 : 0),
        );
      });

      it('H-11 the failed login past the limit is 429 with Retry-After, with no hash and no row', async () => {
        const { origin } = context();
        now = Date.now();
        const username = name();
        expect((await signUpFrom(origin, freshAddress(), username)).status).toBe(201);
        await failUpToTheLimit(origin, username);

        const [hashesBefore, tokensBefore] = [
          hashes(context()),
          await rows(context(), 'accountkit_refresh_token'),
        ];
        expectThrottled(await logIn(origin, username, 'not the password!'), LOGIN_WINDOW_SECONDS);
        // The right password does not get through either: guessing it is what is limited.
        expectThrottled(await logIn(origin, username, PASSWORD), LOGIN_WINDOW_SECONDS);
        expect(hashes(context())).toBe(hashesBefore);
        expect(await rows(context(), 'accountkit_refresh_token')).toBe(tokensBefore);
      });

      it('H-11 a throttled unknown account gets the same answer as a throttled real one', async () => {
        const { origin } = context();
        now = Date.now();
        const real = name();
        expect((await signUpFrom(origin, freshAddress(), real)).status).toBe(201);
        const unknown = name();
        await failUpToTheLimit(origin, real);
        await failUpToTheLimit(origin, unknown);
        const answers = [
          await logIn(origin, real, 'not the password!'),
          await logIn(origin, unknown, 'not the password!'),
        ];
        for (const answer of answers) expectThrottled(answer, LOGIN_WINDOW_SECONDS);
        const [first, second] = answers.map((answer) => ({
          status: answer.status,
          retryAfter: answer.headers.get('retry-after'),
          text: answer.text,
        }));
        expect(second).toEqual(first);
      });

      it('refuses until the window ends, to the second, and no longer (no lock-out)', async () => {
        const { origin } = context();
        const start = Date.now();
        now = start;
        const username = name();
        expect((await signUpFrom(origin, freshAddress(), username)).status).toBe(201);
        await failUpToTheLimit(origin, username);
        now = start + 1_500;
        expectThrottled(await logIn(origin, username, PASSWORD), LOGIN_WINDOW_SECONDS - 1);
        now = start + LOGIN_WINDOW_SECONDS * 1000 - 500;
        expectThrottled(await logIn(origin, username, PASSWORD), 1);
        now = start + LOGIN_WINDOW_SECONDS * 1000;
        expect((await logIn(origin, username, PASSWORD)).status).toBe(200);
      });

      it('a successful login starts the account afresh', async () => {
        const { origin } = context();
        now = Date.now();
        const username = name();
        expect((await signUpFrom(origin, freshAddress(), username)).status).toBe(201);
        await failUpToTheLimit(origin, username);
        now += LOGIN_WINDOW_SECONDS * 1000;
        expect((await logIn(origin, username, 'not the password!')).status).toBe(401);
        expect((await logIn(origin, username, PASSWORD)).status).toBe(200);
        // Without the reset this window would already hold two of its three attempts.
        await failUpToTheLimit(origin, username);
        expectThrottled(await logIn(origin, username, PASSWORD), LOGIN_WINDOW_SECONDS);
      });

      it('counts only failed logins against an address: 1,000 successes pass, the 101st failure is 429', async () => {
        const { origin } = context();
        now = Date.now();
        const office = freshAddress();
        const people = [name(), name(), name()];
        for (const person of people) {
          expect((await signUpFrom(origin, freshAddress(), person)).status).toBe(201);
        }
        const statuses = new Map<number, number>();
        for (let login = 0; login < 1_000; login += 1) {
          const answer = await logIn(
            origin,
            people[login % people.length] as string,
            PASSWORD,
            office,
          );
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        }
        expect(Object.fromEntries(statuses)).toEqual({ 200: 1_000 });
        // A fresh name each time, so only the address's count fills.
        for (let failure = 0; failure < 100; failure += 1) {
          expectError(
            await logIn(origin, name(), 'not the password!', office),
            401,
            'INVALID_CREDENTIALS',
          );
        }
        expectThrottled(await logIn(origin, name(), 'not the password!', office), 15 * 60);
        expectThrottled(await logIn(origin, people[0] as string, PASSWORD, office), 15 * 60);
      });

      it('limits sign-ups per client address: 429 with Retry-After, no hash, no user written', async () => {
        const { origin } = context();
        now = Date.now();
        const address = freshAddress();
        for (let attempt = 0; attempt < SIGNUP_LIMIT; attempt += 1) {
          expect((await signUpFrom(origin, address)).status).toBe(201);
        }
        const [hashesBefore, usersBefore] = [
          hashes(context()),
          await rows(context(), 'accountkit_user'),
        ];
        expectThrottled(await signUpFrom(origin, address), SIGNUP_WINDOW_SECONDS);
        expect(hashes(context())).toBe(hashesBefore);
        expect(await rows(context(), 'accountkit_user')).toBe(usersBefore);
        // Another address is counted on its own.
        expect((await signUpFrom(origin, freshAddress())).status).toBe(201);
      });
    },
    {
      env,
      throttleRules: RULES,
      accounts: { clock },
      api: { trustProxy: 'loopback' },
      ...(backend && databaseUrl ? { backend, databaseUrl } : {}),
    },
  );
}

describeExamples(
  'rate limits off (RATE_LIMIT=off)',
  (context) => {
    it('says so at start-up and lets every attempt reach the password check', async () => {
      const { origin, opened } = context();
      expect(opened.notices).toContain('rate limits: off');
      now = Date.now();
      const username = name();
      expect((await signUpFrom(origin, freshAddress(), username)).status).toBe(201);
      for (let attempt = 0; attempt <= LOGIN_LIMIT + 1; attempt += 1) {
        expectError(await logIn(origin, username, 'not the password!'), 401, 'INVALID_CREDENTIALS');
      }
    });
  },
  {
    env: { RATE_LIMIT: 'off' },
    throttleRules: RULES,
    accounts: { clock },
    api: { trustProxy: 'loopback' },
  },
);

describe("the examples' rate-limit settings", () => {
  const silent = { warn: () => {} };

  it('RATE_LIMIT on (default) counts in the database, or in Redis with REDIS_URL; off is off', () => {
    const setting = (env: NodeJS.ProcessEnv) => readServerConfig(env).rateLimit;
    expect(setting({})).toEqual({ store: 'database' });
    expect(setting({ RATE_LIMIT: 'on', REDIS_URL: 'redis://h:6379' })).toEqual({
      store: 'redis',
      url: 'redis://h:6379',
    });
    expect(setting({ RATE_LIMIT: 'off', REDIS_URL: 'redis://h:6379' })).toEqual({
      store: 'off',
    });
    expect(() => setting({ RATE_LIMIT: 'false' })).toThrow(
      'Invalid configuration: RATE_LIMIT: expected "on", "off"',
    );
  });

  it('does not start when Redis cannot be reached', async () => {
    const database = { db: undefined as never, kind: 'sqlite' as const };
    await expect(
      openThrottle({ store: 'redis', url: 'redis://127.0.0.1:1' }, database, { logger: silent }),
    ).rejects.toThrow('REDIS_URL: cannot connect');
  });

  it('prunes windows over a day old from the table at start-up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accountkit-rl-'));
    const database = await openDatabase(parseDatabaseUrl(join(dir, 'accounts.sqlite3')));
    try {
      const at = Date.parse('2026-03-01T12:00:00Z');
      const day = 24 * 60 * 60 * 1000;
      await database.db
        .insertInto('accountkit_rate_limit')
        .values([
          { key: 'ended', window_start: at - day - 1, count: 3 },
          { key: 'recent', window_start: at - day + 1, count: 3 },
        ])
        .execute();
      const limits = await openThrottle(
        { store: 'database' },
        { db: database.db, kind: 'sqlite' },
        { logger: silent, clock: { now: () => new Date(at) } },
      );
      await limits.close();
      const keys = await database.db.selectFrom('accountkit_rate_limit').select('key').execute();
      expect(keys).toEqual([{ key: 'recent' }]);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
