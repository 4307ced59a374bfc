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
  'referral:create',
  'referral:read_own',
  'referral:triage',
  'person:update',
  'person:merge',
  'case:read',
  'case:update',
  'gp_record:export',
  'unmet_need:record',
  'notification:read',
  'service:read',
  'service:manage',
  'community_referral:create',
  'community_referral:respond',
  // Directory (issue 4)
  'directory:import',
  'service:approve',
  'service:report',
  // Outcomes (issue 5)
  'instrument:read',
  'instrument:manage',
  'outcome:read',
  'outcome:record',
  'outcome:analyse',
  // Insight (issue 11)
  'report:view',
  'report:return',
  'unmet_need:read_notes',
  'case:reassign',
  // The message back, read by the GP practice (issue 14)
  'discharge_message:read',
  // Proactive social prescribing, work and impact (issue 12)
  'practice_data:import',
  'practice_data:read',
  'cohort:run',
  'outreach:manage',
  'outreach:review',
  'impact:view',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/**
 * Least privilege as data: what each role may do. Scope (which records) is applied separately,
 * in SQL, by the repositories. Admins run the deployment but see no clinical content; auditors see
 * the audit trail and nothing clinical; commissioners see aggregates only.
 */
export const ROLE_PERMISSIONS: { readonly [R in Role]: readonly Permission[] } = {
  // GP practice staff: the practice is the message back's recipient, so they read it for every
  // discharged case at their practice (discharge_message:read), not only the ones they referred.
  referrer: [
    'organisation:read',
    'geo:read',
    'referral:create',
    'referral:read_own',
    'gp_record:export',
    'notification:read',
    'service:read',
    'discharge_message:read',
    // The practice's own person-level practice data, and the clinician's safety review of outreach.
    'practice_data:read',
    'outreach:review',
  ],
  partner_referrer: ['organisation:read', 'geo:read', 'referral:create', 'referral:read_own', 'notification:read', 'service:read'],
  link_worker: [
    'organisation:read',
    'person:read',
    'person:create',
    'person:update',
    'geo:read',
    'referral:create',
    'case:read',
    'case:update',
    'unmet_need:record',
    'notification:read',
    'service:read',
    'community_referral:create',
    'service:report',
    'instrument:read',
    'outcome:read',
    'outcome:record',
    'practice_data:read',
    'outreach:manage',
  ],
  lead: [
    'organisation:read',
    'user:read',
    'person:read',
    'person:create',
    'person:update',
    'person:merge',
    'geo:read',
    'referral:create',
    'referral:triage',
    'case:read',
    'case:update',
    'gp_record:export',
    'unmet_need:record',
    'notification:read',
    'service:read',
    'service:manage',
    'community_referral:create',
    'service:approve',
    'service:report',
    'instrument:read',
    'outcome:read',
    'outcome:record',
    'outcome:analyse',
    'report:view',
    'unmet_need:read_notes',
    'case:reassign',
    'practice_data:read',
    'cohort:run',
    'outreach:manage',
    'outreach:review',
    'impact:view',
  ],
  provider: ['organisation:read', 'notification:read', 'service:read', 'service:manage', 'community_referral:respond'],
  // No service:read: per-service referral figures are small counts, and counts leaving the PCN are
  // suppressed (DOMAIN.md §6); PCN leads and commissioners get aggregates through the reports.
  // Impact is aggregate and suppressed (nothing under 30 people): never person-level practice data.
  pcn_lead: ['organisation:read', 'instrument:read', 'outcome:analyse', 'report:view', 'report:return', 'impact:view'],
  commissioner: ['organisation:read', 'instrument:read', 'outcome:analyse', 'report:view', 'report:return', 'impact:view'],
  admin: [
    'organisation:read',
    'organisation:manage',
    'user:read',
    'user:manage',
    'audit:read',
    'audit:export',
    'geo:read',
    'geo:import',
    'service:read',
    'service:manage',
    'service:approve',
    'directory:import',
    'instrument:read',
    'instrument:manage',
    'practice_data:import',
  ],
  auditor: ['organisation:read', 'audit:read', 'audit:export'],
};

/** Pure permission check: may this role do this at all? */
export function can(actor: { role: Role }, permission: Permission): boolean {
  return ROLE_PERMISSIONS[actor.role].includes(permission);
}

/** Roles whose scope is the whole deployment rather than a set of organisations. */
export const DEPLOYMENT_WIDE_ROLES: readonly Role[] = ['admin', 'auditor'];
