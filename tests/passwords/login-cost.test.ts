import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createArgon2Hasher, createPasswordHashing } from '../../src/passwords/index.js';
import { countFullCost } from './support/counting-hasher.js';
import { countPbkdf2Iterations } from './support/pbkdf2-iterations.js';

const PBKDF2_260K =
  'pbkdf2_sha256$260000$Q2xhc3NpY1NhbHQyMDI0xx$HLENJqFP8H8gTFMgLavVcytrB5YXspmbHB2OJpZq5lE=';
const PBKDF2_1K =
  'pbkdf2_sha256$1000$Q2xhc3NpY1NhbHQyMDI0xx$hzp3InCQir2IEi1gzdXrVYR1rEEplajvPAHHR7n+Uh4=';
const BCRYPT_SHA256_4 =
  'bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuu4wrZl0ZrSVZKVhu1C2IWiJgHVpgyD3W';
const MD5_SALTED = 'md5$saltsalt$aecf235de5adec815a9b214c2d947e39';
const MIB = 1024 * 1024;

describe('B-03 every failed verify costs at most one hash (Argon2id preferred, real parameters)', () => {
  // The preferred hasher at its production cost, wrapped to count full-cost work.
  const counted = countFullCost(createArgon2Hasher());
  const passwords = createPasswordHashing({ preferred: counted.hasher });

  async function costOf(run: () => Promise<unknown>) {
    counted.events.length = 0;
    await run();
    return [...counted.events];
  }

  it('B-03 (a) existing user, wrong password: one verify at full cost', async () => {
    const stored = await passwords.hash('correct horse battery staple');
    expect(await costOf(() => passwords.verify('wrong horse', stored))).toEqual([
      { kind: 'verify', inputLength: 11 },
    ]);
  });

  it('B-03 (b) unknown user: burn is one hash', async () => {
    expect(await costOf(() => passwords.burn('whatever'))).toEqual([
      { kind: 'hash', inputLength: 8 },
    ]);
  });

  it.each([
    ['B-03 (c) unusable password "!" + 40 chars', `!${'x'.repeat(40)}`],
    ['B-03 (e) garbage$$', 'garbage$$'],
    ['B-03 unknown format', 'unknownalgo$1$2$3'],
    ['B-03 (f) a hasher that is not enabled (legacy md5)', MD5_SALTED],
    ['B-03 empty stored value', ''],
  ])(
    '%s: nothing to verify, so invalid after exactly one full-cost hash',
    async (_name, stored) => {
      let result: unknown;
      const events = await costOf(async () => {
        result = await passwords.verify('correct-horse-1', stored);
      });
      expect(result).toEqual({ valid: false, needsRehash: false });
      expect(events).toEqual([{ kind: 'hash', inputLength: 15 }]);
    },
  );

  it('B-03 a malformed value of an enabled format fails while being parsed: no hash at all, the failure floor covers the time', async () => {
    const stored = 'argon2$argon2id$v=19$m=19456,t=2,p=1$broken';
    expect(await costOf(() => passwords.verify('correct-horse-1', stored))).toEqual([]);
  });

  it('B-04 a cheaper stored hash (PBKDF2 1,000 / bcrypt cost 4 / weaker Argon2) and a wrong password: its own verify only, no extra hash', async () => {
    const weak = createArgon2Hasher({ memoryKiB: 64, iterations: 1, parallelism: 1 });
    for (const stored of [PBKDF2_1K, BCRYPT_SHA256_4, await weak.hash('correct-horse-1')]) {
      const events = await costOf(() => passwords.verify('wrong password', stored));
      expect(events, stored).toEqual([]);
    }
  });

  it('B-06 a 1 MiB password at login: invalid after one hash of bounded input, never of the input', async () => {
    const stored = await passwords.hash('correct horse battery staple');
    const huge = 'a'.repeat(MIB);
    let result: unknown;
    const events = await costOf(async () => {
      result = await passwords.verify(huge, stored);
    });
    expect(result).toEqual({ valid: false, needsRehash: false });
    expect(events).toHaveLength(1);
    expect(events[0]?.inputLength).toBeLessThan(4_096);
    const burnEvents = await costOf(() => passwords.burn(huge));
    expect(burnEvents[0]?.inputLength).toBeLessThan(4_096);
  });

  it('B-06 a password over 4,096 bytes never verifies, even against its own hash’s prefix format', async () => {
    // 4,097 bytes: one byte over, made of a four-byte character and ASCII.
    const over = `${'😀'.repeat(1_024)}a`;
    const stored = await passwords.hash('😀'.repeat(1_024));
    expect(await passwords.verify(over, stored)).toEqual({ valid: false, needsRehash: false });
  });

  it('a successful login costs one verify and asks for no re-hash', async () => {
    const stored = await passwords.hash('correct horse battery staple');
    let result: unknown;
    const events = await costOf(async () => {
      result = await passwords.verify('correct horse battery staple', stored);
    });
    expect(result).toEqual({ valid: true, needsRehash: false });
    expect(events).toEqual([{ kind: 'verify', inputLength: 28 }]);
  });

  it('non-string input (a JSON null slipped through) is invalid after one hash, never a throw', async () => {
    const stored = await passwords.hash('correct horse battery staple');
    const verify = passwords.verify as (password: unknown, encoded: unknown) => Promise<unknown>;
    for (const [password, encoded] of [
      [null, stored],
      ['correct horse battery staple', null],
    ]) {
      const events = await costOf(async () => {
        expect(await verify(password, encoded)).toEqual({ valid: false, needsRehash: false });
      });
      expect(events).toHaveLength(1);
    }
  });
});

