// The deal page: header with the key facts, edited in place (title, amount, expected close,
// probability, stage, won/lost with lost reason); quick entry and the deal's timeline; its
// open tasks; its stage history with the time spent in each stage.
import type { ReactNode } from 'react';
import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Company } from '../../../contract/companies.ts';
import type { Contact } from '../../../contract/contacts.ts';
import type { Deal } from '../../../contract/deals.ts';
import type { Pipeline } from '../../../contract/pipelines.ts';
import { api } from '../../app/api.ts';
import { formatDate, formatMoney } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { EmptyState, ErrorState, LoadingState } from '../../ui/states.tsx';
import { personName } from '../../../contract/names.ts';
import { fetchRecord, recordKeys, useUserName, type RecordRef } from '../record/recordApi.ts';
import { useRecentView } from '../record/recentViews.ts';
import { InlineSelect, InlineText, useRecordPatch, type Editable } from '../record/InlineEdit.tsx';
import { OpenTasks, RecordBody } from '../record/RecordPanels.tsx';
import { StageHistory } from './StageHistory.tsx';

const statusColor: Record<Deal['status'], string> = { open: 'blue', won: 'green', lost: 'gray' };

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** Name of a linked record, read through the same cache its own page uses. */
function useLinkedName<T>(type: 'company' | 'contact', id: string | null, name: (record: T) => string) {
  const ref: RecordRef = { type, id: id ?? '' };
  const query = useQuery({
    queryKey: recordKeys.detail(ref),
    queryFn: ({ signal }) => fetchRecord<T>(ref, signal),
    enabled: !!id,
  });
  return query.data ? name(query.data) : null;
}

