import { sql } from 'kysely';
import type { AccountsTableNames } from '../tables.js';
import { type SideBySideTriggers, triggerName } from './side-by-side.js';

function names({ users, follows }: AccountsTableNames) {
  return {
    keyOnInsert: triggerName(users, 'key_on_insert'),
    keyOnRename: triggerName(users, 'key_on_rename'),
    revokeOnPassword: triggerName(users, 'revoke_on_password'),
    countOnFollow: triggerName(follows, 'count_on_insert'),
    countOnUnfollow: triggerName(follows, 'count_on_delete'),
  };
}

/**
 * SQLite cannot assign to `NEW`, so each trigger runs AFTER the row is written and updates it
 * again in the same statement: a key that collides fails the writer's statement as a whole.
 * A name is ASCII when its UTF-8 bytes are as many as its characters; SQLite's `lower()` folds
 * ASCII letters only, which is exactly the key of an ASCII name.
 */
const ASCII_NAME = sql.raw('length(cast(new.username as blob)) = length(new.username)');

/** @internal */
export const sqliteTriggers: SideBySideTriggers = {
  async install(db, tables) {
    await sqliteTriggers.uninstall(db, tables);
    const n = names(tables);
    const u = sql.table(tables.users);
    const f = sql.table(tables.follows);
    const statements = [
      // accountkit inserts the right key already; Django inserts none.
      sql`create trigger ${sql.id(n.keyOnInsert)} after insert on ${u}
        when ${ASCII_NAME} and new.username_key is not lower(new.username)
        begin update ${u} set username_key = lower(new.username) where id = new.id; end`,
      // A rename that set no new key of a non-ASCII name leaves NULL: accountkit computes it.
      sql`create trigger ${sql.id(n.keyOnRename)} after update of username on ${u}
        when new.username is not old.username
        begin update ${u} set username_key = case
          when ${ASCII_NAME} then lower(new.username)
          when new.username_key is not old.username_key then new.username_key
          else null end
        where id = new.id; end`,
      sql`create trigger ${sql.id(n.revokeOnPassword)} after update of password on ${u}
        when new.password is not old.password
        begin update ${u} set token_version = token_version + 1 where id = new.id; end`,
      sql`create trigger ${sql.id(n.countOnFollow)} after insert on ${f} begin
        update ${u} set following_count = following_count + 1 where id = new.from_user_id;
        update ${u} set followers_count = followers_count + 1 where id = new.to_user_id; end`,
      sql`create trigger ${sql.id(n.countOnUnfollow)} after delete on ${f} begin
        update ${u} set following_count = following_count - 1 where id = old.from_user_id;
        update ${u} set followers_count = followers_count - 1 where id = old.to_user_id; end`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
  async uninstall(db, tables) {
    for (const name of Object.values(names(tables))) {
      await sql`drop trigger if exists ${sql.id(name)}`.execute(db);
    }
  },
  async installed(db, tables) {
    const { rows } = await sql<{ name: string }>`select name from sqlite_master
      where type = 'trigger' and name in (${sql.join(Object.values(names(tables)))})
      order by name`.execute(db);
    return rows.map((row) => row.name);
  },
};
