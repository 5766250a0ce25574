import { describe, expect, it } from 'vitest';
import { ConfigurationError, ValidationError } from '../../src/errors/index.js';
import {
  createArgon2Hasher,
  createPasswordHashing,
  type PasswordHashingOptions,
} from '../../src/passwords/index.js';
import { constantRandom, sequenceRandom } from '../support/sequence-random.js';

const DJANGO_ARGON2 =
  /^argon2\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]{30})\$([A-Za-z0-9+/]{43})$/;
const cheap = () => createArgon2Hasher({ memoryKiB: 64, iterations: 1, parallelism: 1 });

describe('B-01 Django hasher-test vectors (legacy enabled for md5, sha1, unsalted MD5)', () => {
  const passwords = createPasswordHashing({ preferred: cheap(), legacy: true });

  it.each([
    'pbkdf2_sha256$600000$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=',
    'scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==',
    'md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3',
    'sha1$seasalt$cff36ea83f5706ce9aa7454e63e431fc726b2dc8',
    '88a434c88cca4e900f7874cd98123f43',
  ])(
    'B-01 %s: lètmein logs in and must be upgraded; lètmeinz and "lètmein " fail',
    async (stored) => {
      const [right, wrong, spaced] = await Promise.all(
        ['lètmein', 'lètmeinz', 'lètmein '].map((password) => passwords.verify(password, stored)),
      );
      expect(right).toEqual({ valid: true, needsRehash: true });
      expect(wrong).toEqual({ valid: false, needsRehash: false });
      expect(spaced).toEqual({ valid: false, needsRehash: false });
    },
  );
});

describe('B-02 upgrade on login (the storage compare-and-swap is the services’ part)', () => {
  const passwords = createPasswordHashing();

  it('B-02 a Django 3.2 PBKDF2 user logs in, is flagged, and the new value is Argon2id in Django’s encoding', async () => {
    const stored =
      'pbkdf2_sha256$260000$Q2xhc3NpY1NhbHQyMDI0xx$HLENJqFP8H8gTFMgLavVcytrB5YXspmbHB2OJpZq5lE=';
    expect(await passwords.verify('correct-horse-1', stored)).toEqual({
      valid: true,
      needsRehash: true,
    });
    const upgraded = await passwords.hash('correct-horse-1');
    const [, salt] = DJANGO_ARGON2.exec(upgraded) ?? [];
    // The salt field is 22 of Django's letters and digits (131 bits), base64 encoded.
    expect(Buffer.from(salt as string, 'base64').toString('latin1')).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(await passwords.verify('correct-horse-1', upgraded)).toEqual({
      valid: true,
      needsRehash: false,
    });
  });

  it('B-02 a failed login never asks for a write', async () => {
    const stored =
      'pbkdf2_sha256$260000$Q2xhc3NpY1NhbHQyMDI0xx$HLENJqFP8H8gTFMgLavVcytrB5YXspmbHB2OJpZq5lE=';
    expect(await passwords.verify('correct-horse-2', stored)).toEqual({
      valid: false,
      needsRehash: false,
    });
  });

  it('B-02 raising the Argon2 cost flags values written with the old cost', async () => {
    const stronger = createPasswordHashing({ argon2: { memoryKiB: 47_104, iterations: 1 } });
    const old = await passwords.hash('correct horse battery staple');
    expect(await stronger.verify('correct horse battery staple', old)).toEqual({
      valid: true,
      needsRehash: true,
    });
  });
});

describe('B-12 passwords are verified exactly as received', () => {
  const passwords = createPasswordHashing({ preferred: cheap() });

  it('B-12 NFC vs NFD, a trailing space and upper case do not verify', async () => {
    const nfc = 'caf\u00e9 au lait';
    const stored = await passwords.hash(nfc);
    for (const variant of [nfc.normalize('NFD'), `${nfc} `, nfc.toUpperCase()]) {
      expect(variant).not.toBe(nfc);
      expect((await passwords.verify(variant, stored)).valid).toBe(false);
    }
    expect((await passwords.verify(nfc, stored)).valid).toBe(true);
  });

  it('B-12 a Django hash of an NFC password rejects the NFD spelling', async () => {
    const stored =
      'pbkdf2_sha256$260000$Q2xhc3NpY1NhbHQyMDI0xx$yOX0hyaRL0I+k/OhiJmY/DDDxDTGKMBgQhRa4KXsPPE=';
    expect((await passwords.verify('pässwörd ünïcode', stored)).valid).toBe(true);
    expect((await passwords.verify('pässwörd ünïcode'.normalize('NFD'), stored)).valid).toBe(false);
  });
});

