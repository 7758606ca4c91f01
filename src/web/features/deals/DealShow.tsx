// The deal page: header with the key facts, edited in place (title, amount, expected close,
// probability, stage, company and contact, won/lost with the lost reason asked in a dialog
// and undoable, reopen); quick entry and the deal's timeline; its open tasks; its stage
// history with the time spent in each stage.
import { useState, type ReactNode } from 'react';
import { Anchor, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Deal } from '../../../contract/deals.ts';
import type { Pipeline, Stage } from '../../../contract/pipelines.ts';
import { api } from '../../app/api.ts';
import { formatDate, formatMoney } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { EmptyState, ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { fetchRecord, recordKeys, useUserName, type RecordRef } from '../record/recordApi.ts';
import { useRecentView } from '../record/recentViews.ts';
import { InlineSelect, InlineText, useRecordPatch, type Editable } from '../record/InlineEdit.tsx';
import { OpenTasks, RecordBody } from '../record/RecordPanels.tsx';
import { QuotesPanel } from '../quotes/QuotesPanel.tsx';
import { EmailsPanel } from '../emails/index.ts';
import { StageHistory } from './StageHistory.tsx';
import { showLostNotice, useLostReasonQuestion } from './LostReasonDialog.tsx';
import { useLostReasons, useReasonName } from './lostReasonsData.ts';
import { useReopenDeal } from './dealsData.ts';
import { CompanyPicker, ContactPicker, onlyCompanyOf } from '../forms/CustomerPickers.tsx';
import { shownName } from '../../ui/names.ts';

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

/**
 * Moving the deal to another stage; into a lost stage only after the reason was asked, and
 * with an undo in the notice. Used by the stage select and the won/lost buttons alike.
 */
function useStageMove(record: Editable, deal: Deal, pipeline: Pipeline | undefined) {
  const { t } = useTranslation();
  const { mutation, error } = useRecordPatch(record, 'stageId');
  const question = useLostReasonQuestion();
  const moveTo = async (stageId: string) => {
    const stage = pipeline?.stages.find((s) => s.id === stageId);
    if (stage?.kind !== 'lost') {
      mutation.mutate({ stageId });
      return;
    }
    const choice = await question.ask(deal.title);
    if (!choice) return;
    const from = deal.stageId;
    mutation.mutate(
      { stageId, ...choice },
      { onSuccess: () => showLostNotice(t, deal.title, () => mutation.mutate({ stageId: from })) },
    );
  };
  const pendingStage = mutation.isPending ? (mutation.variables.stageId as string) : null;
  return { moveTo, pendingStage, error, dialog: question.dialog };
}

/** "Won" and "Lost" move an open deal to the pipeline's first stage of that kind; "Reopen" takes a closed one back. */
function CloseButtons({
  deal,
  pipeline,
  move,
}: {
  deal: Deal;
  pipeline: Pipeline | undefined;
  move: ReturnType<typeof useStageMove>;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const reopen = useReopenDeal();
  const won = pipeline?.stages.find((stage) => stage.kind === 'won');
  const lost = pipeline?.stages.find((stage) => stage.kind === 'lost');
  if (deal.status !== 'open') {
    return (
      <Stack gap={2}>
        <Button
          size="xs"
          variant="light"
          loading={reopen.isPending}
          data-testid="reopen-deal"
          onClick={() =>
            reopen.mutate(deal, {
              onSuccess: (saved) =>
                notifications.show({ color: 'blue', message: t('deals.reopened', { title: saved.title }) }),
            })
          }
        >
          {t('deals.reopen')}
        </Button>
        {reopen.error && (
          <Text size="xs" c="red" role="alert">
            {errorMessage(reopen.error)}
          </Text>
        )}
      </Stack>
    );
  }
  if (!won && !lost) return null;
  return (
    <Stack gap={2}>
      <Group gap="xs">
        {won && (
          <Button
            size="xs"
            color="green"
            variant="light"
            loading={move.pendingStage === won.id}
            onClick={() => void move.moveTo(won.id)}
            data-testid="mark-won"
          >
            {t('deal.markWon')}
          </Button>
        )}
        {lost && (
          <Button
            size="xs"
            color="gray"
            variant="light"
            loading={move.pendingStage === lost.id}
            onClick={() => void move.moveTo(lost.id)}
            data-testid="mark-lost"
          >
            {t('deal.markLost')}
          </Button>
        )}
      </Group>
      {move.error && (
        <Text size="xs" c="red" role="alert">
          {move.error}
        </Text>
      )}
    </Stack>
  );
}

/** A stage by its name; a closed one with its kind too, unless the name is the kind's own word ("Verloren"). */
function useStageLabel() {
  const { t } = useTranslation();
  return (stage: Stage) => {
    if (stage.kind === 'open') return stage.name;
    const kind = t(`customer.dealStatus.${stage.kind}`);
    return stage.name.toLocaleLowerCase() === kind.toLocaleLowerCase() ? stage.name : `${stage.name} (${kind})`;
  };
}

/** A linked company or contact: its link, and "change" to pick another in place. */
function LinkedFact({
  label,
  href,
  name,
  testId,
  picker,
}: {
  label: string;
  href: string | null;
  name: string | null;
  testId: string;
  picker: (done: () => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <Fact label={label}>
      {editing ? (
        picker(() => setEditing(false))
      ) : (
        <Group gap="xs" wrap="nowrap">
          {href ? (
            <Anchor component={Link} to={href} size="sm" data-testid={testId} truncate>
              {name ?? '…'}
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed">
              {t('deal.none')}
            </Text>
          )}
          <Anchor
            component="button"
            type="button"
            size="xs"
            onClick={() => setEditing(true)}
            data-testid={`${testId}-change`}
            aria-label={t('deal.change', { field: label })}
          >
            {t('deal.changeShort')}
          </Anchor>
        </Group>
      )}
    </Fact>
  );
}

/** The lost reason of a lost deal: one of the list (changeable in place) and the note. */
function LostReasonFacts({ record, deal }: { record: Editable; deal: Deal }) {
  const { t } = useTranslation();
  const reasons = useLostReasons(true);
  const name = useReasonName();
  const options = (reasons.data ?? [])
    .filter((reason) => reason.active || reason.id === deal.lostReasonId)
    .map((reason) => ({ value: reason.id, label: name(reason) }));
  return (
    <>
      <Fact label={t('deal.fields.lostReason')}>
        <InlineSelect
          record={record}
          field="lostReasonId"
          label={t('deal.fields.lostReason')}
          value={deal.lostReasonId}
          data={options}
          clearable
          w="100%"
          testId="deal-lost-reason"
          hideLabel
        />
      </Fact>
      <Fact label={t('deal.fields.lostNote')}>
        <InlineText record={record} field="lostReason" label={t('deal.fields.lostNote')} value={deal.lostReason} />
      </Fact>
    </>
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
  const owner = userName(deal.ownerId);
  const stageLabel = useStageLabel();
  const move = useStageMove(record, deal, pipeline);
  const links = useRecordPatch(record, 'companyId');
  const stageOptions = (pipeline?.stages ?? []).map((stage) => ({ value: stage.id, label: stageLabel(stage) }));
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
            <CloseButtons deal={deal} pipeline={pipeline} move={move} />
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
            <Select
              aria-label={t('deal.fields.stage')}
              size="xs"
              w="100%"
              data-testid="deal-stage"
              data={stageOptions}
              value={move.pendingStage ?? deal.stageId}
              allowDeselect={false}
              onChange={(next) => {
                if (next && next !== deal.stageId) void move.moveTo(next);
              }}
              error={move.error}
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
          <LinkedFact
            label={t('deal.fields.company')}
            href={deal.companyId && `/companies/${deal.companyId}`}
            name={deal.companyName}
            testId="deal-company"
            picker={(done) => (
              <CompanyPicker
                label={t('deal.fields.company')}
                value={deal.companyId}
                onChange={(companyId) => links.mutation.mutate({ companyId }, { onSuccess: done })}
                error={links.error ?? undefined}
              />
            )}
          />
          <LinkedFact
            label={t('deal.fields.contact')}
            href={deal.contactId && `/contacts/${deal.contactId}`}
            name={deal.contactId ? shownName(deal.contactName, t) : null}
            testId="deal-contact"
            picker={(done) => (
              <ContactPicker
                label={t('deal.fields.contact')}
                companyId={deal.companyId}
                value={deal.contactId}
                onChange={async (contactId) => {
                  // A deal without a company takes the contact's only company along, in the same change.
                  const only = contactId && !deal.companyId ? await onlyCompanyOf(contactId) : null;
                  links.mutation.mutate({ contactId, ...(only && { companyId: only.id }) }, { onSuccess: done });
                }}
                error={links.error ?? undefined}
              />
            )}
          />
          <Fact label={t('deal.fields.owner')}>
            <Text size="sm" c={owner ? undefined : 'dimmed'}>
              {owner ?? t('deal.none')}
            </Text>
          </Fact>
          {deal.status === 'lost' && <LostReasonFacts record={record} deal={deal} />}
        </SimpleGrid>
      </Stack>
      {move.dialog}
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
        name={deal.title}
        emptyText={t('deal.timelineEmpty')}
        side={
          <>
            <StageHistory deal={deal} />
            <OpenTasks record={record} />
            <EmailsPanel record={record} extra={{ companyId: deal.companyId, contactId: deal.contactId }} />
            <QuotesPanel record={record} extra={{ companyId: deal.companyId, contactId: deal.contactId }} />
          </>
        }
      />
    </>
  );
}
