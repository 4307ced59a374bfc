/** Audit actions, `noun.verbed`. A closed list so the trail can be filtered reliably. */
export const AUDIT_ACTIONS = [
  'session.signed_in',
  'session.sign_in_failed',
  'session.signed_out',
  'user.created',
  'user.disabled',
  'user.enabled',
  'user.password_reset',
  'user.updated',
  'user.viewed',
  'user.listed',
  'organisation.created',
  'organisation.viewed',
  'organisation.listed',
  'person.created',
  'person.viewed',
  'person.listed',
  'person.updated',
  'person.merged',
  'person.duplicates_checked',
  'referral.created',
  'referral.viewed',
  'referral.listed',
  'referral.allocated',
  'referral.rejected',
  'referral.redirected',
  'case.viewed',
  'case.listed',
  'case.status_changed',
  'case.contact_logged',
  'case.conversation_saved',
  'case.plan_saved',
  'case.discharge_message_viewed',
  'case.unmet_need_recorded',
  'case.today_viewed',
  'gp_record.exported',
  'gp_record.filed',
  'notification.listed',
  'notification.read',
  'service.created',
  'service.updated',
  'service.listed',
  'community_referral.created',
  'community_referral.signposted',
  'community_referral.responded',
  'community_referral.cancelled',
  'community_referral.expired',
  'community_referral.inbox_viewed',
  // Directory (issue 4)
  'directory.imported',
  'directory.taxonomy_loaded',
  'service.viewed',
  'service.archived',
  'service.restored',
  'service.verified',
  'service.edit_submitted',
  'service.edit_approved',
  'service.edit_rejected',
  'service.edits_listed',
  'service.classification_corrected',
  'service.problem_reported',
  'service.problem_resolved',
  'service.problems_listed',
  'service.matched',
  // Outcomes (issue 5)
  'instrument.loaded',
  'instrument.listed',
  'outcome.recorded',
  'outcome.viewed',
  'outcome.link_created',
  'outcome.link_opened',
  'outcome.self_completed',
  'outcome.cohort_viewed',
  'outcome.cohort_exported',
  // Insight (issue 11)
  'report.viewed',
  'report.exported',
  'report.return_generated',
  'report.unmet_register_viewed',
  'case.reassigned',
  'denominators.imported',
  'geo.ethnicity_imported',
  'access.denied',
  'audit.viewed',
  'audit.exported',
  'geo.postcode_looked_up',
  'geo.postcodes_imported',
  'geo.imd_imported',
  'system.migrated',
  'system.demo_seeded',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** The summary of what changed: coded values only, never free text about a person. */
export type AuditSummary = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

/** The content of one audit event that its hash covers. */
export interface AuditContent {
  seq: number;
  id: string;
  at: string;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  personId: string | null;
  requestId: string | null;
  ip: string | null;
  outcome: string;
  summary: string;
  prevHash: string;
}

/**
 * The exact text hashed for an event: a fixed-order JSON array, so the same content always
 * serialises the same way on every database and Node version.
 */
export function canonicalAuditText(e: AuditContent): string {
  return JSON.stringify([
    e.seq,
    e.id,
    e.at,
    e.actorUserId,
    e.actorRole,
    e.action,
    e.entityType,
    e.entityId,
    e.personId,
    e.requestId,
    e.ip,
    e.outcome,
    e.summary,
    e.prevHash,
  ]);
}

/** The previous-hash of the first event in a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Serialises a summary with sorted keys so its text (and hash) is stable. */
export function serialiseSummary(summary: AuditSummary): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(summary).sort()) sorted[key] = summary[key];
  return JSON.stringify(sorted);
}
