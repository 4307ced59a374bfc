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
  { to: '/people', label: 'People', description: 'People registered at the practices you cover, and their details.', permission: 'person:read', testId: 'card-people' },
  { to: '/organisations', label: 'Organisations', description: 'The ICBs, PCNs, practices and community organisations you can see.', permission: 'organisation:read', testId: 'card-organisations' },
  { to: '/users', label: 'Users', description: 'Staff accounts, their roles and the organisations they cover.', permission: 'user:read', testId: 'card-users' },
  { to: '/audit', label: 'Audit trail', description: 'Who did what, and when: sign-ins, records viewed and changes made. Filter and export.', permission: 'audit:read', testId: 'card-audit' },
];

/** The work each role will do in Linkwork that is not built yet (said plainly on the home page). */
export const COMING_SOON: { readonly [R in Role]: readonly string[] } = {
  referrer: ['making a referral to social prescribing', 'following what happened to the referrals you made'],
  partner_referrer: ['making a referral to social prescribing', 'seeing the status of the referrals your organisation sent'],
  link_worker: ['your caseload', 'Today (your tasks and appointments)', 'conversation notes, plans and outcome measures', 'referrals out to community services'],
  lead: ['allocating referrals to link workers', 'balancing caseloads', 'supervision and team reports'],
  provider: ['your referral inbox (accept or decline referrals)', 'recording attendance', 'keeping your directory listings up to date'],
  pcn_lead: ['reports on demand, reach, equity, outcomes and workload for your PCN'],
  commissioner: ['aggregate reports for your area, with small numbers suppressed so no one can be identified'],
  admin: ['adding organisations from this screen (the ‘linkwork orgs add’ command does it now)', 'deployment configuration'],
  auditor: ['checking the audit trail’s tamper-evident chain from this screen (the ‘linkwork audit verify’ command does it now)'],
};
