import type { AuditEventView } from '../../../domain/schemas/audit.ts';
import type { AuditEventRow } from '../../../db/repositories/audit/audit-events.ts';
import type { AuditOutcome } from '../../../domain/audit.ts';

export const presentAuditEvent = (e: AuditEventRow): AuditEventView => ({
  seq: e.seq,
  id: e.id,
  at: e.at,
  actorUserId: e.actorUserId,
  actorName: e.actorName,
  actorRole: e.actorRole,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId,
  personId: e.personId,
  requestId: e.requestId,
  ip: e.ip,
  outcome: e.outcome as AuditOutcome,
  summary: JSON.parse(e.summary) as Record<string, unknown>,
});
