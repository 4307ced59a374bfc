import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Which people a list, search, inbox or export
// showed (issue 14): one row per person per audit event, so "who has seen this person" finds list
// appearances as well as reads of the record. Keyed by person first: the trail filtered by person
// is one index range. No foreign key to audit_event: the trail is append-only and its integrity is
// the hash chain's job (the event's summary carries a digest of these ids). Portable, no branch.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_event_person')
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('event_seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_event_person_pk', ['person_id', 'event_seq'])
    .execute();
  await db.schema.createIndex('audit_event_person_event_idx').on('audit_event_person').column('event_seq').execute();
}
