import { type Kysely } from 'kysely';
import type { DB } from '../../schema.ts';

// ---- community referrals (read only here: written by the community referral use cases) ----

export interface CommunityReferralRecord {
  id: string;
  serviceId: string;
  serviceName: string;
  kind: string;
  status: string;
  need: string | null;
  sentAt: string;
  respondedAt: string | null;
  declineReason: string | null;
  version: number;
}

export async function listCommunityReferrals(db: Kysely<DB>, referralId: string): Promise<CommunityReferralRecord[]> {
  const rows = await db
    .selectFrom('community_referral as cr')
    .innerJoin('service as s', 's.id', 'cr.service_id')
    .select(['cr.id', 'cr.service_id', 's.name', 'cr.kind', 'cr.status', 'cr.need', 'cr.sent_at', 'cr.responded_at', 'cr.decline_reason', 'cr.version'])
    .where('cr.referral_id', '=', referralId)
    .orderBy('cr.sent_at')
    .orderBy('cr.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.service_id,
    serviceName: r.name,
    kind: r.kind,
    status: r.status,
    need: r.need,
    sentAt: r.sent_at,
    respondedAt: r.responded_at,
    declineReason: r.decline_reason,
    version: Number(r.version),
  }));
}
