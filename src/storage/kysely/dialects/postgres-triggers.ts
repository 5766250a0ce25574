import { sql } from 'kysely';
import type { AccountsTableNames } from '../tables.js';
import { type SideBySideTriggers, triggerName } from './side-by-side.js';

function names({ users, follows }: AccountsTableNames) {
  return {
    derive: triggerName(users, 'derive'),
    count: triggerName(follows, 'count'),
  };
}

/**
 * One trigger function per table; each trigger has its function's name. `BEFORE` triggers
 * assign to `NEW`, so a key that collides fails the writer's own INSERT or UPDATE.
 *
 * @internal
 */
export const postgresTriggers: SideBySideTriggers = {
  async install(db, tables) {
    await postgresTriggers.uninstall(db, tables);
    const n = names(tables);
    const u = sql.table(tables.users);
    const f = sql.table(tables.follows);
    // `[[:ascii:]]` and `collate "C"`: only an ASCII name is keyed here, folded by ASCII rules
    // whatever the database's locale (a Turkish one lowers `I` to dotless `ı`).
    await sql`create function ${sql.id(n.derive)}() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          if new.username ~ '^[[:ascii:]]*$' then
            new.username_key := lower(new.username collate "C");
          end if;
          return new;
        end if;
        if new.username is distinct from old.username then
          if new.username ~ '^[[:ascii:]]*$' then
            new.username_key := lower(new.username collate "C");
          elsif new.username_key is not distinct from old.username_key then
            -- A rename that set no new key: accountkit computes it when it is next needed.
            new.username_key := null;
          end if;
        end if;
        if new.password is distinct from old.password then
          new.token_version := new.token_version + 1;
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger ${sql.id(n.derive)} before insert or update of username, password
      on ${u} for each row execute procedure ${sql.id(n.derive)}()`.execute(db);
    // One UPDATE for both rows locks them in index (id) order, as accountkit's writers do, so
    // crossed follows do not deadlock. The search path is pinned to the one the tables were
    // found on, whatever the writing session's.
    await sql`create function ${sql.id(n.count)}() returns trigger language plpgsql
      set search_path from current as $$
      begin
        if tg_op = 'INSERT' then
          update ${u} set
            following_count = following_count + (id = new.from_user_id)::int,
            followers_count = followers_count + (id = new.to_user_id)::int
          where id in (new.from_user_id, new.to_user_id);
        else
          update ${u} set
            following_count = following_count - (id = old.from_user_id)::int,
            followers_count = followers_count - (id = old.to_user_id)::int
          where id in (old.from_user_id, old.to_user_id);
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger ${sql.id(n.count)} after insert or delete on ${f}
      for each row execute procedure ${sql.id(n.count)}()`.execute(db);
  },
  async uninstall(db, tables) {
    const n = names(tables);
    await sql`drop trigger if exists ${sql.id(n.derive)} on ${sql.table(tables.users)}`.execute(db);
    await sql`drop trigger if exists ${sql.id(n.count)} on ${sql.table(tables.follows)}`.execute(
      db,
    );
    await sql`drop function if exists ${sql.id(n.derive)}()`.execute(db);
    await sql`drop function if exists ${sql.id(n.count)}()`.execute(db);
  },
  async installed(db, tables) {
    const { rows } = await sql<{ name: string }>`select tgname as name from pg_trigger
      where not tgisinternal
        and tgrelid in (to_regclass(quote_ident(${tables.users})), to_regclass(quote_ident(${tables.follows})))
        and tgname in (${sql.join(Object.values(names(tables)))})
      order by name`.execute(db);
    return rows.map((row) => row.name);
  },
};
