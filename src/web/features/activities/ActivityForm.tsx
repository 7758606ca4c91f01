// Create and edit an activity (/activities/new, /activities/:id/edit): type, direction,
// subject, notes, when, duration, outcome and the records it belongs to; checked with
// activityCreate/activityPatch. ?contactId=… etc. link a new one; saving goes back to the
// first linked record, or to the activities list.
import { SimpleGrid, Select, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  activityCreate,
  activityPatch,
  activityTypes,
  callOutcomes,
  directions,
  type Activity,
} from '../../../contract/activities.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { DateTimeField } from '../forms/DateFields.tsx';
import { FormPage } from '../forms/FormPage.tsx';
import {
  blankToNull,
  isoFromLocal,
  linksFromQuery,
  linkedPage,
  localDateTime,
  useRecord,
  wholeNumber,
} from '../forms/formValues.ts';
import { LinksSelect, type Links } from '../forms/pickers.tsx';
import { useRecordForm } from '../forms/useRecordForm.ts';

interface Values {
  type: Activity['type'];
  direction: Activity['direction'];
  subject: string;
  body: string;
  occurredAt: string;
  durationMinutes: string;
  outcome: string;
  links: Links;
}

function toBody(v: Values) {
  return {
    type: v.type,
    direction: v.direction,
    subject: blankToNull(v.subject),
    body: blankToNull(v.body),
    occurredAt: isoFromLocal(v.occurredAt),
    durationMinutes: wholeNumber(v.durationMinutes),
    outcome: blankToNull(v.outcome),
    ...v.links,
  };
}

function ActivityForm({ activity, onReload }: { activity: Activity | null; onReload?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const form = useRecordForm<Values, Activity>({
    resource: 'activities',
    record: activity,
    initial: {
      type: activity?.type ?? 'call',
      direction: activity?.direction ?? 'outbound',
      subject: activity?.subject ?? '',
      body: activity?.body ?? '',
      occurredAt: localDateTime(activity?.occurredAt ?? new Date().toISOString()),
      durationMinutes: activity?.durationMinutes == null ? '' : String(activity.durationMinutes),
      outcome: activity?.outcome ?? '',
      links: activity
        ? { contactIds: activity.contactIds, companyIds: activity.companyIds, dealIds: activity.dealIds }
        : linksFromQuery(params),
    },
    toBody,
    schema: activity ? activityPatch : activityCreate,
    onSaved: (saved) => navigate(linkedPage(saved, '/activities')),
  });
  const { values, set, field } = form;
  const back = linkedPage(activity ?? values.links, '/activities');

  return (
    <FormPage
      title={activity ? t('forms.activity.editTitle') : t('forms.activity.newTitle')}
      backTo={back}
      backLabel={back === '/activities' ? t('forms.activity.back') : t('forms.backToRecord')}
      form={form}
      editing={Boolean(activity)}
      onReload={onReload}
      onDeleted={() => navigate(back)}
      testId="activity-form"
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t('forms.activity.type')}
          data={activityTypes.map((type) => ({ value: type, label: t(`activities.type.${type}`) }))}
          value={values.type}
          allowDeselect={false}
          onChange={(type) => type && set('type', type as Activity['type'])}
          {...field('type')}
        />
        <Select
          label={t('forms.activity.direction')}
          data={directions.map((d) => ({ value: d, label: t(`activities.direction.${d}`) }))}
          value={values.direction}
          allowDeselect={false}
          onChange={(d) => d && set('direction', d as Activity['direction'])}
          {...field('direction')}
        />
        <DateTimeField
          label={t('forms.activity.occurredAt')}
          value={values.occurredAt}
          onChange={(value) => set('occurredAt', value)}
          {...field('occurredAt')}
        />
        <TextInput
          label={t('forms.activity.durationMinutes')}
          inputMode="numeric"
          value={values.durationMinutes}
          onChange={(e) => set('durationMinutes', e.currentTarget.value)}
          {...field('durationMinutes')}
        />
      </SimpleGrid>
      <TextInput
        label={t('forms.activity.subject')}
        autoFocus={!activity}
        value={values.subject}
        onChange={(e) => set('subject', e.currentTarget.value)}
        {...field('subject')}
      />
      <Textarea
        label={t('forms.activity.body')}
        autosize
        minRows={4}
        value={values.body}
        onChange={(e) => set('body', e.currentTarget.value)}
        {...field('body')}
      />
      {/* The outcomes the web app translates; words an API client stored stay choosable as written. */}
      <Select
        label={t('forms.activity.outcome')}
        data={[
          ...callOutcomes.map((value) => ({ value, label: t(`customer.outcome.${value}`) })),
          ...(values.outcome && !(callOutcomes as readonly string[]).includes(values.outcome)
            ? [{ value: values.outcome, label: values.outcome }]
            : []),
        ]}
        value={values.outcome || null}
        clearable
        onChange={(value) => set('outcome', value ?? '')}
        {...field('outcome')}
      />
      <LinksSelect
        label={t('forms.activity.links')}
        value={values.links}
        onChange={(links) => set('links', links)}
        known={activity?.linked}
        data-testid="activity-links"
        error={form.error('contactIds') ?? form.error('companyIds') ?? form.error('dealIds')}
      />
    </FormPage>
  );
}

export default function ActivityFormPage() {
  const { id } = useParams();
  const query = useRecord<Activity>('activities', id);
  if (!id) return <ActivityForm activity={null} />;
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <ActivityForm key={query.data.version} activity={query.data} onReload={() => void query.refetch()} />;
}
