// Answers to invitations (iTIP REPLY, RFC 5546) arriving by mail: the sync hands each incoming
// message's calendar parts here, and every attendee named gets their answer.
import type { Db } from '../../platform/db/database.ts';
import type { AttendeeStatus } from '../../platform/db/schema.ts';
import { parseComponent } from './appointments.ical.ts';

const replyStatuses: Record<string, AttendeeStatus> = {
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  TENTATIVE: 'tentative',
  DELEGATED: 'delegated',
  'NEEDS-ACTION': 'needs-action',
};

/**
 * An iTIP REPLY found in an incoming message: each attendee it names gets their answer, if the
 * appointment is one of this workspace's and the answer is newer than the last one stored.
 * Anything else in the part (broken data, unknown UIDs) is left alone: the mail is kept anyway.
 */
export async function applyCalendarReplies(
  tx: Db,
  parts: Array<{ contentType: string; content: Buffer }>,
): Promise<number> {
  let applied = 0;
  for (const part of parts) {
    if (!/^(text|application)\/(calendar|ics)/i.test(part.contentType)) continue;
    let root: ReturnType<typeof parseComponent>;
    try {
      root = parseComponent(part.content.toString('utf8'));
    } catch {
      continue;
    }
    if (String(root.getFirstPropertyValue('method') ?? '').toUpperCase() !== 'REPLY') continue;
    for (const event of root.getAllSubcomponents('vevent')) {
      const uid = String(event.getFirstPropertyValue('uid') ?? '');
      if (!uid || uid.length > 255) continue;
      const appointment = await tx
        .selectFrom('appointments')
        .select('id')
        .where('uid', '=', uid)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!appointment) continue;
      const stampValue = event.getFirstPropertyValue('dtstamp') as { toJSDate?: () => Date } | null;
      const stamp = stampValue?.toJSDate?.() ?? new Date();
      const respondedAt = Number.isNaN(stamp.getTime()) ? new Date() : stamp;
      for (const property of event.getAllProperties('attendee')) {
        const email = String(property.getFirstValue() ?? '')
          .replace(/^mailto:/i, '')
          .trim()
          .toLowerCase();
        const status = replyStatuses[String(property.getParameter('partstat') ?? '').toUpperCase()];
        if (!email || !status) continue;
        const updated = await tx
          .updateTable('appointment_attendees')
          .set({ status, responded_at: respondedAt })
          .where('appointment_id', '=', appointment.id)
          .where('email', '=', email)
          .where((eb) => eb.or([eb('responded_at', 'is', null), eb('responded_at', '<=', respondedAt)]))
          .executeTakeFirst();
        applied += Number(updated.numUpdatedRows);
      }
    }
  }
  return applied;
}
