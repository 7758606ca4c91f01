// The analytics settings on the Analytics page: the window of ABC and RFM, the ABC thresholds,
// how far the customer value looks ahead and its discount rate. Everyone sees them; managers
// change them, and the next run uses them.
import { useEffect, useState } from 'react';
import { Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AnalyticsSettings } from '../../../contract/analytics.ts';
import { api } from '../../app/api.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { type FieldErrors, serverErrors } from '../forms/fieldErrors.ts';
import { useHasRole } from '../forms/FormPage.tsx';

const fields = ['windowMonths', 'abcA', 'abcB', 'horizonMonths', 'discountRate'] as const;
const settingsKey = ['analytics', 'settings'] as const;

export function AnalyticsSettingsForm() {
  const { t } = useTranslation();
  const locale = useLocale();
  const errorMessage = useErrorMessage();
  const canChange = useHasRole('manager');
  const client = useQueryClient();
  const query = useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => api<AnalyticsSettings>('/analytics/settings', { signal }),
  });
  const [values, setValues] = useState<AnalyticsSettings | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => {
    if (query.data) setValues(query.data);
  }, [query.data]);
  const save = useMutation({
    mutationFn: (body: AnalyticsSettings) => api<AnalyticsSettings>('/analytics/settings', { method: 'PATCH', body }),
    onSuccess: (saved) => {
      client.setQueryData(settingsKey, saved);
      setErrors({});
      notifications.show({ color: 'green', message: t('analytics.settings.saved') });
    },
    onError: (error) => {
      const found = serverErrors(error, t);
      setErrors(found);
      if (Object.keys(found).length === 0) notifications.show({ color: 'red', message: errorMessage(error) });
    },
  });
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!values) return null;
  const decimal = locale.startsWith('de') ? ',' : '.';
  return (
    <Paper withBorder p="md" data-testid="analytics-settings">
      <Stack gap="sm">
        <Title order={4}>{t('analytics.settings.title')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {fields.map((field) => (
            <NumberInput
              key={field}
              label={t(`analytics.settings.${field}`)}
              value={values[field]}
              onChange={(value) => setValues({ ...values, [field]: typeof value === 'number' ? value : Number(value) })}
              error={
                errors[field] && (field === 'abcA' || field === 'abcB' ? t('analytics.settings.order') : errors[field])
              }
              disabled={!canChange}
              decimalSeparator={decimal}
              allowDecimal={field !== 'windowMonths' && field !== 'horizonMonths'}
              min={0}
              data-testid={`analytics-setting-${field}`}
            />
          ))}
        </SimpleGrid>
        <Select
          label={t('analytics.settings.abcBasis')}
          description={t('analytics.settings.abcBasisHint')}
          data={(['revenue', 'margin'] as const).map((basis) => ({
            value: basis,
            label: t(`analytics.settings.basis.${basis}`),
          }))}
          value={values.abcBasis}
          allowDeselect={false}
          disabled={!canChange}
          onChange={(value) => value && setValues({ ...values, abcBasis: value === 'margin' ? 'margin' : 'revenue' })}
          maw={360}
          data-testid="analytics-setting-abcBasis"
        />
        {canChange && (
          <Group>
            <Button
              variant="light"
              onClick={() => save.mutate(values)}
              loading={save.isPending}
              data-testid="analytics-settings-save"
            >
              {t('analytics.settings.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
