import { appendAudit } from '../kernel/audit-append.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';

/**
 * Records, as the first event after a restore, that the database was restored from a backup: the
 * trail then explains why events written after the backup are gone (they are in the database the
 * restore kept aside), including to a checkpoint signed after the backup. Command line only.
 */
export async function recordRestore(deps: ServiceDeps, actor: Actor, facts: { lastMigration: string; auditEventsInBackup: number }): Promise<void> {
  await deps.db.transaction().execute((tx) =>
    appendAudit(tx, deps.clock, actor, {
      action: 'system.restored',
      outcome: 'success',
      summary: { schemaAtBackup: facts.lastMigration, auditEventsInBackup: facts.auditEventsInBackup },
    }),
  );
}
