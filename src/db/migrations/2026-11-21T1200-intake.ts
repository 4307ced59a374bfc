import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Referral intake: how best to reach the person about
// this referral ("ring after 2pm; her daughter answers"), which belongs to the referral rather
// than the person's standing contact preferences — a referrer may not change the person's record.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('referral').addColumn('contact_notes', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('referral').dropColumn('contact_notes').execute();
}