describe('B-04 one hash per failure with PBKDF2-SHA256 preferred (600,000 iterations)', () => {
  const passwords = createPasswordHashing({ preferred: 'pbkdf2_sha256' });

  it.each([
    ['260,000 (Django 3.2)', PBKDF2_260K, 260_000],
    ['1,000', PBKDF2_1K, 1_000],
  ])(
    'B-04 stored at %s + wrong password: the stored count is run, and nothing more',
    async (_label, stored, count) => {
      let result: unknown;
      const iterations = await countPbkdf2Iterations(async () => {
        result = await passwords.verify('wrong password', stored);
      });
      expect(result).toEqual({ valid: false, needsRehash: false });
      expect(iterations).toBe(count);
    },
  );

  it('B-04 unknown formats and unusable values cost one preferred hash: exactly 600,000', async () => {
    for (const stored of ['garbage$$', `!${'x'.repeat(40)}`]) {
      expect(await countPbkdf2Iterations(() => passwords.verify('pw', stored))).toBe(600_000);
    }
    expect(await countPbkdf2Iterations(() => passwords.burn('pw'))).toBe(600_000);
    expect(
      await countPbkdf2Iterations(() =>
        passwords.verify('pw', 'pbkdf2_sha256$notanumber$salt$hash'),
      ),
    ).toBe(0);
  });

  it('B-04 a valid login against 260,000 runs only those and asks for a re-hash', async () => {
    let result: unknown;
    const iterations = await countPbkdf2Iterations(async () => {
      result = await passwords.verify('correct-horse-1', PBKDF2_260K);
    });
    expect(result).toEqual({ valid: true, needsRehash: true });
    expect(iterations).toBe(260_000);
  });

  it('B-02 a weak salt at the current count (iodizedsalt) verifies, needs a re-hash, and a wrong password costs 600,000', async () => {
    const hash = pbkdf2Sync('lètmein', 'iodizedsalt', 600_000, 32, 'sha256').toString('base64');
    const stored = `pbkdf2_sha256$600000$iodizedsalt$${hash}`;
    expect(await passwords.verify('lètmein', stored)).toEqual({ valid: true, needsRehash: true });
    expect(await countPbkdf2Iterations(() => passwords.verify('lètmeinz', stored))).toBe(600_000);
  });

  it('B-01 Django’s own PBKDF2 vector: lètmein logs in, lètmeinz and "lètmein " do not', async () => {
    const stored = 'pbkdf2_sha256$600000$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=';
    const [right, wrong, spaced] = await Promise.all(
      ['lètmein', 'lètmeinz', 'lètmein '].map((password) => passwords.verify(password, stored)),
    );
    // seasalt is 7 characters, under 128 bits: upgrade on login as Django's must_update says.
    expect(right).toEqual({ valid: true, needsRehash: true });
    expect([wrong?.valid, spaced?.valid]).toEqual([false, false]);
  });
});
