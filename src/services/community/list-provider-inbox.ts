import { COMMUNITY_REFERRAL_STATUSES, OPEN_COMMUNITY_STATUSES, type CommunityReferralStatus } from '../../domain/community-referral.ts';
import type { InboxQuery } from '../../domain/schemas/community.ts';
import { listInbox, type InboxRow } from '../../db/repositories/community/community-referrals.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

const STATES: { readonly [S in InboxQuery['state']]: readonly CommunityReferralStatus[] } = {
  open: OPEN_COMMUNITY_STATUSES,
  closed: COMMUNITY_REFERRAL_STATUSES.filter((s) => s !== 'signposted' && !OPEN_COMMUNITY_STATUSES.includes(s)),
  all: COMMUNITY_REFERRAL_STATUSES.filter((s) => s !== 'signposted'),
};

/**
 * A provider's inbox: referrals to their organisation's services, with the minimum necessary about
 * each person (scoped in SQL). A person-level read: audited with the count.
 */
export async function listProviderInbox(deps: ServiceDeps, actor: Actor, query: InboxQuery = { state: 'open' }): Promise<InboxRow[]> {
  return runUseCase(deps, actor, {
    permission: 'community_referral:respond',
    action: 'community_referral.inbox_viewed',
    entityType: 'community_referral',
    work: (tx) => listInbox(tx, actor.kind === 'user' ? actor.userId : null, STATES[query.state]),
    audit: (rows) => ({ summary: { state: query.state, count: rows.length }, shownPersonIds: rows.map((r) => r.personId) }),
  });
}
