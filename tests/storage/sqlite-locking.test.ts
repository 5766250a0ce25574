import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKyselyStorage } from '../../src/storage/kysely/index.js';
import type { AccountStorage } from '../../src/storage/storage.js';
import { aUser } from './conformance/builders.js';
import { openSqliteFile, sqliteHarness } from './harnesses/sqlite.js';

const harness = sqliteHarness();
const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');

/** Another process takes the write lock, reports it, holds it 200 ms, then commits. */
function holdWriteLockInChild(file: string): Promise<{ released: Promise<void> }> {
  const script = `
    const db = new (require(${JSON.stringify(betterSqlite)}))(${JSON.stringify(file)});
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    db.exec('COMMIT');
    db.close();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const released = new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exit ${code}`))));
  });
  return new Promise((resolve) => child.stdout.once('data', () => resolve({ released })));
}

describe('sqlite: writers on two connections and two processes', () => {
  let storage: AccountStorage;
  beforeAll(async () => {
    storage = await harness.open();
  });
  afterAll(() => harness.close());

  it('G-14: a writer in another process holds the lock 200 ms; ours waits and succeeds', async () => {
    const db = new Kysely({
      dialect: new SqliteDialect({ database: openSqliteFile(harness.file, 5000) }),
    });
    const patient = createKyselyStorage({ db, dialect: 'sqlite' });
    const { released } = await holdWriteLockInChild(harness.file);
    const started = performance.now();
    const bob = await patient.transaction((tx) => tx.users.insert(aUser({ username: 'bob' })));
    expect(performance.now() - started).toBeGreaterThan(100);
    await released;
    expect(await storage.users.findById(bob.id)).toEqual(bob);
    await db.destroy();
  });

  it('G-14: a second connection in this process holds a write transaction 200 ms; ours retries and succeeds', async () => {
    const other = openSqliteFile(harness.file, 20);
    other.exec('BEGIN IMMEDIATE');
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        other.exec('COMMIT');
        other.close();
        resolve();
      }, 200),
    );
    const carol = await storage.users.insert(aUser({ username: 'carol' }));
    await released;
    expect(await storage.users.findByUsernameKey('carol')).toEqual(carol);
  });
});
