// One email template (/email-templates/new, /email-templates/:id): name, language, formality,
// who it is for, subject and body with placeholders picked from a menu, and beside it the live
// preview filled from a chosen contact. A template the user may not change is shown read-only.
import { useRef, useState } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Input,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  type EmailTemplateLanguage,
  type EmailTemplateScope,
  type Formality,
  unknownPlaceholders,
} from '../../../contract/emailTemplates.ts';
import { changedFields, serverErrors } from '../forms/fieldErrors.ts';
import { useHasRole } from '../forms/FormPage.tsx';
import { LeaveGuard } from '../forms/LeaveGuard.tsx';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { BodyEditor, useBodyEditor } from './BodyEditor.tsx';
import { EmailPreview } from './EmailPreview.tsx';
import { type EmailTemplate, useChangeTemplate, useEmailTemplate } from './emailTemplatesApi.ts';
import { PlaceholderPicker } from './PlaceholderPicker.tsx';

type Values = {
  name: string;
  language: EmailTemplateLanguage;
  formality: Formality;
  scope: EmailTemplateScope;
  subject: string;
  body: string;
};

const valuesOf = (template: EmailTemplate | undefined, language: EmailTemplateLanguage): Values =>
  template
    ? {
        name: template.name,
        language: template.language,
        formality: template.formality,
        scope: template.scope,
        subject: template.subject,
        body: template.body,
      }
    : { name: '', language, formality: 'formal', scope: 'personal', subject: '', body: '' };

/** One of a few values, all in view: language, formality, for whom. */
function Choice<V extends string>({
  label,
  value,
  onChange,
  disabled,
  options,
}: {
  label: string;
  value: V;
  onChange(value: V): void;
  disabled: boolean;
  options: Record<V, string>;
}) {
  return (
    <Input.Wrapper label={label}>
      <SegmentedControl
        display="flex"
        value={value}
        onChange={(chosen) => onChange(chosen as V)}
        disabled={disabled}
        data={(Object.entries(options) as Array<[V, string]>).map(([key, text]) => ({ value: key, label: text }))}
      />
    </Input.Wrapper>
  );
}

