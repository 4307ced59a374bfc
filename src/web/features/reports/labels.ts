import { CONTACT_TYPE_LABELS } from '../../../domain/contacts.ts';
import { DECLINE_REASON_LABELS } from '../../../domain/community-referral.ts';
import { NEEDS } from '../../../domain/needs.ts';
import type { Unit, WithheldReason } from '../../../domain/insight/figures.ts';
import { DECLINE_CODE_LABELS, OUTREACH_CHANNEL_LABELS } from '../../../domain/proactive/outreach.ts';
import { REFERRAL_SOURCE_LABELS } from '../../../domain/schemas/referrals.ts';
import { UNMET_BARRIER_LABELS, UNMET_NEED_KIND_LABELS } from '../../../domain/unmet-need.ts';

/** Words for the codes reports use as groups. */
const WORDS: Record<string, string> = {
  // Proactive outreach (the report `proactive`); later entries win where a code means something else.
  ...OUTREACH_CHANNEL_LABELS,
  ...DECLINE_CODE_LABELS,
  ...REFERRAL_SOURCE_LABELS,
  ...Object.fromEntries(NEEDS.map((n) => [n.code, n.label])),
  ...CONTACT_TYPE_LABELS,
  ...UNMET_NEED_KIND_LABELS,
  ...UNMET_BARRIER_LABELS,
  ...DECLINE_REASON_LABELS,
  total: 'Total',
  referred: 'Referred',
  first_attempt: 'First attempt to contact',
  contacted: 'Contacted',
  engaged: 'Engaged (“what matters” held)',
  plan_agreed: 'Plan agreed',
  connected: 'At least one community connection',
  connection_confirmed: 'Connection confirmed',
  discharged: 'Discharged having completed support',
  declined: 'Declined',
  unable_to_contact: 'Unable to contact',
  not_appropriate: 'Not appropriate or redirected',
  moved_away: 'Moved away',
  died: 'Died',
  completed: 'Completed support',
  still_open: 'Still open',
  M: 'Male',
  F: 'Female',
  white: 'White',
  mixed: 'Mixed or multiple',
  asian: 'Asian',
  black: 'Black',
  other: 'Other ethnic group',
  not_stated: 'Not stated',
  not_known: 'Not known',
  not_triaged: 'Not yet triaged',
  ethnicity: 'Ethnicity stated',
  lsoa: 'Postcode gives an area (LSOA)',
  sex: 'Sex recorded',
  date_of_birth: 'Date of birth recorded',
  nhs_number: 'NHS number recorded',
  age_median: 'Age in days: median',
  age_p90: 'Age in days: 90th percentile',
  first_contact_median: 'First contact: median',
  first_contact_p90: 'First contact: 90th percentile',
  first_contact_within_5: 'First contact within 5 working days',
  first_contact_within_10: 'First contact within 10 working days',
  first_contact_episodes: 'Referrals contacted',
  first_attempt_median: 'First attempt: median',
  first_attempt_p90: 'First attempt: 90th percentile',
  first_attempt_within_5: 'First attempt within 5 working days',
  first_attempt_within_10: 'First attempt within 10 working days',
  first_attempt_episodes: 'Referrals with an attempt',
  plan_episodes: 'Referrals with a plan',
  plan_median: 'Median',
  plan_p25: '25th percentile',
  plan_p75: '75th percentile',
  episode_episodes: 'Episodes discharged',
  episode_median: 'Median',
  episode_p25: '25th percentile',
  episode_p75: '75th percentile',
  list_modelled: 'Registered list (modelled)',
  list: 'Registered list',
  active: 'Active',
  dormant: 'Dormant (no contact in 90 days)',
  identified: 'Identified by a cohort',
  reviewed: 'Safety review recorded',
  cleared: 'Cleared to invite',
  invited: 'Invited',
  responded: 'Responded',
  first_contact: 'First contact',
  not_suitable: 'Not suitable (clinical review)',
  no_response: 'No response',
  opted_out: 'Opted out',
  easy_read: 'Easy read',
};

/** A readable label for a group: the report's own labels (practice and people names) first. */
export function groupLabel(group: string, labels: Readonly<Record<string, string>>): string {
  if (group.includes('|'))
    return group
      .split('|')
      .map((g) => groupLabel(g, labels))
      .join(' · ');
  const own = labels[group] ?? WORDS[group];
  if (own !== undefined) return own;
  const decile = /^imd_(\d+)$/.exec(group);
  if (decile !== null) return `IMD ${decile[1] ?? ''}`;
  return group.charAt(0).toUpperCase() + group.slice(1).replace(/_/g, ' ');
}

export const UNIT_LABELS: { readonly [U in Unit]: string } = {
  count: 'Number',
  rate_per_1000: 'Rate per 1,000',
  percent: 'Per cent',
  ratio: 'Ratio',
  days: 'Days',
  working_days: 'Working days',
  fte: 'FTE',
  per_fte: 'Per FTE',
  per_fte_week: 'Per FTE a week',
};

export const WITHHELD_TEXT: { readonly [R in WithheldReason]: string } = {
  small_number_suppressed: 'suppressed: a small number',
  secondary_suppression: 'suppressed so a hidden number cannot be worked out from the total',
  zero_beside_suppressed: 'suppressed: beside a small number',
  small_cohort_withheld: 'withheld: fewer than 10 people',
  no_denominator: 'no list size or hours to divide by',
  no_data: 'no data',
};

/** A figure's value as text, in its unit. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'count':
      return value.toLocaleString('en-GB');
    case 'percent':
      return `${(Math.round(value * 10) / 10).toLocaleString('en-GB')}%`;
    case 'ratio':
    case 'fte':
      return (Math.round(value * 100) / 100).toLocaleString('en-GB');
    case 'rate_per_1000':
    case 'days':
    case 'working_days':
    case 'per_fte':
    case 'per_fte_week':
      return (Math.round(value * 10) / 10).toLocaleString('en-GB');
  }
}

/** Whether a withheld figure was hidden to protect people (shown as *) rather than missing (shown as —). */
export function isSuppression(reason: WithheldReason | null): boolean {
  return (
    reason === 'small_number_suppressed' || reason === 'secondary_suppression' || reason === 'zero_beside_suppressed' || reason === 'small_cohort_withheld'
  );
}
