// The letterhead settings (/letterhead): the sender and the imprint printed on quotes and order
// confirmations, the logo, a preview PDF of a sample quote, and the number ranges. Everyone sees
// them; managers and admins change them (the server decides, this only disables the inputs).
import { useEffect, useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  FileButton,
  Group,
  Image,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { ibanProblem, maxLogoBytes } from '../../../contract/letterhead.ts';
import { changedFields, serverErrors, type FieldErrors } from '../forms/fieldErrors.ts';
import { useHasRole } from '../forms/FormPage.tsx';
import {
  type Letterhead,
  type LetterheadPatch,
  logoUrl,
  previewUrl,
  removeLogo,
  saveLetterhead,
  uploadLogo,
  useLetterhead,
} from './letterheadApi.ts';
import { NumberingForm } from './NumberingForm.tsx';

type Field = keyof LetterheadPatch;
const sections: Array<{ key: string; fields: Field[] }> = [
  { key: 'company', fields: ['companyName', 'street', 'postalCode', 'city', 'country'] },
  { key: 'contact', fields: ['phone', 'email', 'website'] },
  { key: 'register', fields: ['registerCourt', 'registerNumber', 'management', 'vatId', 'taxNumber'] },
  { key: 'bank', fields: ['bankName', 'iban', 'bic'] },
];
const allFields = sections.flatMap((section) => section.fields);
const hints: Partial<Record<Field, string>> = {
  companyName: 'letterhead.fields.companyNameHint',
  management: 'letterhead.fields.managementHint',
};
// Fields whose server errors get a text of their own (the general one says less).
const ownErrors: Partial<Record<Field, string>> = {
  iban: 'letterhead.errors.iban',
  bic: 'letterhead.errors.bic',
  country: 'letterhead.errors.country',
  vatId: 'letterhead.errors.vatId',
};

type Values = Record<Field, string>;
const valuesOf = (letterhead: Letterhead): Values =>
  Object.fromEntries(allFields.map((field) => [field, letterhead[field] ?? ''])) as Values;

function LetterheadForm({ letterhead, editable }: { letterhead: Letterhead; editable: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [values, setValues] = useState<Values>(() => valuesOf(letterhead));
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => setValues(valuesOf(letterhead)), [letterhead]);

  const save = useMutation({
    mutationFn: (patch: LetterheadPatch) => saveLetterhead(patch),
    onSuccess: (saved) => {
      queryClient.setQueryData(['letterhead'], saved);
      setErrors({});
      notifications.show({ color: 'green', message: t('letterhead.saved') });
    },
    onError: (error) => {
      const found = serverErrors(error, t);
      for (const [field, key] of Object.entries(ownErrors)) if (found[field]) found[field] = t(key);
      setErrors(found);
      if (Object.keys(found).length === 0) notifications.show({ color: 'red', message: errorMessage(error) });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (values.iban.trim() && ibanProblem(values.iban)) {
      setErrors({ iban: t('letterhead.errors.iban') });
      return;
    }
    save.mutate(changedFields(valuesOf(letterhead), values) as LetterheadPatch);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="letterhead-form">
      <Stack gap="md">
        {sections.map((section) => (
          <Paper withBorder p="md" key={section.key}>
            <Title order={3} size="h5" mb="sm">
              {t(`letterhead.sections.${section.key}`)}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {section.fields.map((field) => (
                <TextInput
                  key={field}
                  name={field}
                  label={t(`letterhead.fields.${field}`)}
                  description={hints[field] ? t(hints[field]) : undefined}
                  value={values[field]}
                  disabled={!editable}
                  error={errors[field]}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setValues((current) => ({ ...current, [field]: value }));
                  }}
                />
              ))}
            </SimpleGrid>
          </Paper>
        ))}
        {editable && (
          <Group>
            <Button type="submit" loading={save.isPending} data-testid="letterhead-save">
              {t('letterhead.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

function LogoPanel({ letterhead, editable }: { letterhead: Letterhead; editable: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string | null>(null);
  const done = (message: string) => (saved: Letterhead) => {
    queryClient.setQueryData(['letterhead'], saved);
    setError(null);
    notifications.show({ color: 'green', message: t(message) });
  };
  const failed = (failure: unknown) => {
    const field = failure instanceof ApiError ? failure.problem?.errors?.find((e) => e.path === 'logo') : undefined;
    setError(
      field?.code === 'too_big'
        ? t('letterhead.errors.logoTooBig')
        : field
          ? t('letterhead.errors.logo')
          : errorMessage(failure),
    );
  };
  const upload = useMutation({ mutationFn: uploadLogo, onSuccess: done('letterhead.logo.uploaded'), onError: failed });
  const remove = useMutation({ mutationFn: removeLogo, onSuccess: done('letterhead.logo.removed'), onError: failed });
  const src = logoUrl(letterhead);
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb="sm">
        {t('letterhead.sections.logo')}
      </Title>
      <Group align="flex-start" gap="lg">
        {src ? (
          <Image src={src} alt={t('letterhead.logo.alt')} h={64} w="auto" fit="contain" data-testid="letterhead-logo" />
        ) : (
          <Text c="dimmed" size="sm">
            {t('letterhead.logo.none')}
          </Text>
        )}
        {editable && (
          <Stack gap="xs">
            <Group gap="xs">
              <FileButton
                accept="image/png,image/jpeg"
                onChange={(file) => {
                  if (!file) return;
                  if (file.size > maxLogoBytes) setError(t('letterhead.errors.logoTooBig'));
                  else upload.mutate(file);
                }}
              >
                {(props) => (
                  <Button {...props} variant="light" loading={upload.isPending} data-testid="letterhead-logo-upload">
                    {t(src ? 'letterhead.logo.replace' : 'letterhead.logo.upload')}
                  </Button>
                )}
              </FileButton>
              {src && (
                <Button variant="subtle" color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
                  {t('letterhead.logo.remove')}
                </Button>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {t('letterhead.logo.hint')}
            </Text>
          </Stack>
        )}
      </Group>
      {error && (
        <Text c="red" size="sm" mt="xs" role="alert">
          {error}
        </Text>
      )}
    </Paper>
  );
}

function PreviewPanel() {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<'de' | 'en'>(() => currentLanguage());
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm">{t('letterhead.previewHint')}</Text>
        <Group gap="sm">
          <SegmentedControl
            size="xs"
            aria-label={t('letterhead.previewLanguage')}
            value={language}
            onChange={(value) => setLanguage(value === 'en' ? 'en' : 'de')}
            data={[
              { value: 'de', label: 'Deutsch' },
              { value: 'en', label: 'English' },
            ]}
          />
          <Button
            component="a"
            href={previewUrl(language)}
            download={language === 'de' ? 'Briefkopf-Vorschau.pdf' : 'Letterhead-preview.pdf'}
            variant="outline"
            data-testid="letterhead-preview"
          >
            {t('letterhead.preview')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}

export default function LetterheadPage() {
  const { t } = useTranslation();
  const editable = useHasRole('manager');
  const letterhead = useLetterhead();
  if (letterhead.isPending) return <LoadingState />;
  if (letterhead.isError) return <ErrorState error={letterhead.error} onRetry={() => void letterhead.refetch()} />;
  return (
    <Stack gap="md" maw={900} data-testid="letterhead-page">
      <Title order={2}>{t('letterhead.title')}</Title>
      <Text c="dimmed">{t('letterhead.intro')}</Text>
      {!editable && <Alert color="gray">{t('letterhead.readOnly')}</Alert>}
      <PreviewPanel />
      <LogoPanel letterhead={letterhead.data} editable={editable} />
      <LetterheadForm letterhead={letterhead.data} editable={editable} />
      <NumberingForm editable={editable} />
    </Stack>
  );
}
