import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Role } from '../../../domain/roles.ts';
import type { DB } from '../../schema.ts';
import { orgIdsInScope } from './organisation-scope.ts';

/** Who is asking, for scoping referrals in SQL. `null` userId is the command-line operator (all). */
export interface ReferralViewer {
  userId: string | null;
  role: Role | 'system';
}

/**
 * The ids of the referrals (cases) a viewer may see at all, as a subquery:
 * - link workers and leads: referrals at practices they cover (a lead covers the PCN's practices);
 * - referrers and partner referrers: only the referrals they made themselves;
 * - providers: referrals with a community referral to one of their organisation's services;
 * - everyone else (PCN lead, commissioner, admin, auditor): none — they get aggregates only.
 * What each may see *of* a referral (notes, conversation) is decided by the presenters.
 */
export function visibleReferralIds(db: Kysely<DB>, viewer: ReferralViewer): SelectQueryBuilder<DB, 'referral', { id: string }> {
  const base = db.selectFrom('referral').select('referral.id');
  if (viewer.userId === null || viewer.role === 'system') return base;
  const userId = viewer.userId;
  switch (viewer.role) {
    case 'link_worker':
    case 'lead':
      return base.where('referral.practice_id', 'in', orgIdsInScope(db, userId));
    case 'referrer':
    case 'partner_referrer':
      return base.where('referral.referrer_user_id', '=', userId);
    case 'provider':
      return base.where('referral.id', 'in', (eb) =>
        eb
          .selectFrom('community_referral as cr')
          .innerJoin('service as s', 's.id', 'cr.service_id')
          .select('cr.referral_id')
          .where('cr.kind', '=', 'refer')
          .where('s.organisation_id', 'in', db.selectFrom('user_scope').select('organisation_id').where('user_id', '=', userId)),
      );
    case 'pcn_lead':
    case 'commissioner':
    case 'admin':
    case 'auditor':
      return base.where('referral.id', '=', '(none)');
  }
}
