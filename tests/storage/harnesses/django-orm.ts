import { pbkdf2Sync } from 'node:crypto';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { AccountsDialect } from '../../../src/storage/kysely/index.js';

// biome-ignore lint/suspicious/noExplicitAny: Django's tables, untyped as Django sees them.
export type AnyDb = Kysely<any>;

/** Django's ImageField default for `cover_image` in this app; `profile_pic` is stored empty. */
const DEFAULT_COVER = 'images/cover/coverphoto.jpg';

/** The columns Django's model has but its key, in the order its `save()` writes them. */
export const DJANGO_SAVED_COLUMNS = [
  'password',
  'last_login',
  'is_superuser',
  'username',
  'first_name',
  'last_name',
  'email',
  'is_staff',
  'is_active',
  'date_joined',
  'profile_pic',
  'cover_image',
] as const;

/** How Django 3.2's backend for each database spells what differs. */
interface Flavour {
  bool(value: boolean): boolean | number;
  instant(date: Date): Date | string;
  /** `bulk_create(..., ignore_conflicts=True)` of one edge, as `following.add` sends it. */
  insertEdgeIgnoringConflict(from: number, to: number): RawBuilder<unknown>;
  /** `INSERT ... RETURNING id` (PostgreSQL) or the driver's last insert id. */
  readonly returning: boolean;
}

/** UTC `YYYY-MM-DD HH:MM:SS.ffffff`, as Django writes a `datetime` with `USE_TZ = True`. */
const djangoText = (date: Date) => `${date.toISOString().slice(0, 23).replace('T', ' ')}000`;

const FLAVOURS: Record<AccountsDialect, Flavour> = {
  sqlite: {
    bool: (value) => (value ? 1 : 0),
    instant: djangoText,
    insertEdgeIgnoringConflict: (from, to) =>
      sql`INSERT OR IGNORE INTO account_user_following (from_user_id, to_user_id) VALUES (${from}, ${to})`,
    returning: false,
  },
  postgres: {
    bool: (value) => value,
    instant: (date) => date,
    insertEdgeIgnoringConflict: (from, to) =>
      sql`INSERT INTO account_user_following (from_user_id, to_user_id) VALUES (${from}, ${to}) ON CONFLICT DO NOTHING`,
    returning: true,
  },
  mysql: {
    bool: (value) => (value ? 1 : 0),
    instant: djangoText,
    insertEdgeIgnoringConflict: (from, to) =>
      sql`INSERT IGNORE INTO account_user_following (from_user_id, to_user_id) VALUES (${from}, ${to})`,
    returning: false,
  },
};

/**
 * A Django process writing the tables: the statements Django 3.2's ORM sends for each call,
 * with plain SQL on a connection of its own. Nothing of accountkit is involved.
 */
export interface DjangoOrm {
  readonly db: AnyDb;
  /** `User.objects.create_user(username, email, password)`, the hash made beforehand. */
  createUser(username: string, passwordHash: string, at?: Date): Promise<number>;
  /** `user.following.add(other)`: one INSERT in a transaction of its own. */
  follow(from: number, to: number): Promise<void>;
  /** `user.following.remove(other)`: one DELETE in a transaction of its own. */
  unfollow(from: number, to: number): Promise<void>;
  /** `user.delete()`: the collector's deletes and updates, then the row, in one transaction. */
  deleteUser(id: number): Promise<void>;
  /** `user.set_password(raw)` then `user.save(update_fields=['password'])`. */
  setPassword(id: number, passwordHash: string): Promise<void>;
  /** `user.save()` of a user loaded earlier: every column written back, with `changes`. */
  save(
    id: number,
    changes?: { readonly username?: string; readonly email?: string },
  ): Promise<void>;
}

export function djangoOrm(dialect: AccountsDialect, db: AnyDb): DjangoOrm {
  const flavour = FLAVOURS[dialect];
  return {
    db,
    async createUser(username, passwordHash, at = new Date()) {
      const values = [
        passwordHash,
        null,
        flavour.bool(false),
        username,
        '',
        '',
        `${username.toLowerCase()}@example.test`,
        flavour.bool(false),
        flavour.bool(true),
        flavour.instant(at),
        '',
        DEFAULT_COVER,
      ];
      const insert = sql`INSERT INTO account_user (${sql.raw(DJANGO_SAVED_COLUMNS.join(', '))}) VALUES (${sql.join(values)})`;
      if (flavour.returning) {
        const { rows } = await sql<{ id: string }>`${insert} RETURNING account_user.id`.execute(db);
        return Number(rows[0]?.id);
      }
      const result = await insert.execute(db);
      return Number(result.insertId);
    },
    async follow(from, to) {
      await db
        .transaction()
        .execute((trx) => flavour.insertEdgeIgnoringConflict(from, to).execute(trx));
    },
    async unfollow(from, to) {
      await db
        .transaction()
        .execute((trx) =>
          sql`DELETE FROM account_user_following WHERE from_user_id = ${from} AND to_user_id IN (${to})`.execute(
            trx,
          ),
        );
    },
    async deleteUser(id) {
      await db.transaction().execute(async (trx) => {
        await sql`DELETE FROM account_user_groups WHERE user_id IN (${id})`.execute(trx);
        await sql`DELETE FROM account_user_user_permissions WHERE user_id IN (${id})`.execute(trx);
        await sql`DELETE FROM account_user_following WHERE from_user_id IN (${id})`.execute(trx);
        await sql`DELETE FROM account_user_following WHERE to_user_id IN (${id})`.execute(trx);
        await sql`DELETE FROM django_admin_log WHERE user_id IN (${id})`.execute(trx);
        await sql`UPDATE token_blacklist_outstandingtoken SET user_id = NULL WHERE user_id IN (${id})`.execute(
          trx,
        );
        await sql`DELETE FROM account_user WHERE id IN (${id})`.execute(trx);
      });
    },
    async setPassword(id, passwordHash) {
      await sql`UPDATE account_user SET password = ${passwordHash} WHERE id = ${id}`.execute(db);
    },
    async save(id, changes = {}) {
      const { rows } = await sql<
        Record<string, unknown>
      >`SELECT ${sql.raw(DJANGO_SAVED_COLUMNS.join(', '))} FROM account_user WHERE id = ${id}`.execute(
        db,
      );
      const row: Record<string, unknown> = { ...rows[0], ...changes };
      const assignments = DJANGO_SAVED_COLUMNS.map(
        (column) => sql`${sql.raw(column)} = ${row[column]}`,
      );
      await sql`UPDATE account_user SET ${sql.join(assignments)} WHERE id = ${id}`.execute(db);
    },
  };
}

/** Django's `make_password` with `PBKDF2PasswordHasher` (Django 3.2: 260,000 iterations). */
export function makePassword(password: string, salt: string, iterations = 260_000): string {
  const hash = pbkdf2Sync(password, salt, iterations, 32, 'sha256').toString('base64');
  return `pbkdf2_sha256$${iterations}$${salt}$${hash}`;
}
