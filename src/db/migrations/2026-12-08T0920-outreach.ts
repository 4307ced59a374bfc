import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Proactive outreach (issue 12): one row per person
// of a cohort run taken into outreach, its invitations, and the opt-out list honoured by every
// later run. Portable: text/integer only, timestamps UTC ISO-8601 text, booleans 0/1.
// `run_id` and `practice_person_id` carry no foreign key: practice_person rows belong to an
// extract, which the retention setting deletes, while the outreach record (and its audit) stays;
// the NHS number and practice are kept on the row for that reason.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outreach')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('practice_person_id', 'text', (c) => c.notNull())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('nhs_number', 'text', (c) => c.notNull())
    // identified | cleared | not_suitable | invited | responded | accepted | declined | no_response | opted_out
    .addColumn('state', 'text', (c) => c.notNull())
    // cleared | not_suitable, and the coded reason for not_suitable
    .addColumn('review_outcome', 'text')
    .addColumn('review_reason', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_attempt_at', 'text')
    // the last invitation's channel, language and easy-read choice (every attempt is in outreach_attempt)
    .addColumn('channel', 'text')
    .addColumn('language', 'text')
    .addColumn('easy_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('responded_at', 'text')
    .addColumn('decline_code', 'text')
    // the referral made when the person accepted (source proactive)
    .addColumn('referral_id', 'text', (c) => c.references('referral.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('outreach_run_person_idx').unique().on('outreach').columns(['run_id', 'practice_person_id']).execute();
  // The worklist (by practice and state) and "already in outreach" (by NHS number and practice).
  await db.schema.createIndex('outreach_practice_state_idx').on('outreach').columns(['practice_id', 'state']).execute();
  await db.schema.createIndex('outreach_nhs_idx').on('outreach').columns(['nhs_number', 'practice_id']).execute();

  await db.schema
    .createTable('outreach_attempt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('outreach_id', 'text', (c) => c.notNull().references('outreach.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    // letter | sms | phone | email | in_person
    .addColumn('channel', 'text', (c) => c.notNull())
    // a language code as entered ('en', 'pl', 'ur')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('easy_read', 'integer', (c) => c.notNull())
    // what was offered, as a key (social_prescribing_offered); its SNOMED CT code is data in the domain
    .addColumn('offer', 'text', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outreach_attempt_outreach_idx').on('outreach_attempt').columns(['outreach_id', 'at']).execute();

  await db.schema
    .createTable('outreach_opt_out')
    .addColumn('nhs_number', 'text', (c) => c.notNull())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('outreach_opt_out_pk', ['nhs_number', 'practice_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outreach_opt_out').execute();
  await db.schema.dropTable('outreach_attempt').execute();
  await db.schema.dropTable('outreach').execute();
}
