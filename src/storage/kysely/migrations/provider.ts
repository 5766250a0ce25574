import type { Migration, MigrationProvider } from 'kysely';
import {
  createEmailVerifications,
  createFollows,
  createRefreshTokens,
  createUsers,
} from './create-tables.js';
import { addColumnsToDjangoUsers, backfillDjangoUsers } from './django.js';
import { installSideBySide } from './django-side-by-side.js';
import type { MigrationDb, SchemaContext } from './schema-context.js';
import { addSessionDetails } from './session-details.js';

type Step = (db: MigrationDb, ctx: SchemaContext) => Promise<void>;

function provide(ctx: SchemaContext, steps: Record<string, Step>): MigrationProvider {
  const migrations: Record<string, Migration> = {};
  for (const [name, step] of Object.entries(steps)) {
    migrations[name] = { up: (db) => step(db, ctx) };
  }
  return { getMigrations: async () => migrations };
}

/**
 * accountkit's own schema, in code (no file system, so it survives bundling). Names are
 * zero-padded so alphabetical order is creation order.
 *
 * @internal
 */
export function accountsMigrations(ctx: SchemaContext): MigrationProvider {
  return provide(ctx, {
    '0001-create-users': createUsers,
    '0002-create-follows': createFollows,
    '0003-create-refresh-tokens': createRefreshTokens,
    '0004-session-details': addSessionDetails,
    '0005-email-verifications': createEmailVerifications,
  });
}

/**
 * The path for an existing Django database: add accountkit's columns to Django's users table,
 * backfill them, create the refresh-token table, and install the triggers that keep
 * accountkit's columns right while Django still writes. Django's follow table already has the
 * unique pair and both indexes.
 *
 * @internal
 */
export function djangoMigrations(ctx: SchemaContext): MigrationProvider {
  return provide(ctx, {
    '0001-django-add-user-columns': addColumnsToDjangoUsers,
    '0002-django-backfill-users': backfillDjangoUsers,
    '0003-create-refresh-tokens': createRefreshTokens,
    '0004-django-side-by-side-triggers': installSideBySide,
    '0005-session-details': addSessionDetails,
    '0006-email-verifications': createEmailVerifications,
  });
}
