import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Issue 14: audit events are keyed (HMAC-SHA256 with
// a key that is never in the database) from now on. Each event records how its hash was made, so
// the events written before (plain SHA-256) still verify; every existing row is 'sha256'.
// Portable: a text column with a constant default, no branch.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('audit_event')
    .addColumn('hash_kind', 'text', (c) => c.notNull().defaultTo('sha256'))
    .execute();
}
