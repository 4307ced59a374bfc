import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Indexes found missing by the insight reports'
// benchmark (bench/reports.ts: an ICB of 30 PCNs, ~1M referrals over five years, ~6M contacts).
// Most are covering: a report reads a year of a PCN's cases (~7,000) or of an ICB's (~200,000)
// several times over, and each read that must visit the table row costs a random page read per
// case. Portable: plain composite indexes on both databases, no dialect branch.
export async function up(db: Kysely<any>): Promise<void> {
  // A practice's cases received in a period, their ids and link workers from the index alone: the
  // episode reads' `referral_id IN (…)` lists, and workload W3's contacts by case.
  await db.schema.createIndex('referral_practice_created_id_idx').on('referral').columns(['practice_id', 'created_at', 'id', 'link_worker_id']).execute();
  // Cases closed in a period, by practice (pathway F4–F5; demand D3's discharges and who they were).
  await db.schema.createIndex('referral_practice_closed_idx').on('referral').columns(['practice_id', 'closed_at', 'status', 'person_id', 'id']).execute();
  // A link worker's cases at some practices: which link workers cover a report (one probe per link
  // worker and practice), their open caseload (W1) and whose first contact fell in a window (W2).
  await db.schema
    .createIndex('referral_lw_practice_idx')
    .on('referral')
    .columns(['link_worker_id', 'practice_id', 'status', 'id', 'person_id', 'first_contact_at'])
    .execute();
  // A case's practice, link worker and person from its id: community referrals, unmet needs and
  // contacts found by date, kept by practice (W2, W3 and community-services over most of an ICB).
  // UNIQUE (id is) so that SQLite, without statistics, prefers it to the primary key's index,
  // which would then read the table row.
  await db.schema.createIndex('referral_id_practice_idx').unique().on('referral').columns(['id', 'practice_id', 'link_worker_id', 'person_id']).execute();
  // Every contact figure from the index alone: per case, the first attempt and first successful
  // contact, successful contacts by type (pathway), a successful contact in a window (W1–W2) and
  // who recorded the successful contacts of a period (W3).
  await db.schema.createIndex('contact_report_idx').on('contact').columns(['referral_id', 'successful', 'at', 'type', 'created_by']).execute();
  // Successful contacts in a window across the deployment, their case and who recorded them (W2, W3
  // over most of an ICB, where reading every case's contacts would mean a million probes).
  await db.schema.createIndex('contact_date_idx').on('contact').columns(['successful', 'at', 'referral_id', 'created_by']).execute();
  // A case's community referrals sent in a window (community-services for a few practices), and
  // their kind and status (pathway's connections) without reading the rows.
  await db.schema.createIndex('community_referral_referral_sent_idx').on('community_referral').columns(['referral_id', 'sent_at', 'kind', 'status']).execute();
  // A case's unmet needs recorded in a window (the unmet-need report for a few practices).
  await db.schema.createIndex('unmet_need_referral_created_idx').on('unmet_need').columns(['referral_id', 'created_at']).execute();
  // A case's first plan (pathway F1, F3).
  await db.schema.createIndex('plan_version_referral_created_idx').on('plan_version').columns(['referral_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('plan_version_referral_created_idx').execute();
  await db.schema.dropIndex('unmet_need_referral_created_idx').execute();
  await db.schema.dropIndex('community_referral_referral_sent_idx').execute();
  await db.schema.dropIndex('contact_date_idx').execute();
  await db.schema.dropIndex('contact_report_idx').execute();
  await db.schema.dropIndex('referral_id_practice_idx').execute();
  await db.schema.dropIndex('referral_lw_practice_idx').execute();
  await db.schema.dropIndex('referral_practice_closed_idx').execute();
  await db.schema.dropIndex('referral_practice_created_id_idx').execute();
}
