/**
 * HTTP figures: autocannon on loopback against the Fastify example on SQLite, each next to a
 * floor measured in the same run: a bare Fastify route doing the same work with nothing in
 * between (jose with a pre-imported key, better-sqlite3 prepared statements, Argon2 directly).
 */

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { verify as argon2Verify } from '@node-rs/argon2';
import SQLite from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { jwtVerify, SignJWT } from 'jose';
import { buildFastifyApp } from '../examples/fastify/plugin.js';
import type { BenchFigure, BenchSuite } from './figure.js';
import { type LoadOptions, rate as loadRate, median } from './load.js';
import { openSqliteAccounts } from './sqlite-accounts.js';

const KEY = 'accountkit-bench-http-signing-key-0123456789';
const PASSWORD = 'correct horse battery staple';
/** Seconds per measured run, and runs per side for the hot read. */
const SECONDS = 2;
const ROUNDS = 3;

const rate = (url: string, options: LoadOptions, seconds = SECONDS) =>
  loadRate(url, options, seconds);

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** The same work as `GET <id>/info/` and `token/`, with nothing in between. */
async function floorServer(file: string): Promise<FastifyInstance> {
  const database = new SQLite(file, { readonly: true });
  const userById = database.prepare(
    'select id, username, date_joined, email, profile_pic, cover_image, followers_count, following_count, is_active, password from accountkit_user where id = ?',
  );
  const userByKey = database.prepare(
    'select id, username, password, is_active from accountkit_user where username_key = ?',
  );
  const follows = database.prepare(
    'select 1 from accountkit_user_following where from_user_id = ? and to_user_id = ?',
  );
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(KEY),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  const secret = new TextEncoder().encode(KEY);
  // The least an HS256 check can do: one HMAC compare, one JSON.parse.
  const hmacVerify = async (token: string) => {
    const [header, body, signature] = token.split('.') as [string, string, string];
    const mac = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
    if (!timingSafeEqual(Buffer.from(mac), Buffer.from(signature))) throw new Error('signature');
    return { payload: JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) };
  };
  const joseVerify = (token: string) => jwtVerify(token, key, { algorithms: ['HS256'] });
  const app = Fastify({ logger: false });
  for (const [prefix, verify] of [
    ['/floor', joseVerify],
    ['/floor-hmac', hmacVerify],
  ] as const) {
    app.get<{ Params: { id: string } }>(`${prefix}/:id/info/`, async (request, reply) => {
      const token = (request.headers.authorization ?? '').slice('Bearer '.length);
      const { payload } = await verify(token);
      // The same rows as the example: the token's user (active?), the profile, the edge.
      const viewer = userById.get(payload.user_id) as { is_active: number } | undefined;
      if (viewer === undefined || !viewer.is_active) return reply.code(401).send({});
      const row = userById.get(Number(request.params.id)) as Record<string, unknown> | undefined;
      if (row === undefined) return reply.code(404).send({});
      const following = follows.get(payload.user_id, row.id) !== undefined;
      return {
        id: row.id,
        username: row.username,
        date_joined: row.date_joined,
        email: row.email,
        profile_pic: row.profile_pic,
        following: row.following_count,
        followers: row.followers_count,
        cover_image: row.cover_image,
        is_following: following,
      };
    });
  }
  app.post<{ Body: { username: string; password: string } }>('/floor/token/', async (request) => {
    const row = userByKey.get(request.body.username) as { id: number; password: string };
    // Django writes `argon2$argon2id$...`; the PHC string starts at the second `$`.
    await argon2Verify(row.password.slice('argon2'.length), request.body.password);
    const now = Math.floor(Date.now() / 1000);
    const sign = (type: string, lifetime: number) =>
      new SignJWT({ token_type: type, user_id: row.id })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(now)
        .setExpirationTime(now + lifetime)
        .setJti(crypto.randomUUID())
        .sign(key);
    const [refresh, access] = await Promise.all([sign('refresh', 86_400), sign('access', 300)]);
    return { refresh, access };
  });
  app.addHook('onClose', async () => database.close());
  return app;
}

/** `GET <id>/info/` with a bearer token, and login, against their floors. */
export const benchHttp: BenchSuite = async () => {
  const opened = await openSqliteAccounts('http', KEY);
  const { file } = opened;
  const example = await buildFastifyApp({ accounts: opened.accounts });
  const floor = await floorServer(file);
  try {
    const viewer = await opened.accounts.register({ username: 'viewer', password: PASSWORD });
    const target = await opened.accounts.register({ username: 'target', password: PASSWORD });
    await opened.accounts.follow({ userId: viewer.user.id, targetId: target.user.id });
    const [exampleUrl, floorUrl] = [await listen(example), await listen(floor)];
    const bearer = { authorization: `Bearer ${viewer.tokens.access}` };
    const login = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'viewer', password: PASSWORD }),
    };
    const infoPath = `/${target.user.id}/info/`;
    const exampleInfo = `${exampleUrl}/api/accounts${infoPath}`;
    const floorInfo = `${floorUrl}/floor${infoPath}`;
    const reads = { connections: 16, headers: bearer };
    // Warm both (JIT, statement caches); then alternate short rounds so that load from other
    // processes on a shared machine hits both sides alike, and keep the medians.
    await rate(floorInfo, reads, 1);
    await rate(exampleInfo, reads, 1);
    const hmacFloorInfo = `${floorUrl}/floor-hmac${infoPath}`;
    await rate(hmacFloorInfo, reads, 1);
    const floorRounds: number[] = [];
    const hmacFloorRounds: number[] = [];
    const exampleRounds: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      floorRounds.push(await rate(floorInfo, reads));
      exampleRounds.push(await rate(exampleInfo, reads));
      hmacFloorRounds.push(await rate(hmacFloorInfo, reads));
    }
    const [infoFloor, info] = [median(floorRounds), median(exampleRounds)];
    const hmacFloor = median(hmacFloorRounds);
    const loginFloor = await rate(`${floorUrl}/floor/token/`, { connections: 4, ...login });
    const loginRate = await rate(`${exampleUrl}/api/accounts/token/`, { connections: 4, ...login });
    return [
      {
        name: 'GET <id>/info/ (Fastify example, SQLite, bearer token)',
        value: info,
        unit: 'req/s',
        floorName: 'bare Fastify route: jose verify (CryptoKey) + the same three rows, prepared',
        floor: infoFloor,
        ratio: info / infoFloor,
        target: 0.7,
      },
      {
        name: 'GET <id>/info/ (Fastify example, SQLite, bearer token) vs the least work',
        value: info,
        unit: 'req/s',
        floorName: 'bare Fastify route: node:crypto HMAC compare + the same three rows, prepared',
        floor: hmacFloor,
        ratio: info / hmacFloor,
      },
      {
        name: 'POST token/ (Fastify example, SQLite, Argon2id default cost)',
        value: loginRate,
        unit: 'req/s',
        floorName: 'bare Fastify route: row read + Argon2id verify + two jose signs',
        floor: loginFloor,
        ratio: loginRate / loginFloor,
      },
    ] satisfies BenchFigure[];
  } finally {
    await example.close();
    await floor.close();
    await opened.close();
  }
};
