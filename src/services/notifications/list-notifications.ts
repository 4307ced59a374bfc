import {
  countUnreadNotifications,
  listNotifications as listNotificationRows,
  type NotificationRecord,
} from '../../db/repositories/notifications/notifications.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/**
 * The actor's own in-app notifications, newest first, with the unread count. Each says whose case
 * it concerns: the case reference, and the person's name where the actor may see that case (the
 * scope of their lists); the people named are recorded in the audit like any list's.
 */
export async function listNotifications(
  deps: ServiceDeps,
  actor: Actor,
  q: { unreadOnly: boolean; limit: number },
): Promise<{ notifications: NotificationRecord[]; unread: number }> {
  return runUseCase(deps, actor, {
    permission: 'notification:read',
    action: 'notification.listed',
    entityType: 'notification',
    work: async (tx, access) => {
      // The operator has no inbox.
      if (actor.kind === 'system') return { notifications: [], unread: 0 };
      const viewer = { ...access.referrals, userId: actor.userId };
      return { notifications: await listNotificationRows(tx, viewer, q.unreadOnly, q.limit), unread: await countUnreadNotifications(tx, actor.userId) };
    },
    audit: (r) => ({
      summary: { count: r.notifications.length, unread: r.unread },
      shownPersonIds: r.notifications.flatMap((n) => (n.case?.person ? [n.case.person.id] : [])),
    }),
  });
}
