/**
 * `accountkit serve` as a client sees it: `node dist/cli.js serve` (what `npm start` runs) on
 * SQLite and on PostgreSQL, driven by autocannon over loopback (16 connections), alternating
 * round by round with the least-work floor (`least-work-server.ts`) on the same database.
 * Then the server's memory, from outside the process, after 20k and after 200k requests.
 */
import pg from 'pg';
import type { BenchFigure, BenchSuite } from './figure.js';
import { measure, median, rate, send } from './load.js';
import { type ServerProcess, startServerProcess } from './processes.js';
import { scratchDatabase } from './scratch-database.js';

const KEY = 'accountkit-bench-serve-signing-key-0123456789';
const PASSWORD = 'correct horse battery staple';
const SECONDS = 2;
const ROUNDS = 9;
const CONNECTIONS = 16;
const WARM_REQUESTS = 20_000;
const LONG_REQUESTS = 200_000;
const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const FLOOR = new URL('least-work-server.ts', import.meta.url).pathname;
const PROBE = new URL('memory-probe.mjs', import.meta.url).pathname;

/** Everything default, as `npm start`, except what a benchmark must set. */
function serveEnv(databaseUrl: string, mediaRoot: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    ACCOUNTKIT_SIGNING_KEY: KEY,
    MEDIA_ROOT: mediaRoot,
    ACCESS_TOKEN_LIFETIME: '1h',
  };
}

interface Scene {
  readonly bearer: Record<string, string>;
  readonly targetId: number;
}

