import { AppError } from '../../domain/errors.ts';
import { findCaseInScope, listCommunityReferralsForCase, type CommunityReferral } from '../../db/repositories/community/community-referrals.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * The referrals and signposts made from a case, for its link workers and leads. A case outside the
 * actor's scope answers not_found; the read is audited against the person.
 */
export async function listCaseCommunityReferrals(deps: ServiceDeps, actor: Actor, caseId: string): Promise<CommunityReferral[]> {
  return runUseCase(deps, actor, {
    permission: 'case:read',
    action: 'case.viewed',
    entityType: 'referral',
    entityId: caseId,
    work: async (tx, access) => {
      const kase = await findCaseInScope(tx, caseId, access.referrals);
      if (kase === undefined) throw new AppError('not_found', 'No such case');
      return { personId: kase.personId, items: await listCommunityReferralsForCase(tx, kase.id) };
    },
    audit: (r) => ({ personId: r.personId, summary: { part: 'community_referrals', count: r.items.length } }),
  }).then((r) => r.items);
}
