import type { MetricId } from './metrics.ts';
import type { Unit } from './figures.ts';

/**
 * The reports (issue 11): each a page, `GET /api/v1/reports/<name>` (JSON) and
 * `GET /api/v1/reports/<name>.csv` (tidy). A report is a list of panels; a panel is the figures of
 * one metric and breakdown, drawn as a chart and always also as a table, with the metric's
 * definition printed beneath it.
 */
export const REPORT_NAMES = ['demand', 'pathway', 'reach', 'unmet-need', 'workload', 'community-services', 'work', 'proactive'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export type ChartKind = 'bar' | 'line' | 'funnel' | 'funnel_plot' | 'table';

export interface PanelDefinition {
  metric: MetricId;
  breakdown: string;
  title: string;
  chart: ChartKind;
  /** Which units the chart draws (the table shows every unit). */
  chartUnit: Unit;
  /** Equity panels show data completeness (R4) beside them. */
  completeness?: boolean;
}

export interface ReportDefinition {
  name: ReportName;
  title: string;
  summary: string;
  /** Whether the link-worker filter applies. */
  linkWorkerFilter: boolean;
  panels: readonly PanelDefinition[];
}

const p = (metric: MetricId, breakdown: string, title: string, chart: ChartKind, chartUnit: Unit, completeness?: boolean): PanelDefinition =>
  completeness === true ? { metric, breakdown, title, chart, chartUnit, completeness } : { metric, breakdown, title, chart, chartUnit };

export const REPORTS: { readonly [R in ReportName]: ReportDefinition } = {
  demand: {
    name: 'demand',
    title: 'Demand',
    summary: 'How many people are referred, from where, for what, and at what rate against the practice list.',
    linkWorkerFilter: false,
    panels: [
      p('D1', 'month', 'Referrals received by month', 'line', 'count'),
      p('D1', 'source', 'Referrals by source', 'bar', 'count'),
      p('D1', 'need', 'Referrals by need', 'bar', 'count'),
      p('D1', 'practice', 'Referrals by practice', 'bar', 'count'),
      p('D2', 'practice', 'Referral rate per 1,000 registered', 'bar', 'rate_per_1000'),
      p('D3', 'total', 'Re-referral within 12 months', 'table', 'percent'),
    ],
  },
  pathway: {
    name: 'pathway',
    title: 'Pathway',
    summary: 'How far people get: from referral to first contact, a plan, a community connection and discharge, and how long it takes.',
    linkWorkerFilter: true,
    panels: [
      p('F1', 'stage', 'The funnel', 'funnel', 'count'),
      p('F1', 'exit', 'Coded exits', 'bar', 'count'),
      p('F2', 'measure', 'Time to first contact (working days)', 'table', 'working_days'),
      p('F3', 'measure', 'Time to plan (days)', 'table', 'days'),
      p('F4', 'measure', 'Episode length (days)', 'table', 'days'),
      p('F5', 'contacts', 'Contacts per discharged episode', 'bar', 'count'),
      p('F5', 'mode', 'Contacts by mode', 'bar', 'count'),
    ],
  },
  reach: {
    name: 'reach',
    title: 'Reach and equity',
    summary: 'Who is reached, against who is registered: by deprivation, age and sex, and ethnicity, with data completeness beside every figure.',
    linkWorkerFilter: false,
    panels: [
      p('R4', 'field', 'Data completeness', 'bar', 'percent'),
      p('R1', 'most_deprived', 'People from the two most deprived deciles, against their share of the list', 'bar', 'percent', true),
      p('R1', 'imd_decile', 'Rate per 1,000 by IMD decile (1 = most deprived)', 'bar', 'rate_per_1000', true),
      p('R2', 'imd_quintile', 'Representation index by IMD quintile', 'bar', 'ratio', true),
      p('R2', 'imd_quintile_rate_ratio', 'Rate ratio against the least-deprived quintile', 'bar', 'ratio', true),
      p('R1', 'age_band|sex', 'Rate per 1,000 by age band and sex', 'table', 'rate_per_1000', true),
      p('R2', 'age_band', 'Representation index by age band', 'bar', 'ratio', true),
      p('R2', 'sex', 'Representation index by sex', 'bar', 'ratio', true),
      p('R1', 'ethnic_group', 'Share referred by ethnic group against the modelled list share', 'bar', 'percent', true),
      p('R2', 'ethnic_group', 'Representation index by ethnic group (modelled list)', 'bar', 'ratio', true),
      p('R3', 'practice', 'Standardised rate by practice (funnel plot)', 'funnel_plot', 'rate_per_1000'),
      p('R5', 'imd_quintile', 'Declined and unable to contact by IMD quintile', 'bar', 'percent', true),
      p('R5', 'sex', 'Declined and unable to contact by sex', 'table', 'percent', true),
      p('R5', 'age_group', 'Declined and unable to contact by age group', 'table', 'percent', true),
      p('R5', 'ethnic_group', 'Declined and unable to contact by ethnic group', 'table', 'percent', true),
    ],
  },
  'unmet-need': {
    name: 'unmet-need',
    title: 'Unmet need',
    summary: 'The unmet-need register: what people needed that could not be met, why, and where.',
    linkWorkerFilter: false,
    panels: [
      p('U2', 'need', 'Top unmet needs', 'bar', 'count'),
      p('U1', 'need|kind', 'Unmet need by need and kind', 'table', 'count'),
      p('U1', 'barrier', 'Barriers', 'bar', 'count'),
      p('U1', 'imd_decile', 'Unmet need by IMD decile of the area (1 = most deprived)', 'bar', 'count'),
      p('U1', 'area', 'Unmet need by area (LSOA)', 'table', 'count'),
      p('U1', 'gap_ratio', 'Gap ratio by need: unmet needs ÷ referrals naming the need', 'bar', 'ratio'),
    ],
  },
  workload: {
    name: 'workload',
    title: 'Workload',
    summary: 'The team view: each link worker’s active and dormant caseload, new people per FTE, contacts and the waiting list.',
    linkWorkerFilter: true,
    panels: [
      p('W1', 'link_worker|state', 'Caseload today: active (a contact in the last 90 days) and dormant', 'table', 'count'),
      p('W1', 'per_fte', 'Active caseload per FTE', 'bar', 'per_fte'),
      p('W2', 'link_worker', 'New people per FTE in the last 12 months (guide: 200–250)', 'bar', 'per_fte'),
      p('W2', 'people', 'New people in the last 12 months', 'table', 'count'),
      p('W3', 'link_worker', 'Successful contacts per FTE per week', 'bar', 'per_fte_week'),
      p('W3', 'contacts', 'Successful contacts in the period', 'table', 'count'),
      p('W3', 'waiting', 'Waiting list today: by link worker, not yet triaged, and age in days', 'table', 'count'),
      p('W4', 'link_worker', 'FTE from contracted hours', 'table', 'fte'),
      p('W4', 'headcount', 'Link workers with and without contracted hours', 'table', 'count'),
    ],
  },
  'community-services': {
    name: 'community-services',
    title: 'Community services',
    summary: 'Where people are connected: referrals by outcome, response times, connection rates and capacity, per service and organisation.',
    linkWorkerFilter: false,
    panels: [
      p('S1', 'service|outcome', 'Community referrals by service and outcome', 'table', 'count'),
      p('S1', 'organisation', 'Community referrals by organisation', 'bar', 'count'),
      p('S1', 'decline_reason', 'Declined referrals by reason', 'bar', 'count'),
      p('S1', 'signposts', 'Signposts by service (counted apart)', 'table', 'count'),
      p('S2', 'measure', 'Provider response time', 'table', 'days'),
      p('S3', 'service', 'Connection rate by service', 'bar', 'percent'),
      p('S3', 'people', 'People referred on with at least one confirmed connection', 'table', 'percent'),
      p('S4', 'capacity', 'Services used, by capacity', 'bar', 'count'),
      p('S4', 'service', 'Days since each service was last verified or updated', 'table', 'days'),
      p('S4', 'waiting_days', 'Waiting list by service (days)', 'table', 'days'),
    ],
  },
  work: {
    name: 'work',
    title: 'Work',
    summary: 'Work as a pathway: work goals, connections to employment support, returns to work and whether they last, and fit notes before and after.',
    linkWorkerFilter: false,
    panels: [
      p('K1', 'answer', 'People with a work goal, and “not a goal now” counted apart', 'bar', 'count'),
      p('K1', 'goal', 'Work goals', 'bar', 'count'),
      p('K1', 'barrier', 'Work barriers (people with a work goal)', 'bar', 'count'),
      p('K2', 'people', 'Connected to employment support', 'table', 'percent'),
      p('K3', 'measure', 'Return to work (off sick or out of work at baseline)', 'table', 'percent'),
      p('K3', 'movement', 'Steps towards work', 'bar', 'count'),
      p('K4', 'follow_up', 'Still in work at 13 and 26 weeks: follow-ups due', 'table', 'count'),
      p('K4', 'rate', 'Still in work at 13 and 26 weeks', 'bar', 'percent'),
      p('K5', 'baseline|discharge', 'Fit-note state: baseline (rows) against discharge (columns)', 'table', 'count'),
      p('K5', 'improvement', '“Not fit” at baseline, “may be fit” or none at discharge', 'table', 'percent'),
      p('K5', 'practice_data', 'Fit notes per person per quarter, 4 quarters before and after referral (practice data)', 'table', 'ratio'),
    ],
  },
  proactive: {
    name: 'proactive',
    title: 'Proactive outreach',
    summary: 'People found from practice data and offered support: how far outreach gets, how it ends, and its yield (engaged ÷ invited) by group.',
    linkWorkerFilter: false,
    panels: [
      p('P1', 'stage', 'The outreach funnel', 'funnel', 'count'),
      p('P1', 'exit', 'How outreach ended', 'bar', 'count'),
      p('P1', 'decline_code', 'Declined, by reason', 'bar', 'count'),
      p('P1', 'attempts', 'Invitations per person invited', 'table', 'count'),
      p('P1', 'channel', 'Invitations by channel', 'bar', 'count'),
      p('P2', 'total', 'Yield: engaged ÷ invited', 'table', 'percent'),
      p('P2', 'age_group', 'Yield by age group', 'bar', 'percent'),
      p('P2', 'sex', 'Yield by sex', 'bar', 'percent'),
      p('P2', 'ethnic_group', 'Yield by ethnic group', 'bar', 'percent'),
      p('P2', 'imd_quintile', 'Yield by IMD quintile (1 = most deprived)', 'bar', 'percent'),
    ],
  },
};

export function isReportName(v: string): v is ReportName {
  return (REPORT_NAMES as readonly string[]).includes(v);
}
