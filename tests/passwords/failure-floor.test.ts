import { describe, expect, it } from 'vitest';
import { costClassOf } from '../../src/passwords/cost-class.js';
import { createPasswordHashing } from '../../src/passwords/index.js';
import { systemTimer } from '../../src/platform/clock.js';
import { costlyHasher, costlyValue } from './support/costly-hasher.js';
import { virtualTimer } from './support/virtual-timer.js';

describe('kinds of stored value: format and cost parameters, never salt or hash', () => {
  it.each([
    [
      'pbkdf2_sha256',
      'pbkdf2_sha256$260000$Q2xhc3NpY1NhbHQyMDI0xx$HLENJqFP8H8gTFMgLavVcytrB5YXspmbHB2OJpZq5lE=',
      'pbkdf2_sha256$260000',
    ],
    [
      'pbkdf2_sha256',
      'pbkdf2_sha256$260000$oldsalt12345$zhDx/hj42MZaMgOK1kGczLXpRNsa4WGQ8WI89+ne2iA=',
      'pbkdf2_sha256$260000',
    ],
    [
      'pbkdf2_sha256',
      'pbkdf2_sha256$1000000$Q2xhc3NpY1NhbHQyMDI0xx$/GxI4bMuOquUnNAmZjZJxl1ZMQfKqpnuAjqogohRwNo=',
      'pbkdf2_sha256$1000000',
    ],
    [
      'pbkdf2_sha1',
      'pbkdf2_sha1$260000$Q2xhc3NpY1NhbHQyMDI0xx$kr29AjjSll/L7V1pkevT52VDSUA=',
      'pbkdf2_sha1$260000',
    ],
    [
      'argon2',
      'argon2$argon2id$v=19$m=102400,t=2,p=8$UTJ4aGMzTnBZMU5oYkhReU1ESTB4eA$KNEhLJXhDn3hQ6Z3dTHS8A',
      'argon2$argon2id$v=19$m=102400,t=2,p=8',
    ],
    [
      'argon2',
      'argon2$argon2i$m=512,t=2,p=2$UTJ4aGMzTnBZMU5oYkhReU1ESTB4eA$SqBQfAfjYdZtOrz0NSphng',
      'argon2$argon2i$m=512,t=2,p=2',
    ],
    [
      'bcrypt_sha256',
      'bcrypt_sha256$$2b$12$abcdefghijklmnopqrstuu0ec6v/Oa/d6Rs9rAcOZ7TVOvM.CyAdG',
      'bcrypt_sha256$$2b$12',
    ],
    [
      'bcrypt',
      'bcrypt$$2b$12$abcdefghijklmnopqrstuuEhoSfp9jt0xJ/n7YiipPp6WYN/haNha',
      'bcrypt$$2b$12',
    ],
    [
      'scrypt',
      'scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==',
      'scrypt$16384$8$1',
    ],
    ['md5', 'md5$saltsalt$aecf235de5adec815a9b214c2d947e39', 'md5'],
    ['unsalted_sha1', 'sha1$$34289379845369ca3b7b98d7e05bfca58c34bafa', 'unsalted_sha1'],
    ['unsalted_md5', '68e6f2aea0fbb3120b47f1f64dd2c49f', 'unsalted_md5'],
    ['crypt', 'crypt$$abLFx2UmK0r0M', 'crypt'],
    ['argon2', 'argon2$broken', 'argon2'],
    ['bcrypt', 'bcrypt$$2b$1', 'bcrypt'],
  ])('%s %s is of kind %s', (algorithm, encoded, kind) => {
    expect(costClassOf(algorithm, encoded)).toBe(kind);
  });

  it('a kind is at most 128 characters (the width of Django’s password column)', () => {
    const long = `pbkdf2_sha256$${'9'.repeat(300)}$salt$hash`;
    expect(costClassOf('pbkdf2_sha256', long)).toBe(long.slice(0, 128));
  });
});

