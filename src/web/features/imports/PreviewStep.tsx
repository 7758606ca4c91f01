// Step 4 of the import: the first rows as they would be stored (the API's create body), each with what would happen to
// it (create, update, skip) and its problems, and the counts of a dry run over the file's
// first rows. Nothing is written yet.
import { Badge, Group, List, Paper, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { previewImport, type PreviewRow, type Settings } from './importApi.ts';
import { useFieldLabel } from './MappingStep.tsx';
import { rowProblemText } from './problemText.ts';
import { useUserNames } from '../users/usersApi.ts';

const actionColor: Record<PreviewRow['action'], string> = { create: 'green', update: 'blue', skip: 'gray' };

/** The field of the catalogue a key of the API's create body comes from. */
const fieldOfBody: Record<string, string> = { emails: 'email', phones: 'phone', ownerId: 'owner', amount: 'value' };

/** A value of the create body as a person reads it: lists joined, an address on one line. */
function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(show).filter(Boolean).join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.email === 'string') return o.email;
    if (typeof o.number === 'string') return o.number;
    if ('amount' in o) return [o.amount, o.currency].filter(Boolean).join(' ');
    if ('street' in o || 'city' in o) {
      const place = [o.postalCode, o.city].filter(Boolean).join(' ');
      return [o.street, place, o.country].filter(Boolean).join(', ');
    }
    return Object.values(o)
      .filter((part) => typeof part === 'string')
      .join(' ');
  }
  return String(value);
}

/** The keys the preview shows, in the order the rows first hold them; ids of other records are left out. */
function shownKeys(rows: PreviewRow[]): string[] {
  const keys = new Set<string>();
  for (const row of rows)
    for (const key of Object.keys(row.values)) if (key === 'ownerId' || !/Ids?$/.test(key)) keys.add(key);
  return [...keys];
}

export function usePreview(id: string, settings: Settings) {
  return useQuery({
    queryKey: ['imports', 'preview', id, settings],
    queryFn: ({ signal }) => previewImport(id, settings, signal),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

export function PreviewStep({ id, settings }: { id: string; settings: Settings }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const label = useFieldLabel(settings.recordType);
  const preview = usePreview(id, settings);
  const users = useUserNames();
  if (preview.isPending) return <LoadingState />;
  if (preview.isError) return <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />;

  const { rows, summary } = preview.data;
  const fields = shownKeys(rows);
  const heading = (key: string) =>
    key === 'addresses' ? t('imports.preview.address') : label(fieldOfBody[key] ?? key);
  const cell = (key: string, value: unknown) =>
    key === 'ownerId' ? (users.data?.data.find((user) => user.id === value)?.name ?? '') : show(value);
  const count = (n: number | undefined) => formatNumber(n ?? 0, locale);
  return (
    <Stack gap="md">
      {summary && (
        <Paper withBorder p="sm" data-testid="preview-summary">
          <Text size="sm">
            {t('imports.preview.dryRun', {
              rows: count(summary.rows ?? rows.length),
              created: count(summary.created),
              updated: count(summary.updated),
              skipped: count(summary.skipped),
              failed: count(summary.failed),
            })}
          </Text>
        </Paper>
      )}
      <Table.ScrollContainer minWidth={Math.max(480, 160 + fields.length * 140)}>
        <Table striped withTableBorder verticalSpacing={6} fz="sm" data-testid="preview-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.preview.line')}</Table.Th>
              <Table.Th>{t('imports.preview.action')}</Table.Th>
              {fields.map((field) => (
                <Table.Th key={field}>{heading(field)}</Table.Th>
              ))}
              <Table.Th>{t('imports.preview.problems')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.line} data-testid="preview-row" data-line={row.line}>
                <Table.Td>{row.line}</Table.Td>
                <Table.Td>
                  {/* A row that cannot be stored is skipped with its problems: it would be rejected. */}
                  {row.action === 'skip' && row.problems.length > 0 ? (
                    <Badge color="red">{t('imports.preview.actions.reject')}</Badge>
                  ) : (
                    <Badge color={actionColor[row.action]}>{t(`imports.preview.actions.${row.action}`)}</Badge>
                  )}
                </Table.Td>
                {fields.map((field) => (
                  <Table.Td key={field} style={{ maxWidth: 240, overflowWrap: 'anywhere' }}>
                    {cell(field, row.values[field])}
                  </Table.Td>
                ))}
                <Table.Td>
                  {row.problems.length > 0 && (
                    <List size="xs" c="red.8" data-testid="preview-problems">
                      {row.problems.map((problem) => (
                        <List.Item key={`${problem.field}-${problem.message}`}>
                          {rowProblemText(problem, t, label, { withField: true })}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length === 0 && (
        <Group>
          <Text c="dimmed">{t('imports.preview.empty')}</Text>
        </Group>
      )}
    </Stack>
  );
}
