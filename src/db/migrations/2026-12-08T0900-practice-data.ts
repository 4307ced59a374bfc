import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Proactive social prescribing (issue 12): a GP
// practice's own search, exported as two CSV files (people and events) and imported as one
// extract per practice and extract date. Person-level practice data: read only by the practice's
// own staff and the link workers covering it, and deleted after the deployment's retention period.
// Portable: text/integer only; dates are YYYY-MM-DD text so ranges compare as strings on both.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('practice_extract')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('extract_date', 'text', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text')
    .execute();
  // Idempotent per practice and extract date: importing the same extract again replaces it.
  await db.schema.createIndex('practice_extract_key_idx').unique().on('practice_extract').columns(['practice_id', 'extract_date']).execute();

  await db.schema
    .createTable('practice_person')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('extract_id', 'text', (c) => c.notNull().references('practice_extract.id'))
    .addColumn('practice_id', 'text', (c) => c.notNull())
    .addColumn('nhs_number', 'text', (c) => c.notNull())
    .addColumn('date_of_birth', 'text', (c) => c.notNull())
    // male | female | other | unknown
    .addColumn('sex', 'text', (c) => c.notNull())
    // NHS ethnic category letter (A–Z), null when not stated
    .addColumn('ethnicity', 'text')
    .addColumn('postcode', 'text')
    // Resolved from the postcode at import when the postcode directory is loaded
    .addColumn('lsoa', 'text')
    // Semicolon-separated register codes, sorted (HYP;DM;…), and how many
    .addColumn('ltc_registers', 'text', (c) => c.notNull())
    .addColumn('ltc_count', 'integer', (c) => c.notNull())
    .addColumn('palliative', 'integer', (c) => c.notNull())
    .addColumn('do_not_contact', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('practice_person_key_idx').unique().on('practice_person').columns(['extract_id', 'nhs_number']).execute();
  await db.schema.createIndex('practice_person_nhs_idx').on('practice_person').columns(['nhs_number']).execute();

  await db.schema
    .createTable('practice_event')
    .addColumn('extract_id', 'text', (c) => c.notNull().references('practice_extract.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('practice_person.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    // appointment | dna | fit_note | sp_referral | sp_declined | health_check
    .addColumn('kind', 'text', (c) => c.notNull())
    // fit notes: the last day covered, and not_fit | may_be_fit
    .addColumn('end_date', 'text')
    .addColumn('fitness', 'text')
    // appointments and did-not-attends: gp | nurse | link_worker | other
    .addColumn('role', 'text')
    .execute();
  await db.schema.createIndex('practice_event_person_idx').on('practice_event').columns(['person_id', 'kind', 'date']).execute();
  await db.schema.createIndex('practice_event_extract_idx').on('practice_event').columns(['extract_id', 'kind', 'date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('practice_event').execute();
  await db.schema.dropTable('practice_person').execute();
  await db.schema.dropTable('practice_extract').execute();
}
