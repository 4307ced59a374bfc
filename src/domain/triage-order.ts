import type { Urgency } from './schemas/referrals.ts';

/**
 * Where a waiting referral stands on the triage board: urgent referrals and those with a
 * safeguarding concern first (tier 0), then those wanted soon (1), then routine ones (2); oldest
 * first within each tier. The repository's SQL orders by the same rule (`TRIAGE_TIER_SQL` mirrors
 * this), so a limit never cuts an urgent referral off the end of the board.
 */
export function triageTier(r: { urgency: Urgency; safeguarding: boolean }): 0 | 1 | 2 {
  if (r.urgency === 'urgent' || r.safeguarding) return 0;
  return r.urgency === 'soon' ? 1 : 2;
}

/** Board order: tier, then oldest first, then id (stable). */
export function compareTriage(
  a: { urgency: Urgency; safeguarding: boolean; createdAt: string; id: string },
  b: { urgency: Urgency; safeguarding: boolean; createdAt: string; id: string },
): number {
  return triageTier(a) - triageTier(b) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}
