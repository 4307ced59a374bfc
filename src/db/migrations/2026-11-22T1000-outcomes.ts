import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Wellbeing outcomes: licensed instrument packs a
// deployment loads (built-in instruments live in code, src/domain/instruments), administrations of
// an instrument on a case, and one-time self-completion links. Portable: text/integer/real only;
// JSON as text; timestamps as UTC ISO-8601 text.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('instrument_pack')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON: the whole validated pack (docs/instrument-packs.md)
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('licence_holder', 'text', (c) => c.notNull())
    .addColumn('licence_expires_on', 'text')
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('installed_at', 'text', (c) => c.notNull())
    .addColumn('installed_by', 'text')
    .execute();
  await db.schema.createIndex('instrument_pack_code_version_idx').unique().on('instrument_pack').columns(['code', 'version']).execute();

  await db.schema
    .createTable('outcome_administration')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referral.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('instrument_code', 'text', (c) => c.notNull())
    .addColumn('instrument_version', 'text', (c) => c.notNull())
    // baseline | review | final
    .addColumn('timepoint', 'text', (c) => c.notNull())
    // self_online | self_paper | face_to_face | telephone
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('administered_on', 'text', (c) => c.notNull())
    // JSON: { [itemId]: optionValue }
    .addColumn('answers', 'text', (c) => c.notNull())
    // JSON: the scored result { total?, metric?, items?, band?, ... } (src/domain/instruments)
    .addColumn('scores', 'text', (c) => c.notNull())
    // The instrument's headline score (after any conversion) for cohort analysis; null when per item only.
    .addColumn('primary_score', 'real')
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outcome_admin_referral_idx').on('outcome_administration').columns(['referral_id', 'instrument_code']).execute();
  await db.schema.createIndex('outcome_admin_instrument_idx').on('outcome_administration').columns(['instrument_code', 'administered_on']).execute();

  await db.schema
    .createTable('outcome_link')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // SHA-256 of the random token; the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referral.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('instrument_code', 'text', (c) => c.notNull())
    .addColumn('instrument_version', 'text', (c) => c.notNull())
    .addColumn('timepoint', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('administration_id', 'text', (c) => c.references('outcome_administration.id'))
    .execute();
  await db.schema.createIndex('outcome_link_token_idx').unique().on('outcome_link').column('token_hash').execute();
  await db.schema.createIndex('outcome_link_referral_idx').on('outcome_link').column('referral_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['outcome_link', 'outcome_administration', 'instrument_pack']) await db.schema.dropTable(t).execute();
}
