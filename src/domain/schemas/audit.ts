import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_CHECKPOINT_FORMAT, AUDIT_OUTCOMES } from '../audit.ts';
import { idSchema, isoDateSchema } from './common.ts';

export const auditQuerySchema = z.strictObject({
  personId: idSchema.optional(),
  /** A person's name or NHS number, resolved to people by the server (never stored in the trail). */
  person: z.string().trim().min(2, 'Enter at least 2 characters of a name, or a 10-digit NHS number').max(100).optional(),
  userId: idSchema.optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEventViewSchema = z.object({
  seq: z.number(),
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  personId: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  summary: z.record(z.string(), z.unknown()),
});
export type AuditEventView = z.infer<typeof auditEventViewSchema>;

/** A page of the trail; `personMatches` is how many people a name or NHS number filter matched (null without one). */
export const auditPageSchema = z.object({ events: z.array(auditEventViewSchema), nextBefore: z.number().nullable(), personMatches: z.number().nullable() });

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'Expected 64 hexadecimal characters');

/** A checkpoint file as `linkwork audit checkpoint` writes it (validated when read back). */
export const auditCheckpointSchema = z.strictObject({
  format: z.literal(AUDIT_CHECKPOINT_FORMAT),
  seq: z.number().int().min(0),
  hash: hex64,
  at: z.iso.datetime(),
  signature: hex64,
});
