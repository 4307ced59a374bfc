import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Indexes found missing by the insight reports'
// benchmark (bench/reports.ts: an ICB of 30 PCNs, ~1M referrals over five years, ~6M contacts).
// Portable: plain composite indexes on both databases, no dialect branch.
export async function up(db: Kysely<any>): Promise<void> {
  // Which link workers hold a case at the report's practices: one probe per link worker and
  // practice, instead of reading every referral the practices ever had.
  await db.schema.createIndex('referral_lw_practice_idx').on('referral').columns(['link_worker_id', 'practice_id']).execute();
  // Episodes closed in a period, by practice (pathway F4–F5); demand D3's discharges and who they
  // were from the index alone.
  await db.schema.createIndex('referral_practice_closed_idx').on('referral').columns(['practice_id', 'closed_at', 'status', 'person_id']).execute();
  // A referral's practice from its id without reading the row: community referrals, unmet needs
  // and contacts found by date are kept or dropped by their case's practice (index-only on both).
  await db.schema.createIndex('referral_id_practice_idx').on('referral').columns(['id', 'practice_id']).execute();
  // Every contact figure of the reports from the index alone: per case, the first attempt, the
  // first successful contact and successful contacts by type (pathway), a successful contact in a
  // window (workload W1–W2) and who recorded the successful contacts of a period (W3).
  await db.schema.createIndex('contact_report_idx').on('contact').columns(['referral_id', 'successful', 'at', 'type', 'created_by']).execute();
  // Community referrals of a case sent in a window (the community-services report for a few practices).
  await db.schema.createIndex('community_referral_referral_sent_idx').on('community_referral').columns(['referral_id', 'sent_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('community_referral_referral_sent_idx').execute();
  await db.schema.dropIndex('contact_report_idx').execute();
  await db.schema.dropIndex('referral_id_practice_idx').execute();
  await db.schema.dropIndex('referral_practice_closed_idx').execute();
  await db.schema.dropIndex('referral_lw_practice_idx').execute();
}
