import { listReferrerView, type ReferrerViewRow } from '../../db/repositories/intake/referrals.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * The referrals the signed-in referrer or partner made, newest first: what they sent, where it
 * is and who has it (scoped in SQL to their own referrals). The listing is audited with its count.
 */
export async function listMyReferrals(deps: ServiceDeps, actor: Actor, limit: number): Promise<ReferrerViewRow[]> {
  return runUseCase(deps, actor, {
    permission: 'referral:read_own',
    action: 'referral.listed',
    entityType: 'referral',
    work: (tx, access) => listReferrerView(tx, access.referrals, limit),
    audit: (rows) => ({ summary: { view: 'mine', count: rows.length }, shownPersonIds: rows.map((r) => r.personId) }),
  });
}
