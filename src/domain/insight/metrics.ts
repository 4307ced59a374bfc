/**
 * The metrics of INSIGHT.md, each with its id, the definition Linkwork computes (printed beneath
 * every chart and carried in every export) and a version that changes whenever the definition does.
 */
export const METRIC_IDS = [
  'D1',
  'D2',
  'D3',
  'F1',
  'F2',
  'F3',
  'F4',
  'F5',
  'R1',
  'R2',
  'R3',
  'R4',
  'R5',
  'U1',
  'U2',
  'W1',
  'W2',
  'W3',
  'W4',
  'S1',
  'S2',
  'S3',
  'S4',
  'K1',
  'K2',
  'K3',
  'K4',
  'K5',
  'P1',
  'P2',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

export interface MetricDefinition {
  id: MetricId;
  title: string;
  definition: string;
  version: string;
}

const m = (id: MetricId, title: string, definition: string, version = '1'): MetricDefinition => ({ id, title, definition, version });

export const METRICS: { readonly [M in MetricId]: MetricDefinition } = {
  D1: m(
    'D1',
    'Referrals received',
    'Episodes (referrals) received in the period (date received, Europe/London), by source, need (a referral with two needs counts under each) and practice, and by month.',
  ),
  D2: m(
    'D2',
    'Referral rate per 1,000 registered',
    'Unique people referred in the period ÷ registered list × 1,000, annualised (× 365 ÷ days in the period). The list is the NHS England extract nearest the middle of the period (the practice record’s list size when none is loaded). 95% interval: exact Poisson.',
  ),
  D3: m(
    'D3',
    'Re-referral within 12 months',
    'People discharged in the 12 months before the end of the period who were referred again within 12 months of that discharge ÷ people discharged in those 12 months.',
  ),
  F1: m(
    'F1',
    'The pathway funnel',
    'Referrals received in the period, by the furthest stage reached: first attempt, contacted (a successful contact), engaged (a “what matters” conversation held), plan agreed, at least one community connection (a referral or signpost), connection confirmed (the provider accepted, or the person started or attended), discharged. Each stage as % of referred. Exits are coded by status and discharge reason.',
  ),
  F2: m(
    'F2',
    'Time to first contact',
    'Working days (Monday to Friday, excluding bank holidays in England) from received to the first successful contact, and to the first attempt: median, 90th percentile, and % within 5 and within 10 working days, of referrals received in the period that were contacted.',
  ),
  F3: m('F3', 'Time to plan', 'Days from received to the first agreed plan, for referrals received in the period with a plan: median and interquartile range.'),
  F4: m('F4', 'Episode length', 'Days from received to discharge, for episodes discharged in the period: median and interquartile range.'),
  F5: m(
    'F5',
    'Contacts per discharged episode',
    'Successful contacts per episode discharged in the period, against the 6–12 guidance: the distribution (0, 1–5, 6–12, 13+), % with 6–12 and % with 13+, and contacts by mode.',
  ),
  R1: m(
    'R1',
    'Rate per 1,000 registered, by group',
    'Unique people referred in the period ÷ people registered in the group × 1,000, annualised, by 5-year age band × sex and IMD decile and quintile (from the list extracts), with exact Poisson 95% intervals; and the share referred by ethnic group (ONS 5 groups and not stated) against a modelled list share (Census 2021 LSOA shares weighted by the practices’ LSOA mix — an estimate, labelled modelled).',
  ),
  R2: m(
    'R2',
    'Representation index',
    'Share of referred people in a group ÷ share of the registered list in that group (1.0 = proportionate; below 1, under-reached). Also the rate ratio against the least-deprived IMD quintile.',
  ),
  R3: m(
    'R3',
    'Age–sex standardised rate by practice',
    'Each practice’s rate per 1,000 registered, directly standardised by 5-year age band and sex to the 2013 European Standard Population, against the PCN (or ICB) rate with 95% and 99.8% Poisson funnel limits for the practice’s list size.',
  ),
  R4: m(
    'R4',
    'Data completeness',
    '% of people referred in the period with ethnicity stated, a postcode that resolves to an LSOA, sex recorded, date of birth, and an NHS number. Equity figures are greyed when a completeness they rely on is below 80%.',
  ),
  R5: m(
    'R5',
    'Where reach fails after referral',
    'Of referrals received in the period, % declined and % unable to contact, by IMD quintile, sex, age band and ethnic group.',
  ),
  U1: m(
    'U1',
    'Unmet need',
    'Unmet needs recorded in the period, by need, kind (no suitable service; service full or waiting; a barrier, and which; the person declined the option) and area (LSOA and its IMD decile). Gap ratio = unmet needs of a kind ÷ referrals in the period naming that need.',
  ),
  U2: m('U2', 'Top unmet needs', 'The needs with the most unmet needs recorded in the period, most first.'),
  W1: m(
    'W1',
    'Caseload today',
    'Open episodes allocated to each link worker with a contact in the last 90 days (active), and open episodes with none (dormant, shown apart), per link worker and per FTE.',
  ),
  W2: m('W2', 'New people per FTE per year', 'People whose first successful contact was in the last 12 months ÷ FTE, against the guide of 200–250 a year.'),
  W3: m(
    'W3',
    'Contacts and waiting list',
    'Successful contacts per FTE per week over the period; the waiting list today (referrals allocated or accepted at triage and not yet contacted): count and age in days (median, 90th percentile).',
  ),
  W4: m('W4', 'FTE', 'Whole-time equivalents from contracted hours ÷ 37.5 a week, never headcount. Link workers with no hours recorded are counted apart.'),
  S1: m(
    'S1',
    'Community referrals by outcome',
    'Community referrals sent in the period per service and organisation, by outcome (accepted, started, attended, completed, declined with reason, no response, expired or cancelled, still waiting); signposts counted apart.',
  ),
  S2: m(
    'S2',
    'Provider response time',
    'Days from sent to the provider’s first answer, for referrals sent in the period: median, 90th percentile, and % unanswered at 14 days.',
  ),
  S3: m(
    'S3',
    'Connection rate',
    'Community referrals confirmed (accepted, started, attended or completed) ÷ sent; and % of people referred on who had at least one confirmed connection.',
  ),
  S4: m('S4', 'Capacity', 'Services in scope that are full or have a waiting list, and days since each service was last verified or updated.'),
  K1: m(
    'K1',
    'Work goals',
    'People referred in the period (one episode each, received in the period) whose current plan has a work goal (stay in work, go back to the same employer, a new job, volunteering, training or education), by goal; “not a goal now” and no answer are counted apart, never as failures. Work barriers among people with a work goal (a person may name several).',
  ),
  K2: m(
    'K2',
    'Connected to employment support',
    'People with a work goal (K1) referred to a community service meeting the directory’s employment need (WorkWell, IPS, a jobcentre work coach, Access to Work, occupational health, local employability), and connected: the referral accepted, started, attended or completed. Share connected ÷ people with a work goal, Wilson 95% interval.',
  ),
  K3: m(
    'K3',
    'Return to work',
    'Of people with a work goal who were off sick from a job or out of work and looking at baseline: the share with a return-to-work date on record (at discharge or follow-up), Wilson 95% interval; the Kaplan–Meier median days from referral to return, with people not (yet) returned censored at today; and steps towards work recorded (volunteering, training, job search) among people with a work goal.',
  ),
  K4: m(
    'K4',
    'Still in work at 13 and 26 weeks',
    'Of people who returned to work (K3) whose 13- (or 26-) week follow-up is due (the return date plus 13 or 26 weeks is today or earlier): still in work at the follow-up ÷ due, Wilson 95% interval. A due follow-up not recorded counts in the denominator, not the numerator, and is shown apart.',
  ),
  K5: m(
    'K5',
    'Fit notes',
    'Fit-note state at baseline against discharge (not fit; may be fit, with adjustments; none) for people with both recorded, and the share of those “not fit” at baseline with “may be fit” or no fit note at discharge (Wilson 95% interval). From the practices’ own data (fit_note events in each practice’s latest extract, matched by NHS number to people with a work goal): fit notes per person per quarter in the 4 quarters before and after the referral date, for people whose extract covers the 4 quarters after. Before/after with no comparison group: see the impact analysis for that.',
  ),
  P1: m(
    'P1',
    'Proactive outreach funnel',
    'People taken into outreach from a cohort run in the period (identified), by the furthest stage reached: a clinician’s safety review recorded, cleared to contact, invited (at least one invitation), responded (replied, accepted or declined), accepted (a referral with source proactive made with their consent), first contact on that referral (a successful contact), engaged (a “what matters” conversation held, as in F1). Each stage as % of identified (Wilson 95% interval) and of the stage before. How outreach ended (not suitable, declined with its code, no response after the maximum attempts, opted out, accepted, still open), invitations per invited person and invitations sent in the period by channel.',
  ),
  P2: m(
    'P2',
    'Proactive outreach yield by group',
    'Yield = people engaged (a “what matters” conversation held on the referral outreach became) ÷ people invited, among outreach started in the period; overall and by age group, sex, ethnic group (NHS ethnic category in the practice data; not stated counted apart) and IMD quintile of the practice data’s LSOA (1 = most deprived), with Wilson 95% intervals.',
  ),
};
