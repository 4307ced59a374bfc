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
  'case.work_recorded',
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
  // Proactive cohorts (issue 12)
  'cohort.found',
  'cohort.listed',
  'cohort.viewed',
  'cohort.fairness_reason_recorded',
  // Proactive outreach (issue 12)
  'outreach.started',
  'outreach.listed',
  'outreach.reviewed',
  'outreach.invited',
  'outreach.response_recorded',
  'outreach.accepted',
  'outreach.declined',
  'outreach.opted_out',
  // Practice data (issue 12)
  'practice_data.imported',
  'practice_data.purged',
  'practice_data.listed',
  // Impact on GP appointments and fit notes (issue 12)
  'impact.analysed',
  'case.reassigned',
  'denominators.imported',
  'geo.ethnicity_imported',
  'access.denied',
  'audit.viewed',
  'audit.exported',
  'audit.checkpointed',
  'geo.postcode_looked_up',
  'geo.postcodes_imported',
  'geo.imd_imported',
  'system.migrated',
  'system.demo_seeded',
  'system.restored',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Every action in words, for people reading the trail (the audit page, its filter). A mapped type,
 * so a new action without a label does not compile; src/domain/audit.test.ts checks the words.
 */
export const AUDIT_ACTION_LABELS: { readonly [A in AuditAction]: string } = {
  'session.signed_in': 'Signed in',
  'session.sign_in_failed': 'Sign-in failed',
  'session.signed_out': 'Signed out',
  'user.created': 'User account created',
  'user.disabled': 'User account disabled',
  'user.enabled': 'User account enabled',
  'user.password_reset': 'User password reset',
  'user.updated': 'User account updated',
  'user.viewed': 'User account viewed',
  'user.listed': 'User accounts listed',
  'organisation.created': 'Organisation created',
  'organisation.viewed': 'Organisation viewed',
  'organisation.listed': 'Organisations listed',
  'person.created': 'Person record created',
  'person.viewed': 'Person record viewed',
  'person.listed': 'People listed or searched',
  'person.updated': 'Person record updated',
  'person.merged': 'Person records merged',
  'person.duplicates_checked': 'Possible duplicate people checked',
  'referral.created': 'Referral made',
  'referral.viewed': 'Referral viewed',
  'referral.listed': 'Referrals listed',
  'referral.allocated': 'Referral accepted and allocated',
  'referral.rejected': 'Referral declined',
  'referral.redirected': 'Referral redirected',
  'case.viewed': 'Case viewed',
  'case.listed': 'Cases listed or searched',
  'case.status_changed': 'Case status changed',
  'case.contact_logged': 'Contact with the person logged',
  'case.conversation_saved': 'What matters conversation saved',
  'case.plan_saved': 'Personalised plan saved',
  'case.work_recorded': 'Work status recorded',
  'case.discharge_message_viewed': 'Discharge message viewed',
  'case.unmet_need_recorded': 'Unmet need recorded',
  'case.today_viewed': 'Today list viewed',
  'gp_record.exported': 'GP record entries exported',
  'gp_record.filed': 'GP record entries marked as filed',
  'notification.listed': 'Notifications listed',
  'notification.read': 'Notification read',
  'service.created': 'Service created',
  'service.updated': 'Service updated',
  'service.listed': 'Services listed or searched',
  'community_referral.created': 'Community referral sent',
  'community_referral.signposted': 'Person signposted to a service',
  'community_referral.responded': 'Community referral answered by the provider',
  'community_referral.cancelled': 'Community referral withdrawn',
  'community_referral.expired': 'Community referral expired without an answer',
  'community_referral.inbox_viewed': 'Provider inbox viewed',
  'directory.imported': 'Service directory imported',
  'directory.taxonomy_loaded': 'Service categories loaded',
  'service.viewed': 'Service viewed',
  'service.archived': 'Service archived',
  'service.restored': 'Service restored',
  'service.verified': 'Service details confirmed as current',
  'service.edit_submitted': 'Service change submitted',
  'service.edit_approved': 'Service change approved',
  'service.edit_rejected': 'Service change rejected',
  'service.edits_listed': 'Service changes listed',
  'service.classification_corrected': 'Service categories corrected',
  'service.problem_reported': 'Problem with a service reported',
  'service.problem_resolved': 'Problem with a service resolved',
  'service.problems_listed': 'Problems with services listed',
  'service.matched': 'Services suggested for a need',
  'instrument.loaded': 'Wellbeing questionnaire loaded',
  'instrument.listed': 'Wellbeing questionnaires listed',
  'outcome.recorded': 'Wellbeing score recorded',
  'outcome.viewed': 'Wellbeing scores viewed',
  'outcome.link_created': 'Questionnaire link created',
  'outcome.link_opened': 'Questionnaire link opened',
  'outcome.self_completed': 'Questionnaire completed by the person',
  'outcome.cohort_viewed': 'Wellbeing outcomes report viewed',
  'outcome.cohort_exported': 'Wellbeing outcomes report exported',
  'report.viewed': 'Report viewed',
  'report.exported': 'Report exported',
  'report.return_generated': 'Data return generated',
  'report.unmet_register_viewed': 'Unmet needs register viewed',
  'cohort.found': 'Proactive cohort found from practice data',
  'cohort.listed': 'Proactive cohort runs listed',
  'cohort.viewed': 'Proactive cohort viewed (the people it found)',
  'cohort.fairness_reason_recorded': 'Reason recorded for a cohort’s fairness check',
  'outreach.started': 'Outreach started for a cohort',
  'outreach.listed': 'Outreach worklist viewed',
  'outreach.reviewed': 'Outreach safety review recorded',
  'outreach.invited': 'Outreach invitation recorded',
  'outreach.response_recorded': 'Outreach response recorded',
  'outreach.accepted': 'Outreach accepted: referral made',
  'outreach.declined': 'Outreach declined',
  'outreach.opted_out': 'Person opted out of outreach',
  'practice_data.imported': 'Practice data imported (people and events from a practice search)',
  'practice_data.purged': 'Old practice data deleted (retention)',
  'practice_data.listed': 'Practice data extracts listed',
  'impact.analysed': 'Impact on GP appointments or fit notes analysed',
  'case.reassigned': 'Case reassigned to another link worker',
  'denominators.imported': 'Practice population figures imported',
  'geo.ethnicity_imported': 'Ethnicity population figures imported',
  'access.denied': 'Access refused',
  'audit.viewed': 'Audit trail viewed or searched',
  'audit.exported': 'Audit trail exported',
  'audit.checkpointed': 'Audit trail checkpoint signed',
  'geo.postcode_looked_up': 'Postcode looked up',
  'geo.postcodes_imported': 'Postcodes imported',
  'geo.imd_imported': 'Deprivation figures imported',
  'system.migrated': 'Database upgraded',
  'system.demo_seeded': 'Demo data loaded',
  'system.restored': 'Database restored from a backup',
};

