import type { ColumnType, Generated, Insertable } from 'kysely';

/**
 * An instant as a column: `timestamptz` on PostgreSQL, `datetime(6)` on MySQL, Django's text
 * form on SQLite. Read through the dialect, which returns a `Date`.
 */
export type DateColumn = ColumnType<Date | string, Date | string, Date | string>;

/** A boolean as a column: `boolean` on PostgreSQL, an integer 0/1 on SQLite and MySQL. */
export type BoolColumn = ColumnType<boolean | number, boolean | number, boolean | number>;

/** An integer that `pg` may return as a string (bigint); rows.ts converts it. */
export type IntColumn = ColumnType<number | string, number, number | string>;

/**
 * The users table: Django's `account_user` columns (`AbstractUser` plus `profile_pic` and
 * `cover_image`) and accountkit's own `username_key`, counters and `token_version`.
 */
export interface UserTable {
  id: Generated<number | string>;
  password: string;
  last_login: ColumnType<Date | string | null, Date | string | null, Date | string | null>;
  is_superuser: BoolColumn;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  is_staff: BoolColumn;
  is_active: BoolColumn;
  date_joined: DateColumn;
  profile_pic: string | null;
  cover_image: string | null;
  username_key: string;
  followers_count: IntColumn;
  following_count: IntColumn;
  token_version: IntColumn;
}

/** A user row to insert. @internal */
export type UserInsert = Insertable<UserTable>;

/** The follow edges, as Django's many-to-many table: `from_user_id` follows `to_user_id`. */
export interface FollowTable {
  id: Generated<number | string>;
  from_user_id: IntColumn;
  to_user_id: IntColumn;
}

/** Refresh-token records: identifiers and marks, never a token. */
export interface RefreshTokenTable {
  jti: string;
  family_id: string;
  user_id: IntColumn;
  parent_jti: string | null;
  issued_at: DateColumn;
  expires_at: DateColumn;
  used_at: ColumnType<Date | string | null, Date | string | null, Date | string | null>;
  revoked_at: ColumnType<Date | string | null, Date | string | null, Date | string | null>;
  /** `NULL` on records written before sessions were recorded. */
  session_began_at: ColumnType<
    Date | string | null,
    Date | string | null | undefined,
    Date | string | null
  >;
  user_agent: ColumnType<string | null, string | null | undefined, string | null>;
  address: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * The address each user verified, and when: accountkit's own table, also beside Django's (its
 * tables have no such column). A user's address counts as verified only while it still equals
 * `email` here, so any change of the address, by accountkit or by Django, clears it.
 */
export interface EmailVerificationTable {
  user_id: IntColumn;
  email: string;
  verified_at: DateColumn;
}

/**
 * The database as accountkit's queries see it, under the default table names. Other names
 * (Django's `account_user`, ...) are mapped at query time; see {@link AccountsTableNames}.
 */
export interface AccountsDatabase {
  accountkit_user: UserTable;
  accountkit_user_following: FollowTable;
  accountkit_refresh_token: RefreshTokenTable;
  accountkit_email_verification: EmailVerificationTable;
}

/** The real names of the three tables. */
export interface AccountsTableNames {
  /** Default `accountkit_user`; Django: `account_user`. */
  readonly users: string;
  /** Default `accountkit_user_following`; Django: `account_user_following`. */
  readonly follows: string;
  /** Default `accountkit_refresh_token`. */
  readonly refreshTokens: string;
}

/** accountkit's own table names. */
export const DEFAULT_TABLE_NAMES: AccountsTableNames = Object.freeze({
  users: 'accountkit_user',
  follows: 'accountkit_user_following',
  refreshTokens: 'accountkit_refresh_token',
});

/** The names of the tables a Django project with an `account` app already has. */
export const DJANGO_TABLE_NAMES: AccountsTableNames = Object.freeze({
  users: 'account_user',
  follows: 'account_user_following',
  refreshTokens: 'accountkit_refresh_token',
});

/** Fill missing names with the defaults. @internal */
export function resolveTableNames(tables: Partial<AccountsTableNames> = {}): AccountsTableNames {
  return { ...DEFAULT_TABLE_NAMES, ...tables };
}
