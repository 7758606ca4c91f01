// What the API shows of an activity, with the records it is linked to.
import type { Activity } from '../../../contract/activities.ts';
import type { WithLinked } from '../../platform/db/links.ts';
import { iso, type Row } from '../../platform/presenting.ts';

export type ActivityRow = Row<'activities'>;

export function presentActivity(row: ActivityRow, links: WithLinked): Activity {
  return {
    id: row.id,
    version: row.version,
    type: row.type,
    direction: row.direction,
    subject: row.subject,
    body: row.body,
    occurredAt: row.occurred_at.toISOString(),
    durationMinutes: row.duration_minutes,
    outcome: row.outcome,
    authorId: row.author_id,
    emailId: row.email_id,
    appointmentId: row.appointment_id,
    confidential: row.confidential,
    ...links,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: iso(row.deleted_at),
  };
}
