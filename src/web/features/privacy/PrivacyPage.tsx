// The privacy settings (/privacy, admins): retention rules with their preview ("these 1,204
// records would be anonymised") and the last runs, the blocking list of erased people, the
// purposes consents are recorded for (PurposesTab.tsx), and the record of processing
// activities (Art. 30) to edit, download and print.
import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { lifecycleStages } from '../../../contract/contacts.ts';
import { dealRetentionStatuses } from '../../../contract/privacy.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useHasRole } from '../forms/FormPage.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { PurposesTab } from './PurposesTab.tsx';
import {
  addRetentionRule,
  previewRule,
  previewStoredRule,
  privacyKeys,
  processingRecordExportUrl,
  type RetentionPreview,
  type RetentionRule,
  type RetentionRuleInput,
  removeRetentionRule,
  runRetentionNow,
  saveProcessingRecord,
  unblock,
  useBlocked,
  useProcessingRecord,
  useRetentionRules,
  useRetentionRuns,
} from './privacyApi.ts';

function PreviewResult({ preview, rule }: { preview: RetentionPreview; rule: RetentionRuleInput | RetentionRule }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert color={preview.count ? 'orange' : 'gray'} data-testid="retention-preview">
      <Text size="sm" fw={500}>
        {t(`privacy.retention.preview.${rule.recordType}.${rule.action}`, {
          count: preview.count,
          formatted: new Intl.NumberFormat(i18n.language).format(preview.count),
        })}
      </Text>
      {preview.held > 0 && <Text size="sm">{t('privacy.retention.preview.held', { count: preview.held })}</Text>}
      {preview.sample.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('privacy.retention.preview.sample')}: {preview.sample.map((s) => s.name || '—').join(', ')}
        </Text>
      )}
    </Alert>
  );
}

/** A status in the user's words: a contact's lifecycle stage, or a deal's status. */
const statusText = (recordType: string, status: string, t: TFunction) =>
  recordType === 'contact' ? t(`customer.lifecycle.${status}`) : t(`privacy.retention.status.${status}`);

const ruleText = (rule: RetentionRule | RetentionRuleInput, t: TFunction) =>
  t(`privacy.retention.ruleText.${rule.recordType}`, {
    status: rule.status ? statusText(rule.recordType, rule.status, t) : t('privacy.retention.anyStatus'),
    months: rule.months,
    action: t(`privacy.retention.action.${rule.action}`),
  });