/** Two users signed up through the API, the first following the second. */
async function signUpPair(origin: string): Promise<Scene> {
  const api = `${origin}/api/accounts`;
  const signUp = async (username: string) => {
    const response = await fetch(`${api}/signup/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (response.status !== 201) throw new Error(`sign-up: ${response.status}`);
    return ((await response.json()) as { tokens: { access: string } }).tokens.access;
  };
  const bearer = { authorization: `Bearer ${await signUp('viewer')}` };
  await signUp('target');
  const me = (await (await fetch(`${api}/info/`, { headers: bearer })).json()) as { id: number };
  const targetId = me.id + 1;
  const followed = await fetch(`${api}/${targetId}/follow/`, { method: 'PUT', headers: bearer });
  if (followed.status !== 200) throw new Error(`follow: ${followed.status}`);
  return { bearer, targetId };
}

/** The floor must answer byte for byte what accountkit answers, or it measures other work. */
async function assertSameBodies(pairs: readonly (readonly [string, string])[], scene: Scene) {
  for (const [served, floor] of pairs) {
    for (let attempt = 0; ; attempt += 1) {
      const read = (url: string) => fetch(url, { headers: scene.bearer }).then((r) => r.text());
      const [a, b] = await Promise.all([read(served), read(floor)]);
      if (a === b) break;
      // `date_joined` may tick between the two reads.
      if (attempt === 3) throw new Error(`floor answers ${b}\nwhere accountkit answers ${a}`);
    }
  }
}

interface Series {
  readonly name: string;
  readonly served: string;
  readonly floor: string;
}

/** One side's rounds: requests per second, and the server's CPU time per answered request. */
interface Side {
  readonly rates: number[];
  readonly cpu: number[];
}

/**
 * Rounds alternating floor and subject, which goes first swapping every round; each round's
 * ratio pairs two runs seconds apart, so load from other processes mostly hits both. The
 * figure is the median of those ratios, with their spread, next to the median rates. The
 * servers' own CPU time per request is read in the same rounds: the work each does for an
 * answer, whatever the load generator beside them costs.
 */
async function alternate(
  series: readonly Series[],
  scene: Scene,
  processes: { readonly served: ServerProcess; readonly floor: ServerProcess },
): Promise<BenchFigure[]> {
  const load = { connections: CONNECTIONS, headers: scene.bearer };
  for (const { served, floor } of series) {
    await rate(floor, load, 1);
    await rate(served, load, 1);
  }
  const side = (): Side => ({ rates: [], cpu: [] });
  const rounds = series.map(() => ({ served: side(), floor: side() }));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, { served, floor }] of series.entries()) {
      const { served: servedSide, floor: floorSide } = rounds[index] as (typeof rounds)[number];
      const sides = [
        [floor, floorSide, processes.floor],
        [served, servedSide, processes.served],
      ] as const;
      for (const [url, into, server] of round % 2 === 0 ? sides : [...sides].reverse()) {
        const before = server.cpuMicros();
        const run = await measure(url, load, SECONDS);
        into.rates.push(run.rate);
        into.cpu.push((server.cpuMicros() - before) / run.total);
      }
    }
  }
  return series.flatMap(({ name }, index) => {
    const { served, floor } = rounds[index] as (typeof rounds)[number];
    const speed = served.rates.map((value, round) => value / (floor.rates[round] as number));
    const work = served.cpu.map((value, round) => (floor.cpu[round] as number) / value);
    return [
      {
        name,
        value: median(served.rates),
        unit: 'req/s',
        floorName: '',
        floor: median(floor.rates),
        ratio: median(speed),
        spread: [Math.min(...speed), Math.max(...speed)],
        target: 0.85,
      },
      {
        name: `server CPU per request: ${name}`,
        value: median(served.cpu),
        unit: 'µs',
        floorName: '',
        floor: median(floor.cpu),
        ratio: median(work),
        spread: [Math.min(...work), Math.max(...work)],
      },
    ] satisfies BenchFigure[];
  });
}

async function throughput(
  label: string,
  databaseUrl: string,
  floorLocation: string,
  mediaRoot: string,
  floorName: string,
): Promise<BenchFigure[]> {
  const served = await startServerProcess([CLI, 'serve'], serveEnv(databaseUrl, mediaRoot));
  let floor: ServerProcess | undefined;
  try {
    const scene = await signUpPair(served.origin);
    floor = await startServerProcess(['--import', 'tsx', FLOOR, floorLocation], {
      ACCOUNTKIT_SIGNING_KEY: KEY,
    });
    const series: Series[] = [
      {
        name: `GET <id>/info/ (accountkit serve, ${label})`,
        served: `${served.origin}/api/accounts/${scene.targetId}/info/`,
        floor: `${floor.origin}/floor/${scene.targetId}/info/`,
      },
      {
        name: `GET info/ (accountkit serve, ${label})`,
        served: `${served.origin}/api/accounts/info/`,
        floor: `${floor.origin}/floor/info/`,
      },
    ];
    await assertSameBodies(
      series.map(({ served, floor }) => [served, floor] as const),
      scene,
    );
    const figures = await alternate(series, scene, { served, floor });
    return figures.map((figure) => ({ ...figure, floorName }));
  } finally {
    await floor?.stop();
    await served.stop();
  }
}

/** RSS and heap in use after a full collection, after 20k and after 200k `<id>/info/`. */
async function memory(databaseUrl: string, mediaRoot: string): Promise<BenchFigure[]> {
  const served = await startServerProcess(
    ['--expose-gc', '--import', PROBE, CLI, 'serve'],
    serveEnv(databaseUrl, mediaRoot),
  );
  try {
    const scene = await signUpPair(served.origin);
    const url = `${served.origin}/api/accounts/${scene.targetId}/info/`;
    const load = { connections: CONNECTIONS, headers: scene.bearer };
    const measure = async () => {
      const heap = await served.heapUsedAfterGc();
      return { heap, rss: served.rss() };
    };
    await send(url, load, WARM_REQUESTS);
    const warm = await measure();
    await send(url, load, LONG_REQUESTS - WARM_REQUESTS);
    const long = await measure();
    const figure = (name: string, after: number, before: number): BenchFigure => ({
      name,
      value: after,
      unit: 'MiB',
      floorName: `the same after ${WARM_REQUESTS / 1000}k requests`,
      floor: before,
      ratio: before / after,
      target: 1 / 1.1,
    });
    return [
      figure('RSS after 200k GET <id>/info/ (accountkit serve, SQLite)', long.rss, warm.rss),
      figure('heap used after 200k GET <id>/info/, after GC', long.heap, warm.heap),
    ];
  } finally {
    await served.stop();
  }
}

/** PostgreSQL figures run when `ACCOUNTKIT_TEST_POSTGRES_URL` is set. */
export const benchServe: BenchSuite = async () => {
  const figures: BenchFigure[] = [];
  const sqlite = scratchDatabase('serve');
  try {
    figures.push(
      ...(await throughput(
        'SQLite',
        `sqlite:${sqlite.file}`,
        sqlite.file,
        sqlite.dir,
        'bare Fastify: node:crypto HMAC + JSON.parse + exp, prepared better-sqlite3 reads',
      )),
    );
    const memorySqlite = scratchDatabase('memory');
    try {
      figures.push(...(await memory(`sqlite:${memorySqlite.file}`, memorySqlite.dir)));
    } finally {
      memorySqlite.remove();
    }
    const postgresUrl = process.env.ACCOUNTKIT_TEST_POSTGRES_URL;
    if (postgresUrl) {
      const database = await createPostgresDatabase(postgresUrl);
      try {
        figures.push(
          ...(await throughput(
            'PostgreSQL',
            database.url,
            database.url,
            sqlite.dir,
            'bare Fastify: node:crypto HMAC + JSON.parse + exp, pg named prepared reads',
          )),
        );
      } finally {
        await database.drop();
      }
    }
  } finally {
    sqlite.remove();
  }
  return figures;
};

/** A fresh database named for this run on the server of `url`, dropped afterwards. */
async function createPostgresDatabase(url: string) {
  const name = `accountkit_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const database = new URL(url);
  database.pathname = `/${name}`;
  return {
    url: database.href,
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
