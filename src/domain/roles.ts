/** The roles of DOMAIN.md §3 that sign in. (Self-referrers and the person never sign in.) */
export const ROLES = ['referrer', 'partner_referrer', 'link_worker', 'lead', 'provider', 'pcn_lead', 'commissioner', 'admin', 'auditor'] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: { readonly [R in Role]: string } = {
  referrer: 'Referrer (GP, nurse or practice staff)',
  partner_referrer: 'Partner referrer (housing, council, VCSE)',
  link_worker: 'Social prescribing link worker',
  lead: 'Link worker lead',
  provider: 'Community service provider',
  pcn_lead: 'PCN lead',
  commissioner: 'Commissioner',
  admin: 'Administrator',
  auditor: 'Information governance auditor',
};

/** Which kinds of organisation a role's scope may name. */
export const ROLE_SCOPE_KINDS: { readonly [R in Role]: readonly OrganisationKind[] } = {
  referrer: ['practice'],
  partner_referrer: ['vcse', 'partner'],
  link_worker: ['practice', 'pcn'],
  lead: ['pcn'],
  provider: ['vcse'],
  pcn_lead: ['pcn'],
  commissioner: ['icb'],
  admin: [],
  auditor: [],
};

export const ORGANISATION_KINDS = ['icb', 'pcn', 'practice', 'vcse', 'partner'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ORGANISATION_KIND_LABELS: { readonly [K in OrganisationKind]: string } = {
  icb: 'an ICB',
  pcn: 'a PCN',
  practice: 'a GP practice',
  vcse: 'a VCSE organisation',
  partner: 'a partner organisation',
};

/** Which kind of organisation may sit directly above each kind (null: top level). */
export const ORGANISATION_PARENT_KIND: { readonly [K in OrganisationKind]: OrganisationKind | null } = {
  icb: null,
  pcn: 'icb',
  practice: 'pcn',
  vcse: null,
  partner: null,
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
