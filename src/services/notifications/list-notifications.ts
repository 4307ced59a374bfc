import {
  countUnreadNotifications,
  listNotifications as listNotificationRows,
  type NotificationRecord,
} from '../../db/repositories/notifications/notifications.ts';
import type { Actor, ServiceDeps } from '../kernel/context.ts';
import { runUseCase } from '../kernel/use-case.ts';

/** The actor's own in-app notifications, newest first, with the unread count. */
export async function listNotifications(
  deps: ServiceDeps,
  actor: Actor,
  q: { unreadOnly: boolean; limit: number },
): Promise<{ notifications: NotificationRecord[]; unread: number }> {
  return runUseCase(deps, actor, {
    permission: 'notification:read',
    action: 'notification.listed',
    entityType: 'notification',
    work: async (tx) => {
      // The operator has no inbox.
      if (actor.kind === 'system') return { notifications: [], unread: 0 };
      return { notifications: await listNotificationRows(tx, actor.userId, q.unreadOnly, q.limit), unread: await countUnreadNotifications(tx, actor.userId) };
    },
    audit: (r) => ({ summary: { count: r.notifications.length, unread: r.unread } }),
  });
}