function NewRule() {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const [rule, setRule] = useState<RetentionRuleInput>({
    recordType: 'contact',
    status: 'lead',
    months: 24,
    action: 'anonymise',
    active: true,
  });
  const [preview, setPreview] = useState<RetentionPreview | null>(null);
  const change = (patch: Partial<RetentionRuleInput>) => {
    setRule((current) => ({ ...current, ...patch }));
    setPreview(null);
  };
  const previewing = useMutation({ mutationFn: () => previewRule(rule), onSuccess: setPreview });
  const adding = useMutation({
    mutationFn: () => addRetentionRule(rule),
    onSuccess: async () => {
      setPreview(null);
      await queryClient.invalidateQueries({ queryKey: privacyKeys.rules });
    },
  });
  const statuses = rule.recordType === 'contact' ? lifecycleStages : dealRetentionStatuses;
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={4}>{t('privacy.retention.new')}</Title>
        <Group align="flex-end" wrap="wrap">
          <Select
            label={t('privacy.retention.recordType')}
            value={rule.recordType}
            allowDeselect={false}
            data={['contact', 'deal'].map((v) => ({ value: v, label: t(`privacy.retention.recordTypes.${v}`) }))}
            onChange={(value) => change({ recordType: value as 'contact' | 'deal', status: null })}
            data-testid="rule-record-type"
          />
          <Select
            label={t('privacy.retention.statusLabel')}
            value={rule.status ?? ''}
            allowDeselect={false}
            data={[
              { value: '', label: t('privacy.retention.anyStatus') },
              ...statuses.map((s) => ({ value: s, label: statusText(rule.recordType, s, t) })),
            ]}
            onChange={(value) => change({ status: (value || null) as RetentionRuleInput['status'] })}
            data-testid="rule-status"
          />
          <NumberInput
            label={t(`privacy.retention.monthsLabel.${rule.recordType}`)}
            value={rule.months}
            min={1}
            max={1200}
            w={200}
            onChange={(value) => change({ months: Number(value) || 1 })}
            data-testid="rule-months"
          />
          <Select
            label={t('privacy.retention.actionLabel')}
            value={rule.action}
            allowDeselect={false}
            data={['anonymise', 'delete'].map((v) => ({ value: v, label: t(`privacy.retention.action.${v}`) }))}
            onChange={(value) => change({ action: value as 'anonymise' | 'delete' })}
            data-testid="rule-action"
          />
        </Group>
        {preview && <PreviewResult preview={preview} rule={rule} />}
        {(previewing.error || adding.error) && <Alert color="red">{message(previewing.error ?? adding.error)}</Alert>}
        <Group>
          <Button
            variant="light"
            loading={previewing.isPending}
            onClick={() => previewing.mutate()}
            data-testid="rule-preview"
          >
            {t('privacy.retention.previewButton')}
          </Button>
          <Button loading={adding.isPending} onClick={() => adding.mutate()} data-testid="rule-add">
            {t('privacy.retention.add')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function RuleRow({ rule }: { rule: RetentionRule }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [preview, setPreview] = useState<RetentionPreview | null>(null);
  const previewing = useMutation({ mutationFn: () => previewStoredRule(rule.id), onSuccess: setPreview });
  const removing = useMutation({
    mutationFn: () => removeRetentionRule(rule.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: privacyKeys.rules }),
  });
  return (
    <Paper withBorder p="sm" data-testid="retention-rule">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text size="sm">{ruleText(rule, t)}</Text>
          <Group gap="xs">
            <Button
              size="compact-sm"
              variant="light"
              loading={previewing.isPending}
              onClick={() => previewing.mutate()}
            >
              {t('privacy.retention.previewButton')}
            </Button>
            <Button
              size="compact-sm"
              variant="subtle"
              color="red"
              loading={removing.isPending}
              onClick={() => removing.mutate()}
            >
              {t('privacy.retention.remove')}
            </Button>
          </Group>
        </Group>
        {preview && <PreviewResult preview={preview} rule={rule} />}
      </Stack>
    </Paper>
  );
}

function RetentionTab() {
  const { t, i18n } = useTranslation();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const rules = useRetentionRules();
  const runs = useRetentionRuns();
  const running = useMutation({
    mutationFn: runRetentionNow,
    onSuccess: async (run) => {
      // A long run is answered as under way and goes on; the list of runs follows it.
      notifications.show(
        run.finishedAt === null
          ? { color: 'blue', message: t('privacy.retention.underWay') }
          : { color: 'green', message: t('privacy.retention.ran', { count: run.report.total ?? 0 }) },
      );
      await queryClient.invalidateQueries();
    },
    onError: (error) => notifications.show({ color: 'red', message: message(error) }),
  });
  if (rules.isPending) return <LoadingState />;
  if (rules.isError) return <ErrorState error={rules.error} />;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('privacy.retention.explain')}
      </Text>
      {rules.data.length === 0 && <Text size="sm">{t('privacy.retention.none')}</Text>}
      {rules.data.map((rule) => (
        <RuleRow key={rule.id} rule={rule} />
      ))}
      <NewRule />
      <Group justify="space-between">
        <Title order={4}>{t('privacy.retention.runs')}</Title>
        <Button
          variant="light"
          color="red"
          loading={running.isPending}
          disabled={rules.data.length === 0}
          onClick={() => running.mutate()}
          data-testid="retention-run"
        >
          {t('privacy.retention.runNow')}
        </Button>
      </Group>
      {runs.data?.length ? (
        <Table data-testid="retention-runs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('privacy.retention.runAt')}</Table.Th>
              <Table.Th>{t('privacy.retention.trigger')}</Table.Th>
              <Table.Th>{t('privacy.retention.done')}</Table.Th>
              <Table.Th>{t('privacy.retention.heldCount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.data.map((run) => (
              <Table.Tr key={run.id}>
                <Table.Td>{formatDateTime(run.startedAt, i18n.language)}</Table.Td>
                <Table.Td>{t(`privacy.retention.triggers.${run.trigger}`)}</Table.Td>
                <Table.Td>
                  {run.report.total ?? 0}
                  {run.finishedAt === null && (
                    <Badge color="blue" ml="xs" tt="none" data-testid="retention-run-under-way">
                      {t('privacy.retention.running')}
                    </Badge>
                  )}
                  {run.report.error && (
                    <Badge color="red" ml="xs" tt="none">
                      {t('privacy.retention.failed')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{run.report.held ?? 0}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">
          {t('privacy.retention.noRuns')}
        </Text>
      )}
    </Stack>
  );
}

function BlockingTab() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const [value, setValue] = useState('');
  const entries = useBlocked(value);
  const removing = useMutation({
    mutationFn: unblock,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['blocked-values'] }),
  });
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('privacy.blocking.explain')}
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setValue(typed.trim());
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={t('privacy.blocking.check')}
            placeholder={t('privacy.blocking.placeholder')}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            w={340}
            data-testid="blocking-value"
          />
          <Button type="submit" variant="light">
            {t('privacy.blocking.find')}
          </Button>
          {value && (
            <Anchor
              size="sm"
              onClick={() => {
                setTyped('');
                setValue('');
              }}
            >
              {t('privacy.blocking.all')}
            </Anchor>
          )}
        </Group>
      </form>
      {value && entries.data?.length === 0 && <Alert color="gray">{t('privacy.blocking.notBlocked')}</Alert>}
      {entries.data && entries.data.length > 0 && (
        <Table data-testid="blocking-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('privacy.blocking.kind')}</Table.Th>
              <Table.Th>{t('privacy.blocking.reason')}</Table.Th>
              <Table.Th>{t('privacy.blocking.since')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.data.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td>{t(`privacy.blocking.kinds.${entry.kind}`)}</Table.Td>
                <Table.Td>{t(`privacy.blocking.reasons.${entry.reason}`)}</Table.Td>
                <Table.Td>{formatDateTime(entry.createdAt, i18n.language)}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="red"
                    onClick={() => removing.mutate(entry.id)}
                    data-testid="blocking-remove"
                  >
                    {t('privacy.blocking.remove')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!value && entries.data?.length === 0 && <Text size="sm">{t('privacy.blocking.empty')}</Text>}
    </Stack>
  );
}

function RecordTab() {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const record = useProcessingRecord();
  const [draft, setDraft] = useState<string | null>(null);
  const saving = useMutation({
    mutationFn: (document: string) => saveProcessingRecord(document),
    onSuccess: (saved) => {
      queryClient.setQueryData(privacyKeys.record, saved);
      setDraft(null);
      notifications.show({ color: 'green', message: t('privacy.record.saved') });
    },
  });
  if (record.isPending) return <LoadingState />;
  if (record.isError) return <ErrorState error={record.error} />;
  const text = draft ?? record.data.document;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t(record.data.edited ? 'privacy.record.edited' : 'privacy.record.generated')}
      </Text>
      <Textarea
        value={text}
        onChange={(event) => setDraft(event.currentTarget.value)}
        autosize
        minRows={16}
        maxRows={40}
        styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
        aria-label={t('privacy.record.title')}
        data-testid="processing-record"
      />
      {saving.error && <Alert color="red">{message(saving.error)}</Alert>}
      <Group>
        <Button
          disabled={draft === null}
          loading={saving.isPending}
          onClick={() => saving.mutate(text)}
          data-testid="record-save"
        >
          {t('privacy.record.save')}
        </Button>
        <Button component="a" href={processingRecordExportUrl} variant="light" data-testid="record-download">
          {t('privacy.record.download')}
        </Button>
        {record.data.edited && (
          <Button variant="subtle" color="gray" onClick={() => saving.mutate('')}>
            {t('privacy.record.reset')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

export default function PrivacyPage() {
  const { t } = useTranslation();
  const admin = useHasRole('admin');
  if (!admin) return <Alert color="gray">{t('privacy.adminsOnly')}</Alert>;
  return (
    <Stack>
      <Title order={2}>{t('privacy.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('privacy.intro')}
      </Text>
      <Tabs defaultValue="retention" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="retention" data-testid="tab-retention">
            {t('privacy.tabs.retention')}
          </Tabs.Tab>
          <Tabs.Tab value="blocking" data-testid="tab-blocking">
            {t('privacy.tabs.blocking')}
          </Tabs.Tab>
          <Tabs.Tab value="purposes" data-testid="tab-purposes">
            {t('privacy.tabs.purposes')}
          </Tabs.Tab>
          <Tabs.Tab value="record" data-testid="tab-record">
            {t('privacy.tabs.record')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="retention" pt="md">
          <RetentionTab />
        </Tabs.Panel>
        <Tabs.Panel value="blocking" pt="md">
          <BlockingTab />
        </Tabs.Panel>
        <Tabs.Panel value="purposes" pt="md">
          <PurposesTab />
        </Tabs.Panel>
        <Tabs.Panel value="record" pt="md">
          <RecordTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
