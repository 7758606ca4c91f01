// Create and edit a deal (/deals/new, /deals/:id/edit): pipeline and stage, amount with
// currency, expected close, probability, company and contact; checked with dealCreate/
// dealPatch. ?companyId=…&contactId=…&pipelineId=… prefill a new deal.
import { Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { dealCreate, dealPatch, type Deal } from '../../../contract/deals.ts';
import type { Pipeline } from '../../../contract/pipelines.ts';
import { useAuth } from '../../app/auth.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { usePipelines } from './dealsData.ts';
import { DateField } from '../forms/DateFields.tsx';
import { FormPage } from '../forms/FormPage.tsx';
import {
  amountText,
  blankToNull,
  currencies,
  moneyOrNull,
  tidyAmount,
  useRecord,
  wholeNumber,
} from '../forms/formValues.ts';
import { RecordSelect, TagsAndOwner } from '../forms/pickers.tsx';
import { useRecordForm } from '../forms/useRecordForm.ts';

interface Values {
  title: string;
  pipelineId: string | null;
  stageId: string | null;
  amount: string;
  currency: string;
  expectedCloseDate: string;
  probability: string;
  lostReason: string;
  companyId: string | null;
  contactId: string | null;
  ownerId: string | null;
  tags: string[];
}

const firstOpenStage = (pipeline: Pipeline | undefined) =>
  (pipeline?.stages.find((s) => s.kind === 'open') ?? pipeline?.stages[0])?.id ?? null;

function toBody(v: Values) {
  return {
    title: v.title,
    pipelineId: v.pipelineId,
    stageId: v.stageId,
    amount: moneyOrNull(v.amount, v.currency),
    expectedCloseDate: blankToNull(v.expectedCloseDate),
    probability: wholeNumber(v.probability),
    lostReason: blankToNull(v.lostReason),
    companyId: v.companyId,
    contactId: v.contactId,
    ownerId: v.ownerId,
    tags: v.tags,
  };
}

function DealForm({ deal, pipelines, onReload }: { deal: Deal | null; pipelines: Pipeline[]; onReload?: () => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const locale = useLocale();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const startPipeline = pipelines.find((p) => p.id === (deal?.pipelineId ?? params.get('pipelineId'))) ?? pipelines[0];
  const form = useRecordForm<Values, Deal>({
    resource: 'deals',
    record: deal,
    initial: {
      title: deal?.title ?? '',
      pipelineId: startPipeline?.id ?? null,
      stageId: deal?.stageId ?? params.get('stageId') ?? firstOpenStage(startPipeline),
      amount: amountText(deal?.amount?.amount, locale),
      currency: deal?.amount?.currency ?? me?.workspace.defaultCurrency ?? 'EUR',
      expectedCloseDate: deal?.expectedCloseDate ?? '',
      probability: deal?.probabilityOverridden ? String(deal.probability) : '',
      lostReason: deal?.lostReason ?? '',
      companyId: deal ? deal.companyId : params.get('companyId'),
      contactId: deal ? deal.contactId : params.get('contactId'),
      ownerId: deal ? deal.ownerId : (me?.user.id ?? null),
      tags: deal?.tags ?? [],
    },
    toBody,
    schema: deal ? dealPatch : dealCreate,
    onSaved: (saved) => navigate(`/deals/${saved.id}`),
  });
  const { values, set, field } = form;
  const pipeline = pipelines.find((p) => p.id === values.pipelineId);
  const stage = pipeline?.stages.find((s) => s.id === values.stageId);

  return (
    <FormPage
      title={deal ? t('forms.deal.editTitle') : t('forms.deal.newTitle')}
      backTo={deal ? `/deals/${deal.id}` : '/deals'}
      backLabel={deal ? t('forms.backToRecord') : t('forms.deal.back')}
      form={form}
      editing={Boolean(deal)}
      onReload={onReload}
      onDeleted={() => navigate('/deals')}
      testId="deal-form"
    >
      <TextInput
        label={t('forms.deal.title')}
        required
        autoFocus={!deal}
        value={values.title}
        onChange={(e) => set('title', e.currentTarget.value)}
        {...field('title')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t('forms.deal.pipeline')}
          data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
          value={values.pipelineId}
          allowDeselect={false}
          onChange={(id) => {
            if (!id || id === values.pipelineId) return;
            set('pipelineId', id);
            set('stageId', firstOpenStage(pipelines.find((p) => p.id === id)));
          }}
          {...field('pipelineId')}
        />
        <Select
          label={t('forms.deal.stage')}
          data={(pipeline?.stages ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.probability} %)` }))}
          value={values.stageId}
          allowDeselect={false}
          onChange={(id) => id && set('stageId', id)}
          {...field('stageId')}
        />
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            label={t('forms.deal.amount')}
            inputMode="decimal"
            value={values.amount}
            style={{ flex: 1 }}
            onChange={(e) => set('amount', e.currentTarget.value)}
            error={form.error('amount.amount') ?? form.error('amount')}
            onBlur={() => {
              form.touch('amount.amount');
              set('amount', tidyAmount(values.amount, locale));
            }}
            data-testid="deal-amount-input"
          />
          <Select
            label={t('forms.currency')}
            data={currencies}
            value={values.currency}
            allowDeselect={false}
            w={100}
            onChange={(value) => value && set('currency', value)}
            error={form.error('amount.currency')}
          />
        </Group>
        <DateField
          label={t('forms.deal.expectedCloseDate')}
          value={values.expectedCloseDate}
          onChange={(value) => set('expectedCloseDate', value)}
          {...field('expectedCloseDate')}
        />
        <TextInput
          label={t('forms.deal.probability')}
          inputMode="numeric"
          value={values.probability}
          description={stage ? t('forms.deal.probabilityHint', { percent: stage.probability }) : undefined}
          onChange={(e) => set('probability', e.currentTarget.value)}
          {...field('probability')}
        />
        {stage?.kind === 'lost' && (
          <TextInput
            label={t('forms.deal.lostReason')}
            value={values.lostReason}
            onChange={(e) => set('lostReason', e.currentTarget.value)}
            {...field('lostReason')}
          />
        )}
        <RecordSelect
          type="company"
          label={t('forms.deal.company')}
          value={values.companyId}
          onChange={(id) => set('companyId', id)}
          {...field('companyId')}
          data-testid="deal-company"
        />
        <RecordSelect
          type="contact"
          label={t('forms.deal.contact')}
          value={values.contactId}
          onChange={(id) => set('contactId', id)}
          {...field('contactId')}
          data-testid="deal-contact"
        />
      </SimpleGrid>
      <TagsAndOwner
        recordType="deal"
        form={form}
        tags={values.tags}
        onTags={(tags) => set('tags', tags)}
        ownerId={values.ownerId}
        onOwner={(id) => set('ownerId', id)}
      />
    </FormPage>
  );
}

export default function DealFormPage() {
  const { id } = useParams();
  const query = useRecord<Deal>('deals', id);
  const pipelines = usePipelines();
  if (pipelines.isPending || (id && query.isPending)) return <LoadingState />;
  if (pipelines.isError) return <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!id) return <DealForm deal={null} pipelines={pipelines.data} />;
  return (
    <DealForm
      key={query.data!.version}
      deal={query.data!}
      pipelines={pipelines.data}
      onReload={() => void query.refetch()}
    />
  );
}
