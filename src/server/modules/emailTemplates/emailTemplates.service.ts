// Email templates: who sees and keeps which (the workspace's for everyone, kept by managers
// and admins; personal ones only their owner's), the body sanitised on the way in, only known
// placeholders saved, and the preview filled from real records.
import { sql } from 'kysely';
import {
  type EmailDraftPreview,
  type EmailPreviewRecords,
  type EmailTemplate,
  type EmailTemplateCreate,
  type EmailTemplatePatch,
  emailPlaceholders,
  placeholderText,
  type RenderedEmail,
  unknownPlaceholders,
} from '../../../contract/emailTemplates.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { newId, updateLive } from '../../platform/db/records.ts';
import { inTenant } from '../../platform/db/tenant.ts';
import { forbidden, invalid, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { authorize } from '../../platform/policy.ts';
import { sanitizeBody } from './emailTemplates.html.ts';
import { mayChange, presentEmailTemplate } from './emailTemplates.presenter.ts';
import { renderTemplate } from './emailTemplates.render.ts';
import * as repo from './emailTemplates.repository.ts';

/** 422 `unknown_placeholder` naming every name between braces that is no placeholder, at its field. */
function checkPlaceholders(fields: { subject?: string; body?: string }) {
  const errors = (['subject', 'body'] as const).flatMap((path) =>
    fields[path] === undefined
      ? []
      : unknownPlaceholders(fields[path]).map((name) => ({
          path,
          code: 'invalid' as const,
          message: `unknown placeholder {{${name}}}`,
        })),
  );
  if (errors.length === 0) return;
  const names = [...new Set(errors.map((error) => error.message.replace('unknown placeholder ', '')))];
  throw invalid(
    errors,
    `The template uses ${names.length === 1 ? 'a placeholder' : 'placeholders'} Farley does not know: ${names.join(', ')}. ` +
      `Known placeholders: ${emailPlaceholders.map(placeholderText).join(', ')}.`,
    'unknown_placeholder',
  );
}

/** Making a template the workspace's, or changing one of the workspace's, is for managers and admins. */
function assertMayChange(actor: Actor, row: repo.EmailTemplateRow) {
  if (row.owner_id === null) authorize(actor, 'manage', 'emailTemplate');
  else if (!mayChange(actor, row)) throw forbidden();
}

export interface EmailTemplateService {
  list(actor: Actor, language?: 'de' | 'en'): Promise<{ data: EmailTemplate[] }>;
  get(actor: Actor, id: string): Promise<EmailTemplate>;
  create(actor: Actor, input: EmailTemplateCreate): Promise<EmailTemplate>;
  update(actor: Actor, id: string, patch: EmailTemplatePatch, version: number | undefined): Promise<EmailTemplate>;
  remove(actor: Actor, id: string, version: number | undefined): Promise<void>;
  preview(actor: Actor, id: string, records: EmailPreviewRecords): Promise<RenderedEmail>;
  previewDraft(actor: Actor, draft: EmailDraftPreview): Promise<RenderedEmail>;
}

export function emailTemplateService(ctx: AppContext): EmailTemplateService {
  const db = ctx.db.app;

  /** The live template the caller sees, else 404. */
  async function visible(tx: Db, actor: Actor, id: string) {
    const row = await repo.findVisibleTemplate(tx, id, actor.userId);
    if (!row) throw notFound('email template');
    return row;
  }

  return {
    list: (actor, language) =>
      inTenant(db, actor, async (tx) => ({
        data: (await repo.listVisibleTemplates(tx, actor.userId, language)).map((row) =>
          presentEmailTemplate(actor, row),
        ),
      })),

    get: (actor, id) => inTenant(db, actor, async (tx) => presentEmailTemplate(actor, await visible(tx, actor, id))),

    create: (actor, input) => {
      if (input.scope === 'workspace') authorize(actor, 'manage', 'emailTemplate');
      const body = sanitizeBody(input.body);
      checkPlaceholders({ subject: input.subject, body });
      return inTenant(db, actor, async (tx) => {
        const row = await repo.insertTemplate(tx, {
          workspace_id: actor.workspaceId,
          id: newId(),
          owner_id: input.scope === 'workspace' ? null : actor.userId,
          name: input.name,
          language: input.language,
          formality: input.formality,
          subject: input.subject,
          body,
        });
        return presentEmailTemplate(actor, row);
      });
    },

    update: (actor, id, patch, version) => {
      const body = patch.body === undefined ? undefined : sanitizeBody(patch.body);
      checkPlaceholders({ subject: patch.subject, body });
      return inTenant(db, actor, async (tx) => {
        const current = await visible(tx, actor, id);
        assertMayChange(actor, current);
        const scope = current.owner_id === null ? 'workspace' : 'personal';
        if (patch.scope !== undefined && patch.scope !== scope) authorize(actor, 'manage', 'emailTemplate');
        const row = await updateLive(
          tx,
          'email_templates',
          id,
          {
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.language !== undefined && { language: patch.language }),
            ...(patch.formality !== undefined && { formality: patch.formality }),
            ...(patch.subject !== undefined && { subject: patch.subject }),
            ...(body !== undefined && { body }),
            ...(patch.scope !== undefined &&
              patch.scope !== scope && { owner_id: patch.scope === 'workspace' ? null : actor.userId }),
          },
          version,
          'email template',
        );
        return presentEmailTemplate(actor, row);
      });
    },

    remove: (actor, id, version) =>
      inTenant(db, actor, async (tx) => {
        assertMayChange(actor, await visible(tx, actor, id));
        await updateLive(tx, 'email_templates', id, { deleted_at: sql<Date>`now()` }, version, 'email template');
      }),

    preview: (actor, id, records) => inTenant(db, actor, (tx) => renderTemplate(tx, actor, id, records)),

    previewDraft: (actor, { language, formality, subject, body, ...records }) =>
      inTenant(db, actor, (tx) => renderTemplate(tx, actor, { language, formality, subject, body }, records)),
  };
}
