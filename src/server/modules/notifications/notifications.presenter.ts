// What the API shows of a notification.
import type { Notification } from '../../../contract/notifications.ts';
import { iso } from '../../platform/presenting.ts';
import type { NotificationRow } from './notifications.repository.ts';

export function presentNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    taskId: row.task_id,
    appointmentId: row.appointment_id,
    startsAt: iso(row.starts_at),
    createdAt: row.created_at.toISOString(),
    readAt: iso(row.read_at),
  };
}
