import { sql } from 'kysely';
import type { AccountsTableNames } from '../tables.js';
import { type SideBySideTriggers, triggerName } from './side-by-side.js';

function names({ users, follows }: AccountsTableNames) {
  return {
    onInsert: triggerName(users, 'before_insert'),
    onUpdate: triggerName(users, 'before_update'),
    lockOnFollow: triggerName(follows, 'lock_on_insert'),
    countOnFollow: triggerName(follows, 'count_on_insert'),
    countOnUnfollow: triggerName(follows, 'count_on_delete'),
  };
}

/**
 * ASCII when converting to ASCII changes no byte (any other character becomes `?`); compared
 * as bytes because Django's `utf8mb4_general_ci` would call `é` and `e` equal. Such a name's
 * key is its ASCII lower case, whatever the column's collation.
 */
const ASCII_NAME = sql.raw(
  'cast(convert(new.username using ascii) as binary) = cast(new.username as binary)',
);
const ASCII_KEY = sql.raw('lower(convert(new.username using ascii))');

/** Whether a column changed, byte for byte (NULL-safe). */
const changed = (column: string) =>
  sql.raw(`not (cast(new.${column} as binary) <=> cast(old.${column} as binary))`);

/**
 * MySQL and MariaDB. `BEFORE` triggers assign to `NEW`, so a key that collides fails the
 * writer's own statement. A trigger may not write the table its statement uses (error 1442),
 * so nothing here can act on `account_user` from a trigger on `account_user` itself, and rows
 * removed by a foreign-key cascade fire no trigger at all; Django's schema has no cascades (its
 * ORM deletes a user's edges with their own DELETE), which the edge triggers count.
 *
 * @internal
 */
export const mysqlTriggers: SideBySideTriggers = {
  async install(db, tables) {
    await mysqlTriggers.uninstall(db, tables);
    const n = names(tables);
    const u = sql.table(tables.users);
    const f = sql.table(tables.follows);
    const statements = [
      sql`create trigger ${sql.id(n.onInsert)} before insert on ${u} for each row
        begin
          if ${ASCII_NAME} then set new.username_key = ${ASCII_KEY}; end if;
        end`,
      // A rename that set no new key of a non-ASCII name leaves NULL: accountkit computes it.
      sql`create trigger ${sql.id(n.onUpdate)} before update on ${u} for each row
        begin
          if ${changed('username')} then
            if ${ASCII_NAME} then set new.username_key = ${ASCII_KEY};
            elseif not ${changed('username_key')} then set new.username_key = null;
            end if;
          end if;
          if ${changed('password')} then set new.token_version = new.token_version + 1; end if;
        end`,
      // Both users are locked (a primary-key range scan: in id order) before InnoDB's
      // foreign-key check takes shared locks on them: two writers holding a shared lock that
      // both then want exclusive deadlock (37 of 40 concurrent follows of one user did,
      // measured on MariaDB 10.11).
      sql`create trigger ${sql.id(n.lockOnFollow)} before insert on ${f} for each row
        begin
          declare parents int;
          select count(*) into parents from ${u}
            where id in (new.from_user_id, new.to_user_id) for update;
        end`,
      // After the insert, so an `INSERT IGNORE` that skips a duplicate (Django's
      // `following.add`) counts nothing.
      sql`create trigger ${sql.id(n.countOnFollow)} after insert on ${f} for each row
        update ${u} set
          following_count = following_count + (id = new.from_user_id),
          followers_count = followers_count + (id = new.to_user_id)
        where id in (new.from_user_id, new.to_user_id) order by id`,
      sql`create trigger ${sql.id(n.countOnUnfollow)} after delete on ${f} for each row
        update ${u} set
          following_count = following_count - (id = old.from_user_id),
          followers_count = followers_count - (id = old.to_user_id)
        where id in (old.from_user_id, old.to_user_id) order by id`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
  async uninstall(db, tables) {
    for (const name of Object.values(names(tables))) {
      await sql`drop trigger if exists ${sql.id(name)}`.execute(db);
    }
  },
  async installed(db, tables) {
    const { rows } = await sql<{ name: string }>`select trigger_name as name
      from information_schema.triggers
      where trigger_schema = database()
        and trigger_name in (${sql.join(Object.values(names(tables)))})
      order by name`.execute(db);
    return rows.map((row) => row.name);
  },
};
