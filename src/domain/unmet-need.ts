/**
 * Unmet need, coded (INSIGHT.md U1): why a need the person has could not be met. A barrier is
 * recorded only when the service exists but something stands in the way.
 */
export const UNMET_NEED_KINDS = ['no_service', 'full', 'barrier', 'declined'] as const;
export type UnmetNeedKind = (typeof UNMET_NEED_KINDS)[number];

export const UNMET_NEED_KIND_LABELS: { readonly [K in UnmetNeedKind]: string } = {
  no_service: 'No suitable service',
  full: 'Service full or waiting list',
  barrier: 'Service exists but a barrier stands in the way',
  declined: 'Person declined the option',
};

export const UNMET_BARRIERS = ['cost', 'transport', 'language', 'access', 'timing', 'eligibility', 'digital'] as const;
export type UnmetBarrier = (typeof UNMET_BARRIERS)[number];

export const UNMET_BARRIER_LABELS: { readonly [B in UnmetBarrier]: string } = {
  cost: 'Cost',
  transport: 'Transport',
  language: 'Language',
  access: 'Physical access',
  timing: 'Timing',
  eligibility: 'Eligibility',
  digital: 'Digital access',
};
