import type { Role } from './roles.ts';

/** The demo e-mail domain: accounts under it work only in demo mode. */
export const DEMO_DOMAIN = 'demo.linkwork.test';

/** The one documented demo password (demo mode only; never valid elsewhere). */
export const DEMO_PASSWORD = 'demo-linkwork-2026';

/** A demo account's e-mail: `<role>[n]@demo.linkwork.test`. */
export const demoEmail = (role: Role, n?: number): string => `${role}${n === undefined ? '' : n}@${DEMO_DOMAIN}`;

export const isDemoEmail = (email: string): boolean => email.toLowerCase().endsWith(`@${DEMO_DOMAIN}`);

export interface DemoAccountSpec {
  email: string;
  role: Role;
  /** A fictional person; shown on the sign-in page and in the start-up banner. */
  displayName: string;
}

/**
 * Every demo account, in the order the sign-in page and the start-up banner list them. The demo
 * seed creates exactly these (a test holds it to that), so no list can name an account that does
 * not exist or leave one out.
 */
export const DEMO_ACCOUNTS: readonly DemoAccountSpec[] = [
  { email: demoEmail('referrer'), role: 'referrer', displayName: 'Dr Priya Shah (GP)' },
  { email: demoEmail('referrer', 2), role: 'referrer', displayName: 'Dr Owen Firth (GP)' },
  { email: demoEmail('partner_referrer'), role: 'partner_referrer', displayName: 'Sam Holroyd (Housing Options)' },
  { email: demoEmail('link_worker'), role: 'link_worker', displayName: 'Jo Barker' },
  { email: demoEmail('link_worker', 2), role: 'link_worker', displayName: 'Amira Hussain' },
  { email: demoEmail('link_worker', 3), role: 'link_worker', displayName: 'Kieran Walsh' },
  { email: demoEmail('lead'), role: 'lead', displayName: 'Helen Crossley (lead)' },
  { email: demoEmail('provider'), role: 'provider', displayName: 'Marcus Dean (Befriending Network)' },
  { email: demoEmail('provider', 2), role: 'provider', displayName: 'Lucy Pickles (Money Advice)' },
  { email: demoEmail('pcn_lead'), role: 'pcn_lead', displayName: 'Dr Nadia Akhtar (clinical director)' },
  { email: demoEmail('commissioner'), role: 'commissioner', displayName: 'Chris Lumb (ICB)' },
  { email: demoEmail('admin'), role: 'admin', displayName: 'Pat Greenwood (admin)' },
  { email: demoEmail('auditor'), role: 'auditor', displayName: 'Morgan Clay (IG)' },
];
