import { AUDIT_CHECKPOINT_FORMAT, type AuditCheckpoint } from '../../domain/audit.ts';
import { AppError } from '../../domain/errors.ts';
import { getChainHead } from '../../db/repositories/audit/audit-events.ts';
import { auditKeyOf } from '../kernel/audit-key.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';
import { signCheckpoint } from './shared/checkpoint-signature.ts';

/**
 * Signs a checkpoint of the chain head, for keeping outside the database (a file, a write-once
 * store, a ticket): `verifyAuditChain` with it then detects a deleted tail, an emptied trail and
 * any rewrite up to the head it names. The checkpoint is itself audited, and its event is the
 * head it signs (appended first, in the same transaction), so the checkpoint always ends on a
 * keyed event and nothing after it can be forged without the key.
 */
export async function createAuditCheckpoint(deps: ServiceDeps, actor: Actor): Promise<AuditCheckpoint> {
  const key = auditKeyOf(deps.db);
  if (key === null) {
    throw new AppError('invalid_input', 'No audit key is configured: set LINKWORK_AUDIT_KEY to sign checkpoints (see docs/design/audit.md)', {
      reason: 'no_audit_key',
    });
  }
  await runUseCase(deps, actor, {
    permission: 'audit:export',
    action: 'audit.checkpointed',
    entityType: 'audit_event',
    work: () => Promise.resolve(null),
  });
  // Read after the event committed: the head is that event or a later one, keyed either way.
  const head = await getChainHead(deps.db);
  if (head === undefined) throw new AppError('internal', 'Audit chain head is missing');
  const unsigned = { format: AUDIT_CHECKPOINT_FORMAT, seq: head.seq, hash: head.hash, at: deps.clock.now().toISOString() } as const;
  return { ...unsigned, signature: signCheckpoint(key, unsigned) };
}
