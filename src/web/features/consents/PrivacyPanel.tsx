// The privacy card of a contact's page (GDPR): the current consent per purpose with "withdraw",
// "record consent", the whole history, restricting processing (Art. 18), and the access export
// (Art. 15/20) as a ZIP in German or English.
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Menu, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../contract/contacts.ts';
import { useAuth, onlyIf } from '../../app/auth.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { problemText } from '../../ui/problems.ts';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { Panel } from '../record/RecordPanels.tsx';
import { ConsentForm, purposeName } from './ConsentForm.tsx';
import { useConsents, usePurposes, useRecordConsent, useRestriction } from './consentsApi.ts';

function RestrictDialog({ contactId, opened, onClose }: { contactId: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { restrict } = useRestriction(contactId);
  const [reason, setReason] = useState('');
  return (
    <Modal opened={opened} onClose={onClose} title={t('consents.restrict.title')}>
      <Stack gap="sm">
        <Text size="sm">{t('consents.restrict.explain')}</Text>
        <Textarea
          label={t('consents.restrict.reason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          autosize
          minRows={2}
          data-testid="restriction-reason-input"
        />
        {restrict.isError && (
          <Text size="sm" c="red">
            {problemText(restrict.error, t)}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('forms.cancel')}
          </Button>
          <Button
            color="red"
            disabled={!reason.trim()}
            loading={restrict.isPending}
            onClick={() => restrict.mutate(reason.trim(), { onSuccess: onClose })}
            data-testid="restriction-save"
          >
            {t('consents.restrict.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function PrivacyPanelShown({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { me } = useAuth();
  const consents = useConsents(contact.id);
  const purposes = usePurposes();
  const withdraw = useRecordConsent(contact.id);
  const [form, setForm] = useState(false);
  const [restricting, setRestricting] = useState(false);
  const [history, setHistory] = useState(false);
  const role = me?.user.role ?? 'viewer';
  const mayWrite = role !== 'viewer';
  const mayExport = role === 'manager' || role === 'admin';
  const purposeList = purposes.data?.data ?? [];
  const purposeOf = (key: string) => purposeList.find((p) => p.key === key);
  return (
    <Panel
      title={t('consents.title')}
      testId="privacy-panel"
      action={
        mayWrite ? (
          <Button size="compact-sm" variant="light" onClick={() => setForm(true)} data-testid="record-consent">
            {t('consents.record.button')}
          </Button>
        ) : undefined
      }
    >
      {consents.isPending ? (
        <LoadingState />
      ) : consents.isError ? (
        <ErrorState error={consents.error} onRetry={() => void consents.refetch()} />
      ) : (
        <Stack gap={6}>
          {consents.data.current.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('consents.none')}
            </Text>
          )}
          {consents.data.current.map((state) => (
            <Stack key={state.purpose} gap={0} data-testid="consent-state">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm">{purposeName(purposeOf(state.purpose), state.purpose, t)}</Text>
                <Badge color={state.status === 'granted' ? 'green' : 'gray'} variant="light" style={{ flexShrink: 0 }}>
                  {t(`consents.status.${state.status}`)}
                </Badge>
              </Group>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="xs" c="dimmed">
                  {t('consents.basis', { letter: state.legalBasis })} · {formatDateTime(state.since, locale)}
                </Text>
                {mayWrite && state.status === 'granted' && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    style={{ flexShrink: 0 }}
                    loading={withdraw.isPending}
                    onClick={() => withdraw.mutate({ purpose: state.purpose, status: 'withdrawn', method: 'other' })}
                    data-testid="withdraw-consent"
                  >
                    {t('consents.withdraw')}
                  </Button>
                )}
              </Group>
            </Stack>
          ))}
          {withdraw.isError && (
            <Text size="sm" c="red">
              {problemText(withdraw.error, t)}
            </Text>
          )}
          {consents.data.history.length > 0 && (
            <Anchor
              component="button"
              size="xs"
              onClick={() => setHistory((open) => !open)}
              data-testid="consent-history-toggle"
            >
              {t('consents.history', { count: consents.data.history.length })}
            </Anchor>
          )}
          {history && (
            <Stack gap={4} data-testid="consent-history">
              {consents.data.history.map((entry) => (
                <Text size="xs" key={entry.id}>
                  {formatDateTime(entry.effectiveAt, locale)} ·{' '}
                  {purposeName(purposeOf(entry.purpose), entry.purpose, t)} · {t(`consents.status.${entry.status}`)} ·{' '}
                  {t(`consents.method.${entry.method}`)}
                  {entry.source ? ` · ${entry.source}` : ''}
                  {entry.recordedByName ? ` · ${entry.recordedByName}` : ''}
                  {entry.wording ? ` · „${entry.wording}“` : ''}
                </Text>
              ))}
            </Stack>
          )}
          <Group gap="xs" mt={4}>
            {mayWrite && !contact.restriction && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => setRestricting(true)}
                data-testid="restrict"
              >
                {t('consents.restrict.button')}
              </Button>
            )}
            {mayExport && (
              <Menu position="bottom-start" withinPortal>
                <Menu.Target>
                  <Button size="compact-xs" variant="subtle" data-testid="personal-data-export">
                    {t('consents.export.button')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {(['de', 'en'] as const).map((language) => (
                    <Menu.Item
                      key={language}
                      component="a"
                      href={`/api/v1/contacts/${contact.id}/personal-data?language=${language}`}
                      data-testid={`personal-data-export-${language}`}
                    >
                      {t(`consents.export.${language}`)}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Stack>
      )}
      {form && (
        <ConsentForm contactId={contact.id} purposes={purposeList} opened={form} onClose={() => setForm(false)} />
      )}
      {restricting && (
        <RestrictDialog contactId={contact.id} opened={restricting} onClose={() => setRestricting(false)} />
      )}
    </Panel>
  );
}

export const PrivacyPanel = /* @__PURE__ */ onlyIf('read', 'consent', PrivacyPanelShown);