/** An action in words; an unknown one (from an older or newer version) as it is stored. */
export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Readonly<Record<string, string>>)[action] ?? action;
}

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

/**
 * How an event's hash was made: `sha256` (plain, before issue 14 or with no audit key configured)
 * or `hmac-sha256` (keyed with LINKWORK_AUDIT_KEY, which is never in the database, so nobody
 * with only database access can write an event that verifies).
 */
export const AUDIT_HASH_KINDS = ['sha256', 'hmac-sha256'] as const;
export type AuditHashKind = (typeof AUDIT_HASH_KINDS)[number];

/** A signed checkpoint of the chain head, kept outside the database (`linkwork audit checkpoint`). */
export interface AuditCheckpoint {
  format: typeof AUDIT_CHECKPOINT_FORMAT;
  /** The last event when the checkpoint was taken, and its hash. */
  seq: number;
  hash: string;
  /** When it was taken (ISO-8601 UTC). */
  at: string;
  /** HMAC-SHA256 of canonicalCheckpointText with the audit key, hex. */
  signature: string;
}

export const AUDIT_CHECKPOINT_FORMAT = 'linkwork-audit-checkpoint/1';

/** The exact text a checkpoint's signature covers. */
export function canonicalCheckpointText(c: Pick<AuditCheckpoint, 'format' | 'seq' | 'hash' | 'at'>): string {
  return JSON.stringify([c.format, c.seq, c.hash, c.at]);
}

/** The previous-hash of the first event in a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Serialises a summary with sorted keys so its text (and hash) is stable. */
export function serialiseSummary(summary: AuditSummary): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(summary).sort()) sorted[key] = summary[key];
  return JSON.stringify(sorted);
}
