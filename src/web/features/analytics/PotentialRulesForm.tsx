// The workspace's potential rules on the analytics page: per industry (or for all others) a
// yearly spend per employee, with what the figure rests on. Managers change them; the
// potentials of companies with an employee count follow at once.
import { ActionIcon, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PotentialRule } from '../../../contract/analytics.ts';
import { api } from '../../app/api.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useHasRole } from '../forms/FormPage.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { parsePrice, priceInputText } from '../products/price.ts';

const rulesKey = ['analytics', 'potential-rules'] as const;
type Draft = { industry: string; perEmployee: string; basis: string };

export function PotentialRulesForm() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const locale = useLocale();
  const canChange = useHasRole('manager');
  const client = useQueryClient();
  const query = useQuery({
    queryKey: rulesKey,
    queryFn: ({ signal }) => api<{ data: PotentialRule[] }>('/analytics/potential-rules', { signal }),
  });
  const [rows, setRows] = useState<Draft[]>([]);
  useEffect(() => {
    if (query.data)
      setRows(
        query.data.data.map((rule) => ({
          ...rule,
          industry: rule.industry ?? '',
          perEmployee: priceInputText(rule.perEmployee, locale),
        })),
      );
  }, [query.data, locale]);
  const save = useMutation({
    mutationFn: (data: PotentialRule[]) =>
      api<{ data: PotentialRule[] }>('/analytics/potential-rules', { method: 'PUT', body: { data } }),
    onSuccess: (saved) => {
      client.setQueryData(rulesKey, saved);
      void client.invalidateQueries({ queryKey: ['analytics', 'portfolio'] });
      notifications.show({ color: 'green', message: t('analytics.rules.saved') });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const change = (index: number, patch: Partial<Draft>) =>
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <Paper withBorder p="md" data-testid="potential-rules">
      <Stack gap="xs">
        <Title order={4}>{t('analytics.rules.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('analytics.rules.hint')}
        </Text>
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('analytics.rules.industry')}</Table.Th>
                  <Table.Th>{t('analytics.rules.perEmployee')}</Table.Th>
                  <Table.Th>{t('analytics.rules.basis')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until saved; their order is their identity
                  <Table.Tr key={index} data-testid="potential-rule">
                    <Table.Td>
                      <TextInput
                        aria-label={t('analytics.rules.industry')}
                        placeholder={t('analytics.rules.allIndustries')}
                        value={row.industry}
                        readOnly={!canChange}
                        onChange={(event) => change(index, { industry: event.currentTarget.value })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={t('analytics.rules.perEmployee')}
                        value={row.perEmployee}
                        readOnly={!canChange}
                        onChange={(event) => change(index, { perEmployee: event.currentTarget.value })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={t('analytics.rules.basis')}
                        value={row.basis}
                        readOnly={!canChange}
                        onChange={(event) => change(index, { basis: event.currentTarget.value })}
                      />
                    </Table.Td>
                    <Table.Td>
                      {canChange && (
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t('analytics.rules.remove')}
                          onClick={() => setRows((current) => current.filter((_, i) => i !== index))}
                        >
                          ×
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {canChange && (
          <Group>
            <Button
              variant="default"
              size="compact-sm"
              onClick={() => setRows((current) => [...current, { industry: '', perEmployee: '', basis: '' }])}
              data-testid="potential-rule-add"
            >
              {t('analytics.rules.add')}
            </Button>
            <Button
              size="compact-sm"
              loading={save.isPending}
              onClick={() =>
                save.mutate(
                  rows.map((row) => ({
                    industry: row.industry.trim() || null,
                    perEmployee: parsePrice(row.perEmployee, locale) ?? '',
                    basis: row.basis.trim(),
                  })),
                )
              }
              data-testid="potential-rules-save"
            >
              {t('analytics.rules.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
