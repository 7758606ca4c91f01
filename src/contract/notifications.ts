// In-app notifications of the signed-in user (the bell in the web app): due task reminders and
// appointments about to start.
import { z } from 'zod';
import { id } from './common.ts';

export const notificationKinds = ['task_reminder', 'appointment_reminder'] as const;

export const notificationQuery = z
  .object({
    unread: z.enum(['true', 'false']).optional().describe('true: only unread notifications'),
    limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size (1–100, default 20)'),
    cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  })
  .strict();

export const notification = z
  .object({
    id,
    kind: z.enum(notificationKinds),
    title: z.string().describe("What the notification is about, e.g. the task's or the appointment's title"),
    taskId: id.nullable(),
    appointmentId: id.nullable().describe('For an appointment reminder: the appointment (GET /appointments/{id})'),
    startsAt: z.string().nullable().describe('For an appointment reminder: when that occurrence starts'),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });

export const notificationPage = z
  .object({
    data: z.array(notification),
    nextCursor: z.string().nullable(),
    unreadCount: z.number().int().describe("All unread notifications of the user, not only this page's"),
  })
  .meta({ id: 'NotificationPage' });

export const readAllResult = z.object({ marked: z.number().int() }).meta({ id: 'NotificationsMarked' });

export type NotificationQuery = z.infer<typeof notificationQuery>;
export type Notification = z.infer<typeof notification>;
export type NotificationPage = z.infer<typeof notificationPage>;
