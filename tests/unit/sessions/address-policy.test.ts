import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keptAddress } from '../../../src/sessions/address-policy.js';

describe('the address a session keeps', () => {
  it("keeps the whole address under 'full', cut to 64 characters", () => {
    expect(keptAddress('203.0.113.7', 'full')).toBe('203.0.113.7');
    expect(keptAddress('x'.repeat(100), 'full')).toBe('x'.repeat(64));
  });

  it.each([
    ['203.0.113.7', '203.0.113.0'],
    ['::ffff:198.51.100.23', '198.51.100.0'],
    ['::FFFF:198.51.100.23', '198.51.100.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:0db8:0001::1', '2001:db8:1::'],
    ['2001:db8::1', '2001:db8::'],
    ['::1', '::'],
    ['fe80::1%eth0', 'fe80::'],
    ['64:ff9b::192.0.2.33', '64:ff9b::'],
    ['2001:0:1:2::', '2001:0:1::'],
  ])("truncates %s to its network, %s, under 'truncated'", (address, network) => {
    expect(keptAddress(address, 'truncated')).toBe(network);
  });

  it("keeps nothing of what is not an IP address under 'truncated'", () => {
    expect(keptAddress('localhost', 'truncated')).toBeNull();
    expect(keptAddress('300.1.1.1', 'truncated')).toBeNull();
  });

  it('hashes with the key: 32 hex digits of HMAC-SHA256, different under another key', () => {
    const key = 'session-address-key-0123';
    const expected = createHmac('sha256', key).update('203.0.113.7').digest('hex').slice(0, 32);
    expect(keptAddress('203.0.113.7', { hashKey: key })).toBe(expected);
    expect(keptAddress('203.0.113.7', { hashKey: `${key}x` })).not.toBe(expected);
  });

  it("keeps nothing under 'none', nor when there is no address", () => {
    expect(keptAddress('203.0.113.7', 'none')).toBeNull();
    expect(keptAddress(undefined, 'full')).toBeNull();
    expect(keptAddress('', 'truncated')).toBeNull();
  });
});
