import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Work as a pathway (issue 12): employment status
// and fit-note state at baseline, discharge and follow-up (13 and 26 weeks after a return to
// work), one row per case, stage and follow-up, re-recorded in place under a version; and the
// plan's work goal and barriers, as columns of plan_version because every plan save is a new
// version (the work part is versioned with the goals). Both columns are optional: nothing about
// work is needed to save a plan, and "not_a_goal_now" is an answer of its own.
// Portable: text/integer only; dates are YYYY-MM-DD text; lists are ';'-joined codes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('work_record')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referral.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    // baseline | discharge | follow_up
    .addColumn('stage', 'text', (c) => c.notNull())
    // 13 or 26 for a follow-up, 0 for the baseline and discharge (so the unique key works on both databases)
    .addColumn('follow_up_weeks', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('employment_status', 'text')
    .addColumn('off_sick_since', 'text')
    // none | not_fit | may_be_fit
    .addColumn('fit_note_state', 'text')
    // phased_return;altered_hours;amended_duties;workplace_adaptations
    .addColumn('adjustments', 'text')
    // a follow-up's answer: 1 still in work, 0 not; null at other stages
    .addColumn('in_work', 'integer')
    .addColumn('returned_to_work_on', 'text')
    // volunteering;training;job_search
    .addColumn('movement', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_record_key_idx').unique().on('work_record').columns(['referral_id', 'stage', 'follow_up_weeks']).execute();
  await db.schema.createIndex('work_record_person_idx').on('work_record').columns(['person_id']).execute();

  await db.schema.alterTable('plan_version').addColumn('work_goal', 'text').execute();
  await db.schema.alterTable('plan_version').addColumn('work_barriers', 'text').execute();
}
