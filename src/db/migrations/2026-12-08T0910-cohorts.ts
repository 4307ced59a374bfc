import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Proactive cohorts (issue 12): a lead's run of the
// cohort rules over the current practice extracts in their scope, the people it found, and the
// fairness check it must pass (or have a reason recorded for) before anyone is invited.
// Portable: text/integer only; timestamps UTC ISO-8601 text; JSON as text; booleans 0/1.
// cohort_member.practice_person_id carries no foreign key: extracts are replaced on re-import and
// deleted after the retention period, while a run (and what it showed, for the audit trail)
// stays; the NHS number, practice, age and sex are kept on the member row for that reason.
export async function up(db: Kysely<any>): Promise<void> {
  // A cohort run reads every person's appointments and markers (health check, decline, referral)
  // of one extract, grouped by person: this index covers those queries and is in GROUP BY order,
  // so they are one sequential index range each (50k people, 2M events: ~0.1 s per practice on
  // SQLite instead of 1–3 s with a table lookup per event; docs/design/proactive.md).
  await db.schema.createIndex('practice_event_cohort_idx').on('practice_event').columns(['extract_id', 'kind', 'person_id', 'date', 'role']).execute();

  await db.schema
    .createTable('cohort_run')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('rules_version', 'text', (c) => c.notNull())
    // JSON: { version, mode, rules: [{ code, version, …thresholds }], exclusions, fairness }
    .addColumn('rules', 'text', (c) => c.notNull())
    // JSON: [{ id, ods, extractDate }] — the practices and the extract of each that the run read
    .addColumn('practice_ids', 'text', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    // JSON: the fairness check (src/domain/proactive/fairness.ts FairnessCheck) and counts per rule
    .addColumn('fairness', 'text', (c) => c.notNull())
    .addColumn('blocked', 'integer', (c) => c.notNull())
    .addColumn('fairness_reason', 'text')
    .addColumn('fairness_reason_by', 'text')
    .addColumn('fairness_reason_at', 'text')
    .execute();
  await db.schema.createIndex('cohort_run_created_idx').on('cohort_run').columns(['created_at']).execute();

  // The practices a run read, one row each, so who may see a run is decided in SQL: a run is
  // visible to a user only when every practice it read is in their scope.
  await db.schema
    .createTable('cohort_run_practice')
    .addColumn('run_id', 'text', (c) => c.notNull().references('cohort_run.id'))
    .addColumn('practice_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addPrimaryKeyConstraint('cohort_run_practice_pk', ['run_id', 'practice_id'])
    .execute();

  await db.schema
    .createTable('cohort_member')
    .addColumn('run_id', 'text', (c) => c.notNull().references('cohort_run.id'))
    .addColumn('practice_person_id', 'text', (c) => c.notNull())
    .addColumn('practice_id', 'text', (c) => c.notNull().references('organisation.id'))
    .addColumn('nhs_number', 'text', (c) => c.notNull())
    // the chosen rules the person matched, in rule order: 'FN-1;DEP-1'
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    // JSON: [{ rule, version, because }] — the figures behind each rule, in words, no personal data
    .addColumn('reasons', 'text', (c) => c.notNull())
    // age on the extract date and sex (male | female | other | unknown), for the list
    .addColumn('age', 'integer', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cohort_member_pk', ['run_id', 'practice_person_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('practice_event_cohort_idx').execute();
  await db.schema.dropTable('cohort_member').execute();
  await db.schema.dropTable('cohort_run_practice').execute();
  await db.schema.dropTable('cohort_run').execute();
}
