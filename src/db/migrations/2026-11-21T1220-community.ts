import type { Kysely } from 'kysely';

// Frozen in time: imports nothing from the app. Community referrals: the hourly expiry job looks
// for referrals still `sent` whose `expires_at` has passed; this index lets it find them without
// reading the whole table. Portable (a plain composite index on both databases).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('community_referral_expiry_idx').on('community_referral').columns(['status', 'expires_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('community_referral_expiry_idx').execute();
}