describe('the failure floor: the slowest kind’s median verify time, plus a quarter', () => {
  const setUp = () => {
    const timer = virtualTimer();
    const hasher = costlyHasher(timer, 30);
    const passwords = createPasswordHashing({ preferred: hasher, timer });
    return { timer, hasher, passwords };
  };

  it('every hash is timed per kind, successful verifies included', async () => {
    const { passwords } = setUp();
    expect(await passwords.verify('pw', costlyValue(400, 'pw'))).toEqual({
      valid: true,
      needsRehash: true,
    });
    await passwords.verify('wrong', costlyValue(5, 'pw'));
    expect(await passwords.calibrate([])).toEqual({
      floorMs: 500,
      classes: [
        { costClass: 'costly$400', ms: 400 },
        { costClass: 'costly$30', ms: 30 },
        { costClass: 'costly$5', ms: 5 },
      ],
    });
  });

  it('a kind’s time is the median of its last 8 verifies: one slow verify is ignored, a lasting slowdown is followed', async () => {
    const { hasher, passwords } = setUp();
    const verifyAt = async (ms: number, count: number) => {
      hasher.load.ms = ms - 400;
      for (let i = 0; i < count; i += 1) await passwords.verify('pw', costlyValue(400, 'pw'));
    };
    const floor = async () => (await passwords.calibrate([])).floorMs;
    await verifyAt(400, 7);
    await verifyAt(5_000, 1);
    expect(await floor()).toBe(500);
    await verifyAt(800, 2);
    expect(await floor()).toBe(500);
    await verifyAt(800, 2);
    expect(await floor()).toBe(1_000);
  });

  it('an attempt that fails waits, on the timer, until it has lasted hashes × floor; one that already has waits no more', async () => {
    const { timer, passwords } = setUp();
    await passwords.calibrate([costlyValue(400, 'x')]);
    const cases: [hashes: number, spent: number][] = [
      [1, 120],
      [2, 60],
      [1, 700],
    ];
    const seen = [];
    for (const [hashes, spent] of cases) {
      timer.waits.length = 0;
      const started = timer.now();
      const attempt = passwords.beginAttempt(hashes);
      timer.advance(spent);
      await attempt.padFailure();
      seen.push({ lasted: timer.now() - started, waits: [...timer.waits] });
    }
    expect(seen).toEqual([
      { lasted: 500, waits: [380] },
      { lasted: 1000, waits: [940] },
      { lasted: 700, waits: [-200] },
    ]);
  });

  it('calibrate verifies one value of each kind, one after the other, then spends one preferred hash; unknown, disabled and unusable values are skipped', async () => {
    const { hasher, passwords } = setUp();
    const report = await passwords.calibrate([
      costlyValue(400, 'a', 'salt1'),
      costlyValue(400, 'b', 'salt2'),
      costlyValue(5, 'c'),
      `!${'x'.repeat(40)}`,
      'unknown$1$2$3',
      'md5$saltsalt$aecf235de5adec815a9b214c2d947e39',
    ]);
    expect(hasher.calls).toEqual({ hash: 1, verify: 2 });
    expect(report).toEqual({
      floorMs: 500,
      classes: [
        { costClass: 'costly$400', ms: 400 },
        { costClass: 'costly$30', ms: 30 },
        { costClass: 'costly$5', ms: 5 },
      ],
    });
  });

  it('past 64 kinds the cheapest is forgotten, so the floor never drops', async () => {
    const { passwords } = setUp();
    const values = Array.from({ length: 65 }, (_, index) => costlyValue(index + 1, 'x'));
    const report = await passwords.calibrate(values);
    expect(report.classes).toHaveLength(64);
    expect(report.classes.map((entry) => entry.costClass)).not.toContain('costly$1');
    expect(report.floorMs).toBe(81.25);
  });

  it('a timer without now() and sleep() is a configuration error', () => {
    expect(() => createPasswordHashing({ timer: {} as never })).toThrow(
      expect.objectContaining({
        code: 'CONFIGURATION_ERROR',
        problems: ['timer must have now() and sleep(ms) methods'],
      }),
    );
  });
});

describe('the system timer', () => {
  it('sleeps on setTimeout, measured on the monotonic clock; 0 or less resolves at once', async () => {
    const started = systemTimer.now();
    await systemTimer.sleep(20);
    expect(systemTimer.now() - started).toBeGreaterThanOrEqual(19);
    const again = systemTimer.now();
    await systemTimer.sleep(0);
    await systemTimer.sleep(-5);
    expect(systemTimer.now() - again).toBeLessThan(5);
  });
});
