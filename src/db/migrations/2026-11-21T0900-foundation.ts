import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Portable types only (text, integer, bigint,
// double precision), so no dialect branch is needed here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ods_code', 'text', (c) => c.unique())
    .addColumn('parent_id', 'text', (c) => c.references('organisation.id'))
    .addColumn('list_size', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organisation_parent_idx').on('organisation').column('parent_id').execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('user_scope')
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addPrimaryKeyConstraint('user_scope_pk', ['user_id', 'organisation_id'])
    .execute();
  await db.schema.createIndex('user_scope_org_idx').on('user_scope').column('organisation_id').execute();

  await db.schema
    .createTable('user_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('idle_expires_at', 'text', (c) => c.notNull())
    .addColumn('absolute_expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('user_session_user_idx').on('user_session').column('user_id').execute();

  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('lockouts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('window_started_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_event_person_idx').on('audit_event').columns(['person_id', 'seq']).execute();
  await db.schema.createIndex('audit_event_actor_idx').on('audit_event').columns(['actor_user_id', 'seq']).execute();
  await db.schema.createIndex('audit_event_at_idx').on('audit_event').column('at').execute();

  // One row: the head of the hash chain. Appenders update it first, which serialises them.
  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('audit_chain_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute();

  await db.schema
    .createTable('geo_postcode')
    .addColumn('postcode', 'text', (c) => c.primaryKey())
    .addColumn('lsoa', 'text')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('terminated', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('geo_lsoa')
    .addColumn('lsoa', 'text', (c) => c.primaryKey())
    .addColumn('imd_decile', 'integer', (c) => c.notNull())
    .addColumn('imd_rank', 'integer')
    .execute();

  await db.schema
    .createTable('person')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('nhs_number', 'text', (c) => c.unique())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('date_of_birth', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text')
    .addColumn('practice_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('person_practice_idx').on('person').column('practice_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'person',
    'geo_lsoa',
    'geo_postcode',
    'audit_chain_head',
    'audit_event',
    'sign_in_throttle',
    'user_session',
    'user_scope',
    'app_user',
    'organisation',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
