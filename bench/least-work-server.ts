/**
 * The least a `GET <id>/info/` or `GET info/` route does, as a bare Fastify server in its own
 * process: split the bearer, check the HS256 HMAC with `node:crypto` in constant time on the
 * base64url text, `JSON.parse` the payload, check `exp`, read the viewer (exists and active),
 * the target and the follow edge with prepared statements (better-sqlite3, or `pg` named
 * queries), and reply with the same body accountkit sends.
 *
 * `node --import tsx bench/least-work-server.ts <sqlite file | postgres URL>`, with `PORT` and
 * the signing key in `ACCOUNTKIT_SIGNING_KEY`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';

interface UserRow {
  id: number | string;
  username: string;
  date_joined: string | Date;
  email: string;
  profile_pic: string | null;
  cover_image: string | null;
  followers_count: number;
  following_count: number;
  is_active: number | boolean;
}

const location = process.argv[2] ?? '';
const secret = Buffer.from(process.env.ACCOUNTKIT_SIGNING_KEY ?? '');

const USER_BY_ID =
  'select id, username, date_joined, email, profile_pic, cover_image, followers_count, following_count, is_active from accountkit_user where id = $1';
const FOLLOWS =
  'select 1 from accountkit_user_following where from_user_id = $1 and to_user_id = $2';

/** The two reads, on whichever database the location names. */
function openReads(): {
  user(id: number): Promise<UserRow | undefined>;
  follows(from: number, to: number): Promise<boolean>;
} {
  if (location.startsWith('postgres')) {
    const pool = new pg.Pool({ connectionString: location, max: 10 });
    return {
      user: async (id) =>
        (await pool.query<UserRow>({ name: 'user', text: USER_BY_ID, values: [id] })).rows[0],
      follows: async (from, to) =>
        (await pool.query({ name: 'follows', text: FOLLOWS, values: [from, to] })).rowCount === 1,
    };
  }
  const database = new SQLite(location, { readonly: true });
  const userById = database.prepare(USER_BY_ID.replace('$1', '?'));
  const follows = database.prepare(FOLLOWS.replace('$1', '?').replace('$2', '?'));
  return {
    user: async (id) => userById.get(id) as UserRow | undefined,
    follows: async (from, to) => follows.get(from, to) !== undefined,
  };
}

/** The viewer's id, or `null` for any token that is not a valid, unexpired HS256 token. */
function verify(authorization: string | undefined): number | null {
  if (authorization === undefined || !authorization.startsWith('Bearer ')) return null;
  const token = authorization.slice('Bearer '.length);
  const signed = token.lastIndexOf('.');
  const mac = Buffer.from(
    createHmac('sha256', secret).update(token.slice(0, signed)).digest('base64url'),
  );
  const signature = Buffer.from(token.slice(signed + 1));
  if (mac.length !== signature.length || !timingSafeEqual(mac, signature)) return null;
  const payload = JSON.parse(
    Buffer.from(token.slice(token.indexOf('.') + 1, signed), 'base64url').toString('utf8'),
  ) as { exp: number; user_id: number };
  return payload.exp > Date.now() / 1000 ? payload.user_id : null;
}

const NBSP = '\u00a0';

/** Django's `naturaltime` for the under-a-day ages a benchmark's users have. */
function joined(value: string | Date): string {
  const at = typeof value === 'string' ? Date.parse(`${value.replace(' ', 'T')}Z`) : +value;
  const seconds = Math.floor((Date.now() - at) / 1000);
  if (seconds === 0) return 'now';
  if (seconds < 60) return seconds === 1 ? 'a second ago' : `${seconds}${NBSP}seconds ago`;
  const minutes = Math.floor(seconds / 60);
  if (seconds < 3600) return minutes === 1 ? 'a minute ago' : `${minutes}${NBSP}minutes ago`;
  const hours = Math.floor(seconds / 3600);
  return hours === 1 ? 'an hour ago' : `${hours}${NBSP}hours ago`;
}

function view(row: UserRow) {
  return {
    id: Number(row.id),
    username: row.username,
    date_joined: joined(row.date_joined),
    email: row.email,
    profile_pic: row.profile_pic === null ? null : `/media/${row.profile_pic}`,
    following: row.following_count,
    followers: row.followers_count,
    cover_image: `/media/${row.cover_image ?? 'images/cover/coverphoto.jpg'}`,
  };
}

const reads = openReads();
const app = Fastify({ logger: false });

/** The viewer, when the token is good and the account exists and is active. */
async function viewer(authorization: string | undefined): Promise<UserRow | undefined> {
  const id = verify(authorization);
  const row = id === null ? undefined : await reads.user(id);
  return row?.is_active ? row : undefined;
}

app.get<{ Params: { id: string } }>('/floor/:id/info/', async (request, reply) => {
  const me = await viewer(request.headers.authorization);
  if (me === undefined) return reply.code(401).send({});
  const meId = Number(me.id);
  const id = Number(request.params.id);
  const [row, following] = await Promise.all([
    reads.user(id),
    meId === id ? false : reads.follows(meId, id),
  ]);
  if (row === undefined || !row.is_active) return reply.code(404).send({});
  return { ...view(row), is_following: following };
});

app.get('/floor/info/', async (request, reply) => {
  const me = await viewer(request.headers.authorization);
  return me === undefined ? reply.code(401).send({}) : view(me);
});

app.get('/healthz', async () => ({ status: 'ok' }));

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
// A clean exit, so a `--cpu-prof` of the floor is written too.
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0));
});
