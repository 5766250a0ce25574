/**
 * Refresh rotation with storage: `accounts.refresh` on SQLite, one token chain, each refresh
 * presenting the token the previous one returned. The floor does the same work with nothing in
 * between: one HMAC check, the user row, two HMAC signs, and one `BEGIN IMMEDIATE` transaction
 * that consumes the old record and inserts the new one, on better-sqlite3 prepared statements.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import SQLite from 'better-sqlite3';
import type { BenchFigure, BenchSuite } from './figure.js';
import { openSqliteAccounts } from './sqlite-accounts.js';

const KEY = 'accountkit-bench-refresh-signing-key-0123456789';
const PASSWORD = 'correct horse battery staple';
const RUN_MS = 1000;
const ROUNDS = 9;

async function opsPerSecond(op: () => unknown): Promise<number> {
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < RUN_MS) {
    await op();
    count += 1;
  }
  return (count * 1000) / (performance.now() - start);
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Django's SQLite date text, as the adapter writes it. */
const dateText = (date: Date) => `${date.toISOString().slice(0, 23).replace('T', ' ')}000`;

export const benchRefresh: BenchSuite = async () => {
  const opened = await openSqliteAccounts('refresh', KEY);
  const database = new SQLite(opened.file);
  database.pragma('busy_timeout = 5000');
  try {
    const { user, tokens } = await opened.accounts.register({
      username: 'alice',
      password: PASSWORD,
    });
    let current = tokens.refresh;
    const service = async () => {
      current = (await opened.accounts.refresh({ refresh: current })).refresh;
    };

    const secret = new TextEncoder().encode(KEY);
    const [header, body, signature] = current.split('.') as [string, string, string];
    const userById = database.prepare(
      'select id, username, is_active, token_version, profile_pic from accountkit_user where id = ?',
    );
    const consume = database.prepare(
      'update accountkit_refresh_token set used_at = ? where jti = ? and used_at is null and revoked_at is null',
    );
    const insert = database.prepare(
      'insert into accountkit_refresh_token (jti, family_id, user_id, parent_jti, issued_at, expires_at) values (?, ?, ?, ?, ?, ?)',
    );
    const rotate = database.transaction((parent: string, child: string, now: string) => {
      if (consume.run(now, parent).changes !== 1) throw new Error('not consumed');
      insert.run(child, 'floor-family', user.id, parent, now, now);
    });
    let parent = randomBytes(16).toString('hex');
    insert.run(parent, 'floor-family', user.id, null, dateText(new Date()), dateText(new Date()));
    const sign = (input: string) => createHmac('sha256', secret).update(input).digest('base64url');
    const floor = async () => {
      const mac = sign(`${header}.${body}`);
      if (!timingSafeEqual(Buffer.from(mac), Buffer.from(signature))) throw new Error('signature');
      JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      userById.get(user.id);
      sign(`${header}.${body}`);
      sign(`${header}.${body}`);
      const child = randomBytes(16).toString('hex');
      rotate.immediate(parent, child, dateText(new Date()));
      parent = child;
    };

    await opsPerSecond(service);
    await opsPerSecond(floor);
    const values: number[] = [];
    const floors: number[] = [];
    // Which side goes first swaps every round, so a drift of the machine (an fsync slowing down)
    // favours neither; each round's ratio pairs two runs a second apart.
    for (let round = 0; round < ROUNDS; round += 1) {
      if (round % 2 === 0) {
        values.push(await opsPerSecond(service));
        floors.push(await opsPerSecond(floor));
      } else {
        floors.push(await opsPerSecond(floor));
        values.push(await opsPerSecond(service));
      }
    }
    const ratios = values.map((value, index) => value / floors[index]!);
    const ratio = median(ratios);
    return [
      {
        name: 'refresh rotation (accounts.refresh, SQLite, one chain)',
        value: median(values),
        unit: 'ops/s',
        floorName:
          'HMAC check + user row + two HMAC signs + BEGIN IMMEDIATE consume/insert, better-sqlite3',
        floor: median(floors),
        ratio,
        spread: [Math.min(...ratios), Math.max(...ratios)],
        target: 0.7,
      },
    ] satisfies BenchFigure[];
  } finally {
    database.close();
    await opened.close();
  }
};
