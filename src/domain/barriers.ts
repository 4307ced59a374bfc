/**
 * Barriers to taking part (DOMAIN.md §2 step 4), recorded in the "what matters" conversation as
 * codes so they can be counted; the person's own words go beside them.
 */
export const BARRIER_CODES = ['transport', 'cost', 'confidence', 'language', 'digital', 'mobility', 'caring_duties', 'health'] as const;
export type BarrierCode = (typeof BARRIER_CODES)[number];

export const BARRIER_LABELS: { readonly [B in BarrierCode]: string } = {
  transport: 'Transport',
  cost: 'Cost',
  confidence: 'Confidence',
  language: 'Language',
  digital: 'Digital access',
  mobility: 'Mobility',
  caring_duties: 'Caring duties',
  health: 'Health',
};
