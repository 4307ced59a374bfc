import type { Permission } from '../domain/permissions.ts';
import type { Role } from '../domain/roles.ts';

/** A page the signed-in user may open now, shown in the header and as a card on the home page. */
export interface NavItem {
  to: string;
  label: string;
  /** What the card on the home page says the page is for. */
  description: string;
  /** Shown when the user has this permission. */
  permission: Permission;
  testId: string;
}

/**
 * Permission-driven, not role-driven: a role sees a page because it holds the permission the
 * page's API needs, so the navigation can never offer what the server would refuse.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  {
    to: '/triage',
    label: 'Triage',
    description:
      'New referrals to your PCN, oldest first, with urgency and safeguarding flags: allocate each to a link worker, or reject or redirect it with a reason.',
    permission: 'referral:triage',
    testId: 'card-triage',
  },
  {
    to: '/inbox',
    label: 'Referral inbox',
    description: 'People referred to your services: accept or decline, then record that they started, attended and completed.',
    permission: 'community_referral:respond',
    testId: 'card-inbox',
  },
  {
    to: '/refer',
    label: 'Make a referral',
    description: 'Refer someone to social prescribing in about a minute.',
    permission: 'referral:create',
    testId: 'card-refer',
  },
  {
    to: '/my-referrals',
    label: 'My referrals',
    description: 'The referrals you made and where each one is now, in plain words.',
    permission: 'referral:read_own',
    testId: 'card-my-referrals',
  },
  {
    to: '/today',
    label: 'Today',
    description: 'Your worklist: overdue follow-ups, reviews due, new cases, unanswered referrals, people not heard from in 21 days, and notifications.',
    permission: 'case:read',
    testId: 'card-today',
  },
  {
    to: '/cases',
    label: 'Caseload',
    description: 'Your cases: filter by status, sort, and search by name, NHS number or reference.',
    permission: 'case:read',
    testId: 'card-caseload',
  },
  {
    to: '/people',
    label: 'People',
    description: 'People registered at the practices you cover, and their details.',
    permission: 'person:read',
    testId: 'card-people',
  },
  {
    to: '/organisations',
    label: 'Organisations',
    description: 'The ICBs, PCNs, practices and community organisations you can see.',
    permission: 'organisation:read',
    testId: 'card-organisations',
  },
  { to: '/users', label: 'Users', description: 'Staff accounts, their roles and the organisations they cover.', permission: 'user:read', testId: 'card-users' },
  {
    to: '/audit',
    label: 'Audit trail',
    description: 'Who did what, and when: sign-ins, records viewed and changes made. Filter and export.',
    permission: 'audit:read',
    testId: 'card-audit',
  },
  {
    to: '/gp-record-entries',
    label: 'GP record entries',
    description: 'Social prescribing codes to file in the GP record: download them as CSV and mark them filed.',
    permission: 'gp_record:export',
    testId: 'card-gp-entries',
  },
  {
    to: '/directory',
    label: 'Directory',
    description:
      'Community services to refer or signpost people to: search by need, see capacity and waiting times, and which listings have not been checked recently.',
    permission: 'service:read',
    testId: 'card-directory',
  },
  {
    to: '/reported-problems',
    label: 'Reported problems',
    description: 'Problems link workers found with directory listings (closed, wrong phone number…): put the listing right and mark each resolved.',
    permission: 'service:manage',
    testId: 'card-service-problems',
  },
  {
    to: '/listing-changes',
    label: 'Listing changes',
    description: 'Changes providers made to their listings, waiting for your approval before link workers see them.',
    permission: 'service:approve',
    testId: 'card-service-edits',
  },
  {
    to: '/instruments',
    label: 'Outcome instruments',
    description: 'The wellbeing measures link workers record: built-in ones and licensed packs, with licence holder and expiry. Upload a pack.',
    permission: 'instrument:manage',
    testId: 'card-instruments',
  },
  {
    to: '/services',
    label: 'Services',
    description: 'Community services, what they help with and how quickly referrals are answered. Add a service.',
    permission: 'service:manage',
    testId: 'card-services',
  },
  {
    to: '/reports',
    label: 'Reports',
    description:
      'Demand, the pathway, reach and equity against the practice list, unmet need, workload and community services: charts with the figures in tables, each defined, and CSV downloads. Small numbers suppressed wherever figures leave the PCN.',
    permission: 'report:view',
    testId: 'card-reports',
  },
  {
    to: '/reports/team',
    label: 'Team',
    description:
      'Each link worker’s active and dormant caseload, new people and contacts per FTE, and who is waiting for a first contact; move a case from one link worker to another.',
    permission: 'case:reassign',
    testId: 'card-team',
  },
  {
    to: '/reports/outcomes',
    label: 'Outcomes report',
    description:
      'Change in wellbeing scores from the start of support to follow-up: follow-up rate, mean change with its confidence interval, who improved, band moves. Small numbers suppressed for commissioners.',
    permission: 'outcome:analyse',
    testId: 'card-outcomes-report',
  },
  {
    to: '/proactive',
    label: 'Find people to invite',
    description:
      'Search your practices’ own data for people likely to benefit — repeat fit notes, several long-term conditions, deprivation, no recent health check — and check the cohort is fair before anyone is invited.',
    permission: 'cohort:run',
    testId: 'card-proactive',
  },
  {
    to: '/proactive/outreach',
    label: 'Outreach',
    description:
      'People found by a cohort at your practices, what needs doing next first: invite those a clinician has cleared, record their reply, and refer those who accept.',
    permission: 'outreach:manage',
    testId: 'card-outreach',
  },
  {
    to: '/proactive/reviews',
    label: 'Safety reviews',
    description:
      'People at your practice found by a cohort search: check it is safe and appropriate to offer them social prescribing before anyone is invited.',
    permission: 'outreach:review',
    testId: 'card-outreach-reviews',
  },
];

/** The work each role will do in Linkwork that is not built yet (said plainly on the home page). */
export const COMING_SOON: { readonly [R in Role]: readonly string[] } = {
  referrer: [],
  partner_referrer: ['seeing the referrals your colleagues sent (each referrer sees their own for now)'],
  link_worker: ['appointments and a diary'],
  lead: ['merging duplicate records from a screen (the API does it now)'],
  provider: [
    'changing the places and opening times of a listing from this screen (they come from your directory feed for now)',
    'a reminder when one of your listings has not been checked for months (it is marked on the directory now)',
  ],
  pcn_lead: [],
  commissioner: [],
  admin: ['adding organisations from this screen (the ‘linkwork orgs add’ command does it now)', 'deployment configuration'],
  auditor: ['checking the audit trail’s tamper-evident chain from this screen (the ‘linkwork audit verify’ command does it now)'],
};
