import { describe, expect, it } from 'vitest';
import {
  createArgon2Hasher,
  createPasswordHashing,
  createPbkdf2Hasher,
} from '../../src/passwords/index.js';
import { passwordVectors } from './support/vectors.js';

// A cheap preferred hasher: these tests are about Django's verdicts, not about cost.
const cheap = createArgon2Hasher({ memoryKiB: 64, iterations: 1, parallelism: 1 });
const everyFormat = createPasswordHashing({ preferred: cheap, legacy: true });
const defaultFormats = createPasswordHashing({ preferred: cheap });
const LEGACY = new Set(['sha1', 'md5', 'unsalted_sha1', 'unsalted_md5', 'crypt']);

const usable = passwordVectors.vectors.filter((vector) => vector.encoded !== undefined);

describe("Django 3.2's verdicts on its own hashes (every hasher enabled)", () => {
  it.each(usable.map((vector, index) => [index, vector.label, vector] as const))(
    'vector %i (%s): the password verifies and every wrong one gets Django’s answer',
    async (_index, _label, vector) => {
      const encoded = vector.encoded as string;
      const wrong = vector.wrong_password_checks ?? [];
      const [correct, ...answers] = await Promise.all([
        everyFormat.verify(vector.password, encoded),
        ...wrong.map((check) => everyFormat.verify(check.password as string, encoded)),
      ]);
      expect(correct).toEqual({
        valid: vector.all_hashers_enabled?.check_password_correct,
        // None of Django's formats is accountkit's preferred one, so every valid login upgrades.
        needsRehash: true,
      });
      expect(answers.map((answer) => answer?.valid)).toEqual(
        wrong.map((check) => check.check_password.value),
      );
    },
  );

  it('reproduces bcrypt’s 72-byte truncation and crypt’s 8 characters on verify', async () => {
    const bcrypt = usable.find((vector) => vector.label === 'bcrypt truncates at 72 bytes');
    const crypt = usable.find((vector) => vector.algorithm === 'crypt');
    expect(await everyFormat.verify('a'.repeat(72), bcrypt?.encoded as string)).toMatchObject({
      valid: true,
    });
    expect(await everyFormat.verify('correct-xyz', crypt?.encoded as string)).toMatchObject({
      valid: true,
    });
  });

  it('never carries those quirks into a new hash', async () => {
    const long = `${'a'.repeat(72)}SUFFIX-IGNORED`;
    const upgraded = await everyFormat.hash(long);
    expect(await everyFormat.verify('a'.repeat(72), upgraded)).toEqual({
      valid: false,
      needsRehash: false,
    });
    const fromCrypt = await everyFormat.hash('correct-horse-1');
    expect((await everyFormat.verify('correct-horse-2', fromCrypt)).valid).toBe(false);
  });

  it('answers false, without throwing, where Django raised on a NUL byte (plain bcrypt)', async () => {
    const bcrypt = usable.find((vector) => vector.label === 'bcrypt rounds 12');
    await expect(everyFormat.verify('nul\0byte', bcrypt?.encoded as string)).resolves.toEqual({
      valid: false,
      needsRehash: false,
    });
  });
});

describe('legacy formats are read only when enabled', () => {
  it.each(
    usable.filter((vector) => LEGACY.has(vector.algorithm)).map((v) => [v.label, v] as const),
  )('%s does not verify with the default formats', async (_label, vector) => {
    expect(await defaultFormats.verify(vector.password, vector.encoded as string)).toEqual({
      valid: false,
      needsRehash: false,
    });
  });

  it('enables a chosen subset only', async () => {
    const md5Only = createPasswordHashing({ preferred: cheap, legacy: ['md5'] });
    const md5 = usable.find((vector) => vector.algorithm === 'md5');
    const sha1 = usable.find((vector) => vector.algorithm === 'sha1');
    expect((await md5Only.verify(md5?.password as string, md5?.encoded as string)).valid).toBe(
      true,
    );
    expect((await md5Only.verify(sha1?.password as string, sha1?.encoded as string)).valid).toBe(
      false,
    );
  });
});

describe('malformed and unusable values', () => {
  it.each(
    passwordVectors.malformed_encodings.map((entry) => [String(entry.encoded), entry] as const),
  )(
    '%s verifies as false and never throws (Django answered false or raised)',
    async (_encoded, entry) => {
      await expect(everyFormat.verify('password', entry.encoded as string)).resolves.toEqual({
        valid: false,
        needsRehash: false,
      });
    },
  );
});

describe("Django's must_update, from each hasher set to Django 3.2's parameters", () => {
  const djangoPbkdf2 = createPbkdf2Hasher({ iterations: 260_000 });
  const djangoPbkdf2Sha1 = createPbkdf2Hasher({ algorithm: 'pbkdf2_sha1', iterations: 260_000 });
  const djangoArgon2 = createArgon2Hasher({ memoryKiB: 102_400, iterations: 2, parallelism: 8 });
  const byAlgorithm = new Map([
    ['pbkdf2_sha256', djangoPbkdf2],
    ['pbkdf2_sha1', djangoPbkdf2Sha1],
    ['argon2', djangoArgon2],
  ]);
  const cases = usable.filter((vector) => byAlgorithm.has(vector.algorithm));

  it.each(cases.map((vector) => [vector.encoded as string, vector] as const))(
    '%s',
    (encoded, vector) => {
      expect(byAlgorithm.get(vector.algorithm)?.needsRehash(encoded)).toBe(
        vector.all_hashers_enabled?.must_update,
      );
    },
  );
});

describe('Argon2 layouts Django reads through argon2-cffi', () => {
  // The Argon2 reference implementation's own test vectors (version 16 has no `v=` field).
  it.each([
    ['argon2$argon2i$m=65536,t=2,p=1$c29tZXNhbHQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ'],
    ['argon2$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA'],
  ])('%s verifies "password"', async (encoded) => {
    expect(await everyFormat.verify('password', encoded)).toEqual({
      valid: true,
      needsRehash: true,
    });
    expect((await everyFormat.verify('Password', encoded)).valid).toBe(false);
  });
});
