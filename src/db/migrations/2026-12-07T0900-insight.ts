import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Insight (issue 11): the practice list as the
// denominator of reach and equity (NHS England's "Patients Registered at a GP Practice", by
// practice × sex × 5-year age band and by practice × LSOA), modelled ethnicity shares by LSOA
// (Census 2021, loaded by a deployment), coded unmet need (which kind, which barrier) and link
// workers' contracted hours (FTE = hours ÷ 37.5, never headcount). Portable: text/integer only.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per import of one extract (kind × extract date): re-importing the same extract
  // replaces its rows, so imports are idempotent per extract date.
  await db.schema
    .createTable('list_extract')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // age_sex | lsoa
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('extract_date', 'text', (c) => c.notNull())
    .addColumn('practices', 'integer', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('patients', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text')
    .execute();
  await db.schema.createIndex('list_extract_kind_date_idx').unique().on('list_extract').columns(['kind', 'extract_date']).execute();

  await db.schema
    .createTable('list_age_sex')
    .addColumn('extract_id', 'text', (c) => c.notNull().references('list_extract.id'))
    .addColumn('practice_ods', 'text', (c) => c.notNull())
    // M | F (NHS England also publishes ALL, which is not stored: it is the sum)
    .addColumn('sex', 'text', (c) => c.notNull())
    // 0-4, 5-9, …, 90-94, 95+
    .addColumn('age_band', 'text', (c) => c.notNull())
    .addColumn('patients', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('list_age_sex_key_idx').unique().on('list_age_sex').columns(['extract_id', 'practice_ods', 'sex', 'age_band']).execute();
  await db.schema.createIndex('list_age_sex_practice_idx').on('list_age_sex').columns(['practice_ods', 'extract_id']).execute();

  await db.schema
    .createTable('list_lsoa')
    .addColumn('extract_id', 'text', (c) => c.notNull().references('list_extract.id'))
    .addColumn('practice_ods', 'text', (c) => c.notNull())
    .addColumn('lsoa', 'text', (c) => c.notNull())
    // M | F | ALL (the LSOA file is published by sex and in total)
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('patients', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('list_lsoa_key_idx').unique().on('list_lsoa').columns(['extract_id', 'practice_ods', 'lsoa', 'sex']).execute();
  await db.schema.createIndex('list_lsoa_practice_idx').on('list_lsoa').columns(['practice_ods', 'extract_id']).execute();

  // Census 2021 ethnic group shares by LSOA (ONS 5 groups), per ten thousand to stay integer.
  await db.schema
    .createTable('geo_lsoa_ethnicity')
    .addColumn('lsoa', 'text', (c) => c.notNull())
    // asian | black | mixed | white | other
    .addColumn('ethnic_group', 'text', (c) => c.notNull())
    .addColumn('per_10000', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('geo_lsoa_ethnicity_key_idx').unique().on('geo_lsoa_ethnicity').columns(['lsoa', 'ethnic_group']).execute();

  // Unmet need, coded (INSIGHT.md U1): no_service | full | barrier | declined; the barrier when kind = barrier.
  await db.schema
    .alterTable('unmet_need')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('no_service'))
    .execute();
  await db.schema.alterTable('unmet_need').addColumn('barrier', 'text').execute();
  await db.schema.createIndex('unmet_need_created_idx').on('unmet_need').column('created_at').execute();

  // Contracted hours a week, in minutes (22.5 h = 1350): FTE = minutes ÷ 2250.
  await db.schema.alterTable('app_user').addColumn('contracted_minutes', 'integer').execute();

  // Report queries read referrals by practice and date received.
  await db.schema.createIndex('referral_practice_created_idx').on('referral').columns(['practice_id', 'created_at']).execute();
  await db.schema.createIndex('community_referral_sent_idx').on('community_referral').columns(['sent_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('community_referral_sent_idx').execute();
  await db.schema.dropIndex('referral_practice_created_idx').execute();
  await db.schema.alterTable('app_user').dropColumn('contracted_minutes').execute();
  await db.schema.dropIndex('unmet_need_created_idx').execute();
  await db.schema.alterTable('unmet_need').dropColumn('barrier').execute();
  await db.schema.alterTable('unmet_need').dropColumn('kind').execute();
  await db.schema.dropTable('geo_lsoa_ethnicity').execute();
  await db.schema.dropTable('list_lsoa').execute();
  await db.schema.dropTable('list_age_sex').execute();
  await db.schema.dropTable('list_extract').execute();
}
