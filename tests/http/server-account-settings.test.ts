import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors/index.js';
import {
  createRequestListener,
  openServerAccounts,
  readServerConfig,
  type ServerAccounts,
  serverOptions,
} from '../../src/server/index.js';
import { call, claims, expectError } from './support/client.js';

/** Every account variable set away from its default. */
const SETTINGS = {
  USERNAME_CLAIM: 'user_name',
  TOKEN_ISSUER: 'https://accounts.example',
  TOKEN_AUDIENCE: 'web, mobile',
  REFRESH_REUSE_GRACE: '30',
  DATE_STYLE: 'naturalday',
  FOLLOW_PAGE_SIZE: '1',
  MEDIA_MAX_BYTES: '2048',
  DEFAULT_COVER_IMAGE: 'none',
  PASSWORD_HASHER: 'pbkdf2_sha256',
  PASSWORD_MIN_LENGTH: '12',
  PASSWORD_ACCEPT_TRIMMED: 'true',
  USERNAME_REFUSE_MIXED_SCRIPTS: '1',
};
const LONG_PASSWORD = 'a long enough passphrase';

describe('the account variables of the server', () => {
  it('read into the options of createAccounts, each one set', () => {
    expect(readServerConfig(SETTINGS).account).toEqual({
      tokens: {
        usernameClaim: 'user_name',
        issuer: 'https://accounts.example',
        audience: ['web', 'mobile'],
        refreshReuseGraceSeconds: 30,
      },
      passwords: { preferred: 'pbkdf2_sha256', policy: { minLength: 12 }, acceptTrimmed: true },
      media: { maxBytes: 2048, defaultCoverImage: null },
      general: {
        dateStyle: 'naturalday',
        followPageSize: 1,
        usernames: { refuseMixedScripts: true },
      },
    });
  });

  it('leave every option to the library when unset', () => {
    expect(readServerConfig({}).account).toEqual({
      tokens: {},
      passwords: {},
      media: {},
      general: {},
    });
  });

  it('name every unusable value in one error', () => {
    let error: unknown;
    try {
      readServerConfig({
        REFRESH_REUSE_GRACE: '61',
        DATE_STYLE: 'humane',
        FOLLOW_PAGE_SIZE: '0',
        MEDIA_MAX_BYTES: '5MB',
        PASSWORD_HASHER: 'md5',
        USERNAME_REFUSE_MIXED_SCRIPTS: 'yes',
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toEqual([
      'USERNAME_REFUSE_MIXED_SCRIPTS: expected 1, true, 0 or false',
      'REFRESH_REUSE_GRACE: expected an integer from 0 to 60',
      'PASSWORD_HASHER: expected "argon2", "pbkdf2_sha256"',
      'MEDIA_MAX_BYTES: expected an integer from 1 to 104857600',
      'DATE_STYLE: expected "naturaltime", "naturalday", "distance"',
      'FOLLOW_PAGE_SIZE: expected an integer from 1 to 100',
    ]);
  });
});

describe('a server started with every account variable set', () => {
  let dir: string;
  let opened: ServerAccounts;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accountkit-settings-'));
    const config = readServerConfig({
      ...SETTINGS,
      DATABASE_URL: `sqlite:${join(dir, 'a.sqlite3')}`,
      MEDIA_ROOT: join(dir, 'media'),
      RATE_LIMIT: 'off',
      EVENT_LOG: 'off',
    });
    opened = await openServerAccounts(config);
    server = createServer(
      createRequestListener({ accounts: opened.accounts, ...serverOptions(config, () => {}) }),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hashes with PBKDF2, checks the minimum length and refuses mixed scripts', async () => {
    expectError(
      await call(origin, 'POST', 'signup/', {
        json: { username: 'short', password: 'elevenchars' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await call(origin, 'POST', 'signup/', {
        json: { username: 'p\u0430ypal', password: LONG_PASSWORD },
      }),
      400,
      'VALIDATION_FAILED',
    );
    const signUp = await call(origin, 'POST', 'signup/', {
      json: { username: 'alice', password: LONG_PASSWORD },
    });
    expect(signUp.status).toBe(201);
    const stored = await opened.database.storage.users.findByUsernameKey('alice');
    expect(stored?.passwordHash.split('$').slice(0, 2)).toEqual(['pbkdf2_sha256', '600000']);
  });

  it('signs the configured claims and lets a used refresh token be presented again within the grace', async () => {
    const login = await call(origin, 'POST', 'token/', {
      json: { username: 'alice', password: ` ${LONG_PASSWORD} ` },
    });
    expect(login.status).toBe(200);
    expect(claims(login.body.access)).toMatchObject({
      user_name: 'alice',
      iss: 'https://accounts.example',
      aud: ['web', 'mobile'],
    });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const refreshed = await call(origin, 'POST', 'token/refresh/', {
        json: { refresh: login.body.refresh },
      });
      expect(refreshed.status).toBe(200);
    }
  });

  it('reads dates as naturalday, shows no default cover, pages by one and limits uploads', async () => {
    const login = await call(origin, 'POST', 'token/', {
      json: { username: 'alice', password: LONG_PASSWORD },
    });
    const token = login.body.access as string;
    const me = await call(origin, 'GET', 'info/', { token });
    expect({ date_joined: me.body.date_joined, cover_image: me.body.cover_image }).toEqual({
      date_joined: 'today',
      cover_image: null,
    });
    for (const name of ['bob', 'carol']) {
      const other = await call(origin, 'POST', 'signup/', {
        json: { username: name, password: LONG_PASSWORD },
      });
      await call(origin, 'PUT', `${me.body.id}/follow/`, { token: other.body.tokens.access });
    }
    const page = await call(origin, 'GET', `${me.body.id}/followers/`, { token });
    expect(page.body.results.map((user: { username: string }) => user.username)).toEqual(['carol']);
    const form = new FormData();
    form.append('profile_pic', new Blob([new Uint8Array(2049)]), 'me.png');
    const upload = await call(origin, 'PATCH', 'info/', { token, body: form });
    expect(upload.status).toBe(413);
  });
});
