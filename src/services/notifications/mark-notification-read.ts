import { AppError } from '../../domain/errors.ts';
import { findOwnNotification, markNotificationRead as markRead, type NotificationRecord } from '../../db/repositories/notifications/notifications.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** Marks one of the actor's own notifications read (someone else's answers not_found). Idempotent. */
export async function markNotificationRead(deps: ServiceDeps, actor: Actor, id: string): Promise<NotificationRecord> {
  return runUseCase(deps, actor, {
    permission: 'notification:read',
    action: 'notification.read',
    entityType: 'notification',
    entityId: id,
    work: async (tx, access) => {
      const n = actor.kind === 'user' ? await findOwnNotification(tx, id, { ...access.referrals, userId: actor.userId }) : undefined;
      if (n === undefined) throw new AppError('not_found', 'No such notification');
      const at = deps.clock.now().toISOString();
      await markRead(tx, id, at);
      return { ...n, readAt: n.readAt ?? at };
    },
    audit: (n) => ({ summary: { kind: n.kind }, shownPersonIds: n.case?.person ? [n.case.person.id] : [] }),
  });
}