/** "Won" and "Lost" move the deal to the pipeline's first stage of that kind (the status follows the stage). */
function CloseButtons({ record, deal, pipeline }: { record: Editable; deal: Deal; pipeline: Pipeline | undefined }) {
  const { t } = useTranslation();
  const { mutation, error } = useRecordPatch(record, 'stageId');
  const won = pipeline?.stages.find((stage) => stage.kind === 'won');
  const lost = pipeline?.stages.find((stage) => stage.kind === 'lost');
  if (deal.status !== 'open' || (!won && !lost)) return null;
  return (
    <Stack gap={2}>
      <Group gap="xs">
        {won && (
          <Button
            size="xs"
            color="green"
            variant="light"
            loading={mutation.isPending && mutation.variables.stageId === won.id}
            onClick={() => mutation.mutate({ stageId: won.id })}
          >
            {t('deal.markWon')}
          </Button>
        )}
        {lost && (
          <Button
            size="xs"
            color="gray"
            variant="light"
            loading={mutation.isPending && mutation.variables.stageId === lost.id}
            onClick={() => mutation.mutate({ stageId: lost.id })}
          >
            {t('deal.markLost')}
          </Button>
        )}
      </Group>
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

/** Decimal text as the API wants it: a comma is accepted as the decimal mark, as Germans type it. */
function parseAmount(text: string, currency: string) {
  const trimmed = text.trim().replace(/\s/g, '');
  if (!trimmed) return null;
  const normalised = /^\d+,\d{1,2}$/.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
  return { amount: normalised, currency };
}

function parseInteger(text: string) {
  const trimmed = text.trim();
  if (!trimmed) return null;
  // Anything that is not a whole number goes as typed, so the server's message explains it.
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function Header({ deal, pipeline }: { deal: Deal; pipeline: Pipeline | undefined }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const userName = useUserName();
  const record: Editable = { ref: { type: 'deal', id: deal.id }, version: deal.version };
  const companyName = useLinkedName<Company>('company', deal.companyId, (company) => company.name);
  const contactName = useLinkedName<Contact>('contact', deal.contactId, personName);
  const owner = userName(deal.ownerId);
  const stageOptions = (pipeline?.stages ?? []).map((stage) => ({
    value: stage.id,
    label: stage.kind === 'open' ? stage.name : `${stage.name} (${t(`customer.dealStatus.${stage.kind}`)})`,
  }));
  const currency = deal.amount?.currency ?? 'EUR';
  return (
    <Paper withBorder p="md" data-testid="deal-header">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={0} style={{ minWidth: 0, flex: '1 1 240px' }}>
            <Text size="xs" c="dimmed">
              {t('deal.kind')}
              {pipeline ? ` · ${pipeline.name}` : ''}
            </Text>
            <InlineText record={record} field="title" label={t('deal.fields.title')} value={deal.title} size="title" />
          </Stack>
          <Group gap="xs" align="center">
            <Badge size="lg" variant="light" color={statusColor[deal.status]} data-testid="deal-status">
              {t(`customer.dealStatus.${deal.status}`)}
            </Badge>
            <CloseButtons record={record} deal={deal} pipeline={pipeline} />
            <Anchor component={Link} to={`/deals/${deal.id}/edit`} size="sm" data-testid="edit-deal">
              {t('forms.edit')}
            </Anchor>
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <Fact label={t('deal.fields.amount')}>
            <InlineText
              record={record}
              field="amount"
              label={t('deal.fields.amountIn', { currency })}
              value={deal.amount?.amount ?? null}
              display={
                deal.amount && <span data-testid="deal-amount-formatted">{formatMoney(deal.amount, locale)}</span>
              }
              parse={(text) => parseAmount(text, currency)}
            />
          </Fact>
          <Fact label={t('deal.fields.stage')}>
            <InlineSelect
              record={record}
              field="stageId"
              label={t('deal.fields.stage')}
              value={deal.stageId}
              data={stageOptions}
              w="100%"
              testId="deal-stage"
              hideLabel
            />
          </Fact>
          <Fact label={t('deal.fields.probability')}>
            <InlineText
              record={record}
              field="probability"
              label={t('deal.fields.probabilityPercent')}
              value={String(deal.probability)}
              display={`${deal.probability} %${deal.probabilityOverridden ? '' : ` (${t('deal.stageDefault')})`}`}
              parse={parseInteger}
              inputType="text"
            />
          </Fact>
          <Fact label={t('deal.fields.expectedCloseDate')}>
            <InlineText
              record={record}
              field="expectedCloseDate"
              label={t('deal.fields.expectedCloseDate')}
              value={deal.expectedCloseDate}
              display={deal.expectedCloseDate && formatDate(deal.expectedCloseDate, locale)}
              inputType="date"
            />
          </Fact>
          <Fact label={t('deal.fields.company')}>
            {deal.companyId ? (
              <Anchor component={Link} to={`/companies/${deal.companyId}`} size="sm" data-testid="deal-company">
                {companyName ?? '…'}
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed">
                {t('deal.none')}
              </Text>
            )}
          </Fact>
          <Fact label={t('deal.fields.contact')}>
            {deal.contactId ? (
              <Anchor component={Link} to={`/contacts/${deal.contactId}`} size="sm" data-testid="deal-contact">
                {contactName ?? '…'}
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed">
                {t('deal.none')}
              </Text>
            )}
          </Fact>
          <Fact label={t('deal.fields.owner')}>
            <Text size="sm" c={owner ? undefined : 'dimmed'}>
              {owner ?? t('deal.none')}
            </Text>
          </Fact>
          {deal.status === 'lost' && (
            <Fact label={t('deal.fields.lostReason')}>
              <InlineText
                record={record}
                field="lostReason"
                label={t('deal.fields.lostReason')}
                value={deal.lostReason}
              />
            </Fact>
          )}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

export default function DealShow() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const record: RecordRef = { type: 'deal', id };
  const query = useQuery({
    queryKey: recordKeys.detail(record),
    queryFn: ({ signal }) => fetchRecord<Deal>(record, signal),
  });
  useRecentView(record, !!query.data && !query.data.deletedAt);
  const pipelineId = query.data?.pipelineId;
  const pipeline = useQuery({
    queryKey: ['pipelines', 'detail', pipelineId],
    queryFn: ({ signal }) => api<Pipeline>(`/pipelines/${pipelineId}`, { signal }),
    enabled: !!pipelineId,
  });

  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const deal = query.data;
  if (!deal) return <EmptyState>{t('deal.notFound')}</EmptyState>;
  return (
    <>
      <Anchor component={Link} to={`/deals?pipeline=${deal.pipelineId}`} size="sm" mb="xs" display="inline-block">
        ← {t('deal.back')}
      </Anchor>
      <Header deal={deal} pipeline={pipeline.data} />
      <div style={{ height: 'var(--mantine-spacing-md)' }} />
      <RecordBody
        record={record}
        emptyText={t('deal.timelineEmpty')}
        side={
          <>
            <StageHistory deal={deal} />
            <OpenTasks record={record} />
          </>
        }
      />
    </>
  );
}
