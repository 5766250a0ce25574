import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import { ConfigurationError } from '../../src/errors/index.js';
import { SERVER_VARIABLES } from '../../src/server/config.js';
import {
  createRequestListener,
  openServerAccounts,
  readServerConfig,
} from '../../src/server/index.js';
import { cheapHasher, PASSWORD } from '../services/setup.js';
import { call, claims, signUp } from './support/client.js';

const NEW_KEY = 'server-config-new-key-0123456789-abcdef';
const OLD_KEY = 'server-config-old-key-0123456789-abcdef';

/** An HS256 token as the old key signed it, with the claims accountkit writes. */
function signedWithOldKey(payload: Record<string, unknown>): string {
  const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const head = `${segment({ alg: 'HS256', typ: 'JWT', kid: 'old' })}.${segment(payload)}`;
  return `${head}.${createHmac('sha256', OLD_KEY).update(head).digest('base64url')}`;
}

describe('the server configuration', () => {
  it('reads every token and rate-limit setting', () => {
    const config = readServerConfig({
      DATABASE_URL: 'sqlite:/tmp/x.sqlite3',
      ACCOUNTKIT_SIGNING_KEY: NEW_KEY,
      ACCOUNTKIT_SIGNING_KID: 'new',
      ACCOUNTKIT_VERIFYING_KEYS: JSON.stringify([{ kid: 'old', alg: 'HS256', key: OLD_KEY }]),
      ACCESS_TOKEN_LIFETIME: '15m',
      REFRESH_TOKEN_LIFETIME: '30d',
      TOKEN_LEEWAY: '30',
      RATE_LIMIT_LOGIN_ACCOUNT: '5/10m',
      RATE_LIMIT_REFRESH: 'off',
    });
    expect({
      signingKey: config.signingKey,
      verifyingKeys: config.verifyingKeys,
      lifetimes: [
        config.accessLifetimeSeconds,
        config.refreshLifetimeSeconds,
        config.leewaySeconds,
      ],
      rules: config.rateLimitRules,
    }).toEqual({
      signingKey: { alg: 'HS256', key: NEW_KEY, kid: 'new' },
      verifyingKeys: [{ alg: 'HS256', key: OLD_KEY, kid: 'old' }],
      lifetimes: [900, 2_592_000, 30],
      rules: { loginPerAccount: { limit: 5, windowSeconds: 600 }, refreshPerFamily: false },
    });
  });

  it('names every unusable variable in one error', () => {
    let error: unknown;
    try {
      readServerConfig({
        PORT: '70000',
        ACCESS_TOKEN_LIFETIME: 'soon',
        ACCOUNTKIT_SIGNING_ALG: 'HS512',
        RATE_LIMIT_SIGNUP_ADDRESS: '20 per hour',
        PUBLIC_PROFILES: 'yes',
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toEqual([
      'ACCOUNTKIT_SIGNING_ALG: expected "HS256", "EdDSA", "ES256", "RS256"',
      'RATE_LIMIT_SIGNUP_ADDRESS: expected "off" or attempts per window, such as 10/15m',
      'PORT: expected an integer from 0 to 65535',
      'ACCESS_TOKEN_LIFETIME: expected a duration such as 300, 15m, 12h or 30d (at least 1 s)',
      'PUBLIC_PROFILES: expected 1, true, 0 or false',
    ]);
  });

  it('reads how sessions keep addresses: SESSION_ADDRESS, and its key for hashed', () => {
    const policy = (env: Record<string, string>) => readServerConfig(env).sessionAddress;
    expect(policy({})).toBe('full');
    expect(policy({ SESSION_ADDRESS: 'truncated' })).toBe('truncated');
    expect(policy({ SESSION_ADDRESS: 'hashed', SESSION_ADDRESS_KEY: 'k'.repeat(16) })).toEqual({
      hashKey: 'k'.repeat(16),
    });
  });

  it('refuses a hashed SESSION_ADDRESS without a long enough key, and a key without hashed', () => {
    const problems = (env: Record<string, string>) => {
      try {
        readServerConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigurationError).problems;
      }
    };
    expect(problems({ SESSION_ADDRESS: 'hashed', SESSION_ADDRESS_KEY: 'short' })).toEqual([
      'SESSION_ADDRESS_KEY: SESSION_ADDRESS=hashed needs a key of at least 16 characters',
    ]);
    expect(problems({ SESSION_ADDRESS_KEY: 'k'.repeat(16) })).toEqual([
      'SESSION_ADDRESS_KEY: set, but SESSION_ADDRESS is not hashed',
    ]);
    expect(problems({ SESSION_ADDRESS: 'anonymised' })).toEqual([
      'SESSION_ADDRESS: expected "full", "truncated", "hashed", "none"',
    ]);
  });

  it('is listed, variable by variable, in examples/README.md', () => {
    const readme = readFileSync(new URL('../../examples/README.md', import.meta.url), 'utf8');
    // Table rows as their trimmed cells, however the formatter pads them.
    const rows = readme
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) =>
        line
          .split(/(?<!\\)\|/)
          .slice(1, -1)
          .map((cell) => cell.trim())
          .join(' | '),
      );
    const expected = SERVER_VARIABLES.map(
      ({ name, default: fallback, meaning }) =>
        `\`${name}\` | \`--${name.toLowerCase().replaceAll('_', '-')}\` | ${fallback} | ${meaning.replaceAll('|', '\\|')}`,
    );
    expect(expected.filter((row) => !rows.includes(row))).toEqual([]);
  });

  it('serve --help prints every variable with its flag', async () => {
    let help = '';
    expect(await run(['serve', '--help'], (text) => (help += text))).toBe(0);
    const missing = SERVER_VARIABLES.filter(
      ({ name }) => !help.includes(`${name} (--${name.toLowerCase().replaceAll('_', '-')})`),
    );
    expect(missing).toEqual([]);
  });

  it('serve stops with exit code 2 and names the variable of a bad flag or value', async () => {
    let errors = '';
    const code = await run(['serve', '--access-token-lifetime', '5x'], undefined, (text) => {
      errors += text;
    });
    expect(code).toBe(2);
    expect(errors).toBe(
      'accountkit serve: Invalid configuration: ACCESS_TOKEN_LIFETIME: expected a duration such as 300, 15m, 12h or 30d (at least 1 s)\n',
    );
  });
});

