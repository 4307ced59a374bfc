import type { Role } from './roles.ts';

/** Every permission, `noun:verb`. Adding one forces a decision for every role below. */
export const PERMISSIONS = [
  'organisation:read',
  'organisation:manage',
  'user:read',
  'user:manage',
  'person:read',
  'person:create',
  'audit:read',
  'audit:export',
  'geo:read',
  'geo:import',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/**
 * Least privilege as data: what each role may do. Scope (which records) is applied separately,
 * in SQL, by the repositories. Admins run the deployment but see no clinical content; auditors see
 * the audit trail and nothing clinical; commissioners see aggregates only.
 */
export const ROLE_PERMISSIONS: { readonly [R in Role]: readonly Permission[] } = {
  referrer: ['organisation:read', 'geo:read'],
  partner_referrer: ['organisation:read', 'geo:read'],
  link_worker: ['organisation:read', 'person:read', 'person:create', 'geo:read'],
  lead: ['organisation:read', 'user:read', 'person:read', 'person:create', 'geo:read'],
  provider: ['organisation:read'],
  pcn_lead: ['organisation:read'],
  commissioner: ['organisation:read'],
  admin: ['organisation:read', 'organisation:manage', 'user:read', 'user:manage', 'audit:read', 'audit:export', 'geo:read', 'geo:import'],
  auditor: ['organisation:read', 'audit:read', 'audit:export'],
};

/** Pure permission check: may this role do this at all? */
export function can(actor: { role: Role }, permission: Permission): boolean {
  return ROLE_PERMISSIONS[actor.role].includes(permission);
}

/** Roles whose scope is the whole deployment rather than a set of organisations. */
export const DEPLOYMENT_WIDE_ROLES: readonly Role[] = ['admin', 'auditor'];
