// What the API shows of an email template, for the caller: whether they may change it too.
import { type EmailTemplate, usedPlaceholders } from '../../../contract/emailTemplates.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { can } from '../../platform/policy.ts';
import type { EmailTemplateRow } from './emailTemplates.repository.ts';

/** A workspace template is kept by managers and admins (`manage`); a personal one by its owner. */
export function mayChange(actor: Actor, row: Pick<EmailTemplateRow, 'owner_id'>): boolean {
  return row.owner_id === null
    ? can(actor, 'manage', 'emailTemplate')
    : row.owner_id === actor.userId && can(actor, 'update', 'emailTemplate');
}

export function presentEmailTemplate(actor: Actor, row: EmailTemplateRow): EmailTemplate {
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    formality: row.formality,
    scope: row.owner_id === null ? 'workspace' : 'personal',
    ownerId: row.owner_id,
    subject: row.subject,
    body: row.body,
    placeholders: usedPlaceholders(row.subject, row.body),
    editable: mayChange(actor, row),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