describe('a server configured like the Django settings it replaces', () => {
  it('signs with the new key and kid, verifies the old one, and uses the configured lifetimes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accountkit-config-'));
    const config = readServerConfig({
      DATABASE_URL: `sqlite:${join(dir, 'a.sqlite3')}`,
      ACCOUNTKIT_SIGNING_KEY: NEW_KEY,
      ACCOUNTKIT_SIGNING_KID: 'new',
      ACCOUNTKIT_VERIFYING_KEYS: JSON.stringify([{ kid: 'old', key: OLD_KEY }]),
      ACCESS_TOKEN_LIFETIME: '15m',
      REFRESH_TOKEN_LIFETIME: '30d',
      RATE_LIMIT: 'off',
    });
    const opened = await openServerAccounts(config, { passwords: { preferred: cheapHasher() } });
    const server = createServer(createRequestListener({ accounts: opened.accounts }));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const user = await signUp(origin);
      const access = claims(user.access);
      const refresh = claims(user.refresh);
      const header = JSON.parse(
        Buffer.from(user.access.split('.')[0] ?? '', 'base64url').toString(),
      );
      expect({
        kid: header.kid,
        access: (access.exp as number) - (access.iat as number),
        refresh: (refresh.exp as number) - (refresh.iat as number),
      }).toEqual({ kid: 'new', access: 900, refresh: 2_592_000 });
      const old = signedWithOldKey({ ...access, jti: 'f'.repeat(32) });
      expect((await call(origin, 'GET', 'info/', { token: old })).status).toBe(200);
      const login = await call(origin, 'POST', 'token/', {
        json: { username: user.username, password: PASSWORD },
      });
      expect(login.status).toBe(200);
    } finally {
      server.closeAllConnections();
      server.close();
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the failure floor of a server on a Django database', () => {
  it('learns every kind of stored hash from a sample of the users', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accountkit-calibrate-'));
    const file = join(dir, 'django.sqlite3');
    copyFileSync(new URL('../fixtures/django.sqlite3', import.meta.url), file);
    const opened = await openServerAccounts(
      readServerConfig({
        DATABASE_URL: `sqlite:${file}`,
        ACCOUNTKIT_SIGNING_KEY: NEW_KEY,
        RATE_LIMIT: 'off',
        EVENT_LOG: 'off',
      }),
    );
    try {
      const sample = await opened.database.samplePasswords(500);
      const report = await opened.accounts.calibratePasswords({ stored: sample });
      const formats = new Set(report.classes.map(({ costClass }) => costClass.split('$')[0]));
      expect([...formats].sort()).toEqual([
        'argon2',
        'bcrypt',
        'bcrypt_sha256',
        'pbkdf2_sha1',
        'pbkdf2_sha256',
      ]);
      const slowest = Math.max(...report.classes.map(({ ms }) => ms));
      expect(report.floorMs).toBeGreaterThan(slowest);
    } finally {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