describe('B-13 the same password twice gives different values', () => {
  it('B-13 salts differ and carry at least 128 bits', async () => {
    const passwords = createPasswordHashing();
    const [first, second] = await Promise.all([
      passwords.hash('correct horse battery staple'),
      passwords.hash('correct horse battery staple'),
    ]);
    expect(first).not.toBe(second);
    const salts = [first, second].map((value) => DJANGO_ARGON2.exec(value)?.[1]);
    expect(new Set(salts).size).toBe(2);
    // 22 symbols of a 62-letter alphabet: 22 × log2(62) ≈ 131 bits.
    expect(22 * Math.log2(62)).toBeGreaterThanOrEqual(128);
  });

  it('salts come from the injected RandomSource', async () => {
    const passwords = createPasswordHashing({
      preferred: createArgon2Hasher({ memoryKiB: 64, iterations: 1, random: sequenceRandom() }),
    });
    expect(await passwords.hash('x')).toMatch(/^argon2\$argon2id\$v=19\$m=64,t=1,p=1\$/);
  });

  it('a broken RandomSource fails loudly instead of hanging', async () => {
    const hasher = createArgon2Hasher({ random: constantRandom(255) });
    await expect(hasher.hash('x')).rejects.toThrow(/RandomSource/);
  });
});

describe('B-06 length bound on new hashes', () => {
  const passwords = createPasswordHashing({ preferred: cheap() });

  it('B-06 4,096 bytes hash and verify; 4,097 bytes throw PASSWORD_TOO_LONG', async () => {
    const max = '😀'.repeat(1_024);
    expect(Buffer.byteLength(max)).toBe(4_096);
    expect((await passwords.verify(max, await passwords.hash(max))).valid).toBe(true);
    const error = await passwords.hash(`${max}a`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['password'], code: 'PASSWORD_TOO_LONG' }],
    });
  });
});

describe('options are validated once, at construction', () => {
  it.each<[string, PasswordHashingOptions]>([
    ['Argon2 memory below 7 MiB', { argon2: { memoryKiB: 4_096, iterations: 10 } }],
    ['Argon2 19 MiB with one pass', { argon2: { iterations: 1 } }],
    ['Argon2 zero lanes', { argon2: { parallelism: 0 } }],
    ['Argon2 fractional memory', { argon2: { memoryKiB: 19_456.5 } }],
    ['PBKDF2 under 600,000', { preferred: 'pbkdf2_sha256', pbkdf2Iterations: 599_999 }],
    ['PBKDF2 count without PBKDF2', { pbkdf2Iterations: 1_000_000 }],
    [
      'Argon2 cost with PBKDF2 preferred',
      { preferred: 'pbkdf2_sha256', argon2: { memoryKiB: 65_536 } },
    ],
    ['a verify-only format as preferred', { preferred: 'bcrypt' as 'argon2' }],
    ['crypt as preferred', { preferred: 'crypt' as 'argon2' }],
    ['an unknown legacy name', { legacy: ['rot13' as 'md5'] }],
    [
      'a hasher object without needsRehash',
      { preferred: { algorithm: 'x', hash: async () => '', verify: async () => false } as never },
    ],
    ['a RandomSource without bytes', { random: {} as never }],
  ])('%s → ConfigurationError CONFIGURATION_ERROR', (_name, options) => {
    expect(() => createPasswordHashing(options)).toThrow(ConfigurationError);
    expect(() => createPasswordHashing(options)).toThrow(
      expect.objectContaining({ code: 'CONFIGURATION_ERROR' }),
    );
  });

  it.each([
    [{ memoryKiB: 47_104, iterations: 1 }],
    [{ memoryKiB: 19_456, iterations: 2 }],
    [{ memoryKiB: 12_288, iterations: 3 }],
    [{ memoryKiB: 9_216, iterations: 4 }],
    [{ memoryKiB: 7_168, iterations: 5 }],
  ])('accepts OWASP’s Argon2id row %o', (argon2) => {
    expect(() => createPasswordHashing({ argon2 })).not.toThrow();
  });

  it('accepts PBKDF2 at 600,000 and Django 5.2’s 1,000,000', () => {
    for (const pbkdf2Iterations of [600_000, 1_000_000]) {
      expect(() =>
        createPasswordHashing({ preferred: 'pbkdf2_sha256', pbkdf2Iterations }),
      ).not.toThrow();
    }
  });

  it('lists every problem at once', () => {
    const error = (() => {
      try {
        createPasswordHashing({ pbkdf2Iterations: 1, legacy: ['nope' as 'md5'] });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ code: 'CONFIGURATION_ERROR' });
    expect((error as ConfigurationError).problems).toHaveLength(2);
  });
});
