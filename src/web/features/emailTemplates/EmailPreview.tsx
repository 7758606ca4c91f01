// The live preview beside the editor: the template as the server fills it from a chosen contact
// (and, if wanted, a deal), with the placeholders that stayed empty. The body is shown in a
// sandboxed frame: sanitised by the server already, and even so never able to run anything
// (no allow-scripts; same origin only so that the page may read the frame's text).
import { Alert, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EmailDraftPreview } from '../../../contract/emailTemplates.ts';
import { RecordSelect } from '../forms/pickers.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { usePreview } from './emailTemplatesApi.ts';

/** The frame's page: the body in the app's font, as a mail program would show it. */
function frameDocument(html: string) {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:14px;line-height:1.5;color:#212529;margin:12px}
p{margin:0 0 .8em}a{color:#1c7ed6}blockquote{border-left:3px solid #dee2e6;margin:0 0 .8em;padding-left:12px;color:#495057}
</style></head><body>${html}</body></html>`;
}

export function EmailPreview({
  draft,
  onRecords,
}: {
  draft: EmailDraftPreview;
  onRecords(records: { contactId?: string; dealId?: string }): void;
}) {
  const { t } = useTranslation();
  const preview = usePreview(draft);
  const names = (list: string[]) => list.map((name) => t(`emailTemplates.placeholders.${name}`)).join(', ');
  return (
    <Paper withBorder p="md" data-testid="template-preview">
      <Stack gap="sm">
        <Title order={4}>{t('emailTemplates.preview.title')}</Title>
        <Group grow align="flex-start">
          <RecordSelect
            type="contact"
            label={t('emailTemplates.preview.contact')}
            value={draft.contactId ?? null}
            onChange={(id) => onRecords({ contactId: id ?? undefined, dealId: draft.dealId })}
            data-testid="preview-contact"
          />
          <RecordSelect
            type="deal"
            label={t('emailTemplates.preview.deal')}
            value={draft.dealId ?? null}
            onChange={(id) => onRecords({ contactId: draft.contactId, dealId: id ?? undefined })}
            data-testid="preview-deal"
          />
        </Group>
        {!draft.contactId && !draft.dealId && (
          <Text size="sm" c="dimmed">
            {t('emailTemplates.preview.choose')}
          </Text>
        )}
        {preview.isPending ? (
          <LoadingState />
        ) : preview.isError ? (
          <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />
        ) : (
          <>
            <div>
              <Text size="xs" c="dimmed">
                {t('emailTemplates.fields.subject')}
              </Text>
              <Text fw={600} data-testid="preview-subject">
                {preview.data.subject}
              </Text>
            </div>
            <iframe
              title={t('emailTemplates.preview.body')}
              sandbox="allow-same-origin"
              srcDoc={frameDocument(preview.data.html)}
              data-testid="preview-body"
              style={{
                width: '100%',
                minHeight: 280,
                border: '1px solid var(--mantine-color-gray-3)',
                borderRadius: 4,
              }}
            />
            {preview.data.missing.length > 0 && (
              <Alert color="yellow" variant="light" data-testid="preview-missing">
                {t('emailTemplates.preview.missing', { names: names(preview.data.missing) })}
              </Alert>
            )}
            {preview.data.unknown.length > 0 && (
              <Alert color="red" variant="light" data-testid="preview-unknown">
                {t('emailTemplates.preview.unknown', { names: preview.data.unknown.join(', ') })}
              </Alert>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
