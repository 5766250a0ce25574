import { pbkdf2Sync } from 'node:crypto';
import { expect, it } from 'vitest';
import { StorageError } from '../../src/errors/errors.js';
import { createArgon2Hasher } from '../../src/passwords/argon2-hasher.js';
import { countPbkdf2Iterations } from '../passwords/support/pbkdf2-iterations.js';
import {
  countingHasher,
  countingStorage,
  describeEachBackend,
  interceptStorage,
  PASSWORD,
} from './setup.js';
import { insertUser } from './support/login-service.js';

/** Django's PBKDF2-SHA256 encoding, computed here so any salt and count can be stored. */
function djangoPbkdf2(password: string, salt: string, iterations: number): string {
  const hash = pbkdf2Sync(password, salt, iterations, 32, 'sha256').toString('base64');
  return `pbkdf2_sha256$${iterations}$${salt}$${hash}`;
}

const OLD_HASH = djangoPbkdf2(PASSWORD, 'seasaltseasaltseasalt1', 1_000);

describeEachBackend('login', 'login', (fixture) => {
  it('logs in with a pair in a new family; the access token authenticates', async () => {
    const { accounts, harness } = fixture();
    const { user } = await accounts.register({ username: 'alice', password: PASSWORD });
    const pair = await accounts.login({ username: 'ALICE', password: PASSWORD });
    expect(await accounts.authenticate(pair.access)).toMatchObject({ userId: user.id });
    const families = new Set(
      (await harness.dump()).refreshTokens.map((row) =>
        'familyId' in row ? row.familyId : row.family_id,
      ),
    );
    expect(families.size).toBe(2);
  });

  it('B-02 a valid login upgrades an old PBKDF2 hash (also a weak-salt one) to the preferred format', async () => {
    const { accounts, storage, hasher } = fixture();
    const alice = await insertUser(storage, 'alice', OLD_HASH);
    const weak = await insertUser(storage, 'bob', djangoPbkdf2(PASSWORD, 'iodizedsalt', 600_000));
    for (const user of [alice, weak]) {
      await accounts.login({ username: user.username, password: PASSWORD });
      const stored = (await storage.users.findById(user.id))!.passwordHash;
      expect(stored).toMatch(/^argon2\$argon2id\$v=19\$m=256,t=1,p=1\$[A-Za-z0-9+/]{29,}\$/);
      expect(await hasher.verify(PASSWORD, stored)).toBe(true);
    }
    // The upgraded hash logs in again and is left as it is.
    const upgraded = (await storage.users.findById(alice.id))!.passwordHash;
    await accounts.login({ username: 'alice', password: PASSWORD });
    expect((await storage.users.findById(alice.id))!.passwordHash).toBe(upgraded);
  });

  it('B-02 a failed login leaves the stored hash byte-identical', async () => {
    const { accounts, storage, harness } = fixture();
    await insertUser(storage, 'alice', OLD_HASH);
    const before = await harness.dump();
    await expect(
      accounts.login({ username: 'alice', password: `${PASSWORD} ` }),
    ).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(await harness.dump()).toEqual(before);
  });

  it('B-02 the upgrade is a compare-and-swap: a password changed meanwhile wins', async () => {
    const { build, storage } = fixture();
    const alice = await insertUser(storage, 'alice', OLD_HASH);
    const changed =
      'argon2$argon2id$v=19$m=256,t=1,p=1$changedchangedchanged1$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const racing = interceptStorage(storage, {
      users: {
        async update(id, patch, conditions) {
          // A password change commits between the login's verify and its upgrade write.
          await storage.users.update(id, { passwordHash: changed });
          return storage.users.update(id, patch, conditions);
        },
      },
    });
    const accounts = await build({ storage: racing });
    await accounts.login({ username: 'alice', password: PASSWORD });
    expect((await storage.users.findById(alice.id))!.passwordHash).toBe(changed);
  });

  it('G-12 (decision) the upgrade write failing still logs in, keeps the old hash and logs no secret', async () => {
    const { build, storage, logger } = fixture();
    const alice = await insertUser(storage, 'alice', OLD_HASH);
    const failing = interceptStorage(storage, {
      users: {
        update: async () => {
          throw new StorageError('STORAGE_UNAVAILABLE', `UPDATE ... password = '${OLD_HASH}'`);
        },
      },
    });
    const accounts = await build({ storage: failing });
    const pair = await accounts.login({ username: 'alice', password: PASSWORD });
    expect(await accounts.authenticate(pair.access)).toMatchObject({ userId: alice.id });
    expect((await storage.users.findById(alice.id))!.passwordHash).toBe(OLD_HASH);
    expect(logger.lines).toEqual([
      `password hash upgrade failed; kept the old hash {"userId":${alice.id},"code":"STORAGE_UNAVAILABLE"}`,
    ]);
  });

  it('A-14 an inactive user with the right password gets the same error as a wrong password, and no token', async () => {
    const { accounts, storage, harness } = fixture();
    await insertUser(storage, 'sleeper', OLD_HASH, false);
    await insertUser(storage, 'alice', OLD_HASH);
    const before = await harness.dump();
    const inactive = await accounts
      .login({ username: 'sleeper', password: PASSWORD })
      .catch((e: unknown) => e);
    const wrong = await accounts
      .login({ username: 'alice', password: 'wrong password!' })
      .catch((e: unknown) => e);
    expect(inactive).toMatchObject({ name: 'AuthenticationError', code: 'INVALID_CREDENTIALS' });
    expect([(inactive as Error).message, (inactive as Error).name]).toEqual([
      (wrong as Error).message,
      (wrong as Error).name,
    ]);
    expect(await harness.dump()).toEqual(before);
  });

  it('B-03 every credential failure computes one hash and reads the same: the stored value’s verify, or one preferred hash when there is nothing to verify', async () => {
    const { build, storage } = fixture();
    const hasher = countingHasher(createArgon2Hasher()); // preferred parameters: cost is the point
    const accounts = await build({ passwords: { preferred: hasher } });
    const real = await hasher.hash(PASSWORD);
    await insertUser(storage, 'alice', real);
    await insertUser(storage, 'unusable', `!${'x'.repeat(40)}`);
    await insertUser(storage, 'sleeper', real, false);
    await insertUser(storage, 'garbage', 'garbage$$');
    await insertUser(storage, 'disabled', 'md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3');
    await insertUser(storage, 'cheaper', djangoPbkdf2(PASSWORD, 'seasaltseasaltseasalt1', 1_000));
    const attempts = [
      ['alice', 'wrong password!'],
      ['nobody', PASSWORD],
      ['unusable', PASSWORD],
      ['sleeper', PASSWORD],
      ['garbage', PASSWORD],
      ['disabled', 'lètmein'],
      ['cheaper', 'wrong password!'],
    ] as const;
    const messages = new Set<string>();
    const work: Record<string, { preferred: number; pbkdf2Iterations: number }> = {};
    for (const [username, password] of attempts) {
      hasher.calls.hash = 0;
      hasher.calls.verify = 0;
      let error: unknown;
      const pbkdf2Iterations = await countPbkdf2Iterations(async () => {
        error = await accounts.login({ username, password }).catch((e: unknown) => e);
      });
      expect(error, username).toMatchObject({ code: 'INVALID_CREDENTIALS' });
      messages.add(JSON.stringify([(error as Error).name, (error as Error).message]));
      work[username] = { preferred: hasher.calls.hash + hasher.calls.verify, pbkdf2Iterations };
    }
    const preferredHash = { preferred: 1, pbkdf2Iterations: 0 };
    expect(work).toEqual({
      alice: preferredHash,
      nobody: preferredHash,
      unusable: preferredHash,
      sleeper: preferredHash,
      garbage: preferredHash,
      disabled: preferredHash,
      cheaper: { preferred: 0, pbkdf2Iterations: 1_000 },
    });
    expect(messages.size).toBe(1);
  });

  it('with acceptTrimmed, a password typed with the whitespace DRF trimmed away logs in', async () => {
    const { build, storage } = fixture();
    const accounts = await build({ passwords: { acceptTrimmed: true } });
    // What Django wrote for a user who signed up typing the same password with a space.
    await insertUser(storage, 'alice', OLD_HASH);
    await expect(accounts.login({ username: 'alice', password: ` ${PASSWORD} ` })).resolves.toEqual(
      {
        refresh: expect.any(String),
        access: expect.any(String),
      },
    );
  });

  it('with acceptTrimmed, the upgraded hash is of the trimmed password, so both forms keep working', async () => {
    const { build, storage } = fixture();
    const accounts = await build({ passwords: { acceptTrimmed: true } });
    const { id } = await insertUser(storage, 'alice', OLD_HASH);
    await accounts.login({ username: 'alice', password: `${PASSWORD}\n` });
    expect((await storage.users.findById(id))?.passwordHash).toMatch(/^argon2\$argon2id\$/);
    await expect(accounts.login({ username: 'alice', password: PASSWORD })).resolves.toBeTruthy();
    await expect(
      accounts.login({ username: 'alice', password: ` ${PASSWORD}` }),
    ).resolves.toBeTruthy();
  });

  it('without acceptTrimmed, passwords are taken exactly as sent', async () => {
    const { accounts, storage } = fixture();
    await insertUser(storage, 'alice', OLD_HASH);
    await expect(
      accounts.login({ username: 'alice', password: ` ${PASSWORD} ` }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('B-03 with acceptTrimmed, every failure of a padded password costs exactly two hashes', async () => {
    const { build, storage } = fixture();
    const hasher = countingHasher(
      createArgon2Hasher({ memoryKiB: 256, iterations: 1, parallelism: 1 }),
    );
    const accounts = await build({ passwords: { preferred: hasher, acceptTrimmed: true } });
    const padded = ` ${PASSWORD}`;
    await insertUser(storage, 'alice', await hasher.hash(PASSWORD));
    await insertUser(storage, 'sleeper', await hasher.hash(PASSWORD), false);
    await insertUser(storage, 'napper', await hasher.hash(padded), false);
    const attempts = [
      ['alice', ' wrong password!'],
      ['nobody', padded],
      ['sleeper', padded],
      ['napper', padded],
    ] as const;
    const costs: Record<string, number> = {};
    for (const [username, password] of attempts) {
      hasher.calls.hash = 0;
      hasher.calls.verify = 0;
      await expect(accounts.login({ username, password })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
      costs[username] = hasher.calls.hash + hasher.calls.verify;
    }
    expect(costs).toEqual({ alice: 2, nobody: 2, sleeper: 2, napper: 2 });
  });

  it('B-05 missing or blank username/password: VALIDATION_FAILED with zero queries and zero hashes', async () => {
    const { build, storage, hasher } = fixture();
    const counted = countingStorage(storage);
    const accounts = await build({ storage: counted });
    const bodies = [
      {},
      { username: 'alice' },
      { password: PASSWORD },
      { username: '', password: '' },
    ];
    for (const body of bodies) {
      await expect(accounts.login(body as never)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
    await expect(accounts.login({} as never)).rejects.toMatchObject({
      issues: [
        { path: ['username'], code: 'REQUIRED' },
        { path: ['password'], code: 'REQUIRED' },
      ],
    });
    expect(counted.calls).toEqual([]);
    expect(hasher.calls).toEqual({ hash: 0, verify: 0 });
  });

  it('B-06 a 1 MiB password fails after one bounded hash; the full input is never hashed', async () => {
    const { accounts, hasher } = fixture();
    await accounts.register({ username: 'alice', password: PASSWORD });
    hasher.calls.hash = 0;
    hasher.calls.verify = 0;
    await expect(
      accounts.login({ username: 'alice', password: 'x'.repeat(1024 * 1024) }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(hasher.calls.hash + hasher.calls.verify).toBe(1);
    expect(hasher.longest()).toBeLessThanOrEqual(4096);
  });

  it('G-13 a failing user lookup is STORAGE_UNAVAILABLE, never INVALID_CREDENTIALS', async () => {
    const { build, storage } = fixture();
    const down = interceptStorage(storage, {
      users: {
        findByUsernameKey: async () => {
          throw new StorageError('STORAGE_UNAVAILABLE', 'Storage is unavailable.');
        },
      },
    });
    const accounts = await build({ storage: down });
    await expect(accounts.login({ username: 'alice', password: PASSWORD })).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
    });
  });
});
