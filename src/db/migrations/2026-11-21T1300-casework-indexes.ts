import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. An index found missing by the casework benchmark
// (bench/casework.ts: 50,000 people, 200,000 referrals, 1.1M contacts). Portable: a plain
// composite index on both databases, no dialect branch.
export async function up(db: Kysely<any>): Promise<void> {
  // The caseload and Today count each listed case's successful contacts in one grouped query
  // (`referral_id IN (…the page's cases…) AND successful = 1 GROUP BY referral_id`).
  // contact_referral_idx (referral_id, at) finds a case's contacts but must then read every contact
  // row to test `successful` (~1,500 rows for a 250-case page); this index holds both columns, so
  // the count is answered from the index alone: ~2 ms → ~0.8 ms per page on SQLite, and an
  // index-only scan on PostgreSQL. contact_referral_idx stays: the case page lists contacts by `at`.
  await db.schema.createIndex('contact_referral_successful_idx').on('contact').columns(['referral_id', 'successful']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('contact_referral_successful_idx').execute();
}
