// Choosing a template for a new message: the template is filled from the contact, company and
// deal one writes to (POST /email-templates/{id}/preview), and the placeholders that stayed
// empty are named, so the gap can be filled by hand.
import { useState } from 'react';
import { Alert, Select, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../ui/states.tsx';
import { useEmailTemplates } from '../emailTemplates/emailTemplatesApi.ts';
import { previewTemplate, type EmailRecords, type RenderedEmail } from './emailsApi.ts';

export function TemplatePicker({
  records,
  onApply,
}: {
  records: EmailRecords;
  onApply(rendered: RenderedEmail): void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [chosen, setChosen] = useState<string | null>(null);
  const templates = useEmailTemplates();
  const preview = useMutation({
    mutationFn: (id: string) => previewTemplate(id, records),
    onSuccess: onApply,
  });
  const list = templates.data ?? [];
  return (
    <Stack gap={4}>
      <Select
        label={t('emails.compose.template')}
        placeholder={templates.isPending ? t('emails.compose.loading') : t('emails.compose.noTemplate')}
        data={list.map((template) => ({
          value: template.id,
          label: t('emails.compose.templateOption', { name: template.name, language: template.language.toUpperCase() }),
        }))}
        value={chosen}
        onChange={(id) => {
          setChosen(id);
          if (id) preview.mutate(id);
        }}
        searchable
        clearable
        nothingFoundMessage={t('emails.compose.noTemplates')}
        disabled={templates.isError}
        comboboxProps={{ withinPortal: true, zIndex: 500 }}
        data-testid="compose-template"
      />
      {preview.isError && (
        <Text size="xs" c="red">
          {errorMessage(preview.error)}
        </Text>
      )}
      {preview.data && preview.data.missing.length > 0 && (
        <Alert color="yellow" variant="light" p="xs" data-testid="compose-missing">
          <Text size="xs">
            {t('emails.compose.missing', {
              placeholders: preview.data.missing.map((name) => `{{${name}}}`).join(', '),
            })}
          </Text>
        </Alert>
      )}
    </Stack>
  );
}