function TemplateForm({ template }: { template?: EmailTemplate }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const change = useChangeTemplate();
  const mayKeepShared = useHasRole('manager');
  const mayWrite = useHasRole('agent');
  const editable = template ? template.editable : mayWrite;
  const [initial, setInitial] = useState(() => valuesOf(template, i18n.language.startsWith('en') ? 'en' : 'de'));
  const [values, setValues] = useState(initial);
  const location = useLocation();
  // The preview's contact and deal live in the address: they stay when a new template is saved.
  const [search, setSearch] = useSearchParams();
  const records = { contactId: search.get('contactId') ?? undefined, dealId: search.get('dealId') ?? undefined };
  const setRecords = (chosen: { contactId?: string; dealId?: string }) =>
    setSearch(
      Object.fromEntries(Object.entries(chosen).filter((entry): entry is [string, string] => Boolean(entry[1]))),
      { replace: true },
    );
  const [deleting, setDeleting] = useState(false);
  const subjectRef = useRef<HTMLInputElement>(null);
  const lastField = useRef<'subject' | 'body'>('body');
  // Saved or deleted: leaving now loses nothing, before the new state has rendered.
  const leaving = useRef(false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const editor = useBodyEditor(initial.body, editable, t('emailTemplates.fields.body'), (body) => set('body', body));

  const insert = (text: string) => {
    const input = subjectRef.current;
    if (lastField.current === 'subject' && input) {
      const start = input.selectionStart ?? values.subject.length;
      const end = input.selectionEnd ?? start;
      set('subject', values.subject.slice(0, start) + text + values.subject.slice(end));
      requestAnimationFrame(() => {
        input.focus();
        input.setSelectionRange(start + text.length, start + text.length);
      });
    } else editor?.chain().focus().insertContent(text).run();
  };

  const unknownInSubject = unknownPlaceholders(values.subject);
  const unknownInBody = unknownPlaceholders(values.body);
  const unknownText = (names: string[]) =>
    names.length ? t('emailTemplates.unknownPlaceholders', { names: names.join(', ') }) : undefined;
  const fieldErrors = serverErrors(change.error, t);
  const isDirty = () => !leaving.current && JSON.stringify(values) !== JSON.stringify(initial);

  const save = () =>
    change.mutate(
      template ? { kind: 'patch', template, body: changedFields(initial, values) } : { kind: 'create', body: values },
      {
        onSuccess: (saved) => {
          if (!saved) return;
          const next = valuesOf(saved, saved.language);
          setInitial(next);
          setValues(next);
          notifications.show({ color: 'green', message: t('emailTemplates.saved') });
          if (template) return;
          leaving.current = true;
          navigate(`/email-templates/${saved.id}${location.search}`, { replace: true });
        },
      },
    );
  const remove = () =>
    template &&
    change.mutate(
      { kind: 'delete', template },
      {
        onSuccess: () => {
          leaving.current = true;
          notifications.show({ color: 'green', message: t('emailTemplates.deleted') });
          navigate('/email-templates');
        },
      },
    );

  const problem = change.error && Object.keys(fieldErrors).length === 0 ? errorMessage(change.error) : null;
  return (
    <Stack gap="md" data-testid="template-editor">
      <LeaveGuard isDirty={isDirty} />
      <Anchor component={Link} to="/email-templates" size="sm">
        {t('emailTemplates.back')}
      </Anchor>
      <Title order={2}>{template ? template.name : t('emailTemplates.new')}</Title>
      {!editable && (
        <Alert color="blue" variant="light">
          {t('emailTemplates.readOnly')}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="sm">
            <TextInput
              label={t('emailTemplates.fields.name')}
              value={values.name}
              onChange={(event) => set('name', event.currentTarget.value)}
              maxLength={100}
              required
              disabled={!editable}
              error={fieldErrors.name}
            />
            <Group gap="lg" align="flex-end" wrap="wrap">
              <Choice
                label={t('emailTemplates.fields.language')}
                value={values.language}
                onChange={(value) => set('language', value)}
                disabled={!editable}
                options={{ de: t('language.de'), en: t('language.en') }}
              />
              <Choice
                label={t('emailTemplates.fields.formality')}
                value={values.formality}
                onChange={(value) => set('formality', value)}
                disabled={!editable}
                options={{
                  formal: t('emailTemplates.formality.formal'),
                  informal: t('emailTemplates.formality.informal'),
                }}
              />
              <Choice
                label={t('emailTemplates.fields.scope')}
                value={values.scope}
                onChange={(value) => set('scope', value)}
                disabled={!editable || !mayKeepShared}
                options={{
                  personal: t('emailTemplates.scope.personal'),
                  workspace: t('emailTemplates.scope.workspace'),
                }}
              />
            </Group>
            <Group justify="space-between" align="flex-end" mt="xs">
              <Text size="sm" c="dimmed">
                {t('emailTemplates.placeholderHint')}
              </Text>
              <PlaceholderPicker onPick={insert} disabled={!editable} />
            </Group>
            <TextInput
              ref={subjectRef}
              label={t('emailTemplates.fields.subject')}
              value={values.subject}
              onChange={(event) => set('subject', event.currentTarget.value)}
              onFocus={() => {
                lastField.current = 'subject';
              }}
              maxLength={300}
              required
              disabled={!editable}
              error={unknownText(unknownInSubject) ?? fieldErrors.subject}
            />
            <BodyEditor
              editor={editor}
              label={t('emailTemplates.fields.body')}
              error={unknownText(unknownInBody) ?? fieldErrors.body}
              onFocus={() => {
                lastField.current = 'body';
              }}
            />
            {problem && (
              <Alert color="red" variant="light" data-testid="template-problem">
                {problem}
              </Alert>
            )}
            {editable && (
              <Group justify="space-between">
                <Group gap="sm">
                  <Button
                    onClick={save}
                    loading={change.isPending}
                    disabled={
                      !values.name.trim() ||
                      !values.subject.trim() ||
                      unknownInSubject.length + unknownInBody.length > 0 ||
                      (template !== undefined && !isDirty())
                    }
                  >
                    {t('emailTemplates.save')}
                  </Button>
                  <Button variant="default" component={Link} to="/email-templates">
                    {t('emailTemplates.cancel')}
                  </Button>
                </Group>
                {template && (
                  <Button color="red" variant="subtle" onClick={() => setDeleting(true)}>
                    {t('emailTemplates.delete')}
                  </Button>
                )}
              </Group>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <EmailPreview
            draft={{
              language: values.language,
              formality: values.formality,
              subject: values.subject,
              body: values.body,
              ...records,
            }}
            onRecords={setRecords}
          />
        </Grid.Col>
      </Grid>
      <Modal opened={deleting} onClose={() => setDeleting(false)} title={t('emailTemplates.delete')} centered>
        <Stack gap="sm">
          <Text>{t('emailTemplates.deleteConfirm', { name: template?.name ?? '' })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              {t('emailTemplates.cancel')}
            </Button>
            <Button color="red" onClick={remove} loading={change.isPending}>
              {t('emailTemplates.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

export default function EmailTemplateEditor() {
  const { id } = useParams();
  const loaded = useEmailTemplate(id);
  if (id && loaded.isPending) return <LoadingState />;
  if (id && loaded.isError) return <ErrorState error={loaded.error} onRetry={() => void loaded.refetch()} />;
  return <TemplateForm key={loaded.data?.id ?? 'new'} template={loaded.data} />;
}
