// The personal iCalendar feed: a secret address any calendar app subscribes to (Outlook,
// Google, Apple), shown once when created; making a new one revokes the old, and it can be
// revoked outright.
import { Alert, Button, CopyButton, Group, Popover, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { calendarFeed } from '../../../contract/appointments.ts';
import { api } from '../../app/api.ts';
import { formatDateTime } from '../../ui/format.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { useLocale } from '../../ui/useLocale.ts';
import { calendarKeys } from './calendarApi.ts';
import { onlyIf } from '../../app/auth.tsx';

type Feed = z.infer<typeof calendarFeed>;

function FeedPopoverShown() {
  const { t } = useTranslation();
  const locale = useLocale();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const feed = useQuery({
    queryKey: calendarKeys.feed,
    queryFn: ({ signal }) => api<Feed>('/calendar/feed', { signal }),
  });
  const create = useMutation({
    mutationFn: () => api<Feed>('/calendar/feed', { method: 'POST', body: {} }),
    onSuccess: (created) => queryClient.setQueryData(calendarKeys.feed, created),
  });
  const revoke = useMutation({
    mutationFn: () => api<void>('/calendar/feed', { method: 'DELETE' }),
    onSuccess: () => {
      create.reset();
      queryClient.setQueryData<Feed>(calendarKeys.feed, { url: null, active: false, createdAt: null });
    },
  });
  const current = feed.data;
  // The address is only known right after creating it (the server keeps a hash).
  const url = create.data?.url ?? current?.url ?? null;
  const failed = create.error ?? revoke.error ?? feed.error;
  return (
    <Popover position="bottom-end" width={380} shadow="md" withArrow>
      <Popover.Target>
        <Button variant="default" data-testid="calendar-subscribe">
          {t('calendar.feed.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" data-testid="calendar-feed">
          <Text fw={600} size="sm">
            {t('calendar.feed.title')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('calendar.feed.hint')}
          </Text>
          {url && (
            <Group gap="xs" wrap="nowrap" align="flex-end">
              <TextInput
                label={t('calendar.feed.url')}
                value={url}
                readOnly
                style={{ flex: 1 }}
                onFocus={(e) => e.currentTarget.select()}
                data-testid="feed-url"
              />
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy} color={copied ? 'teal' : undefined}>
                    {copied ? t('calendar.feed.copied') : t('calendar.feed.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          )}
          {url && (
            <Text size="xs" c="dimmed">
              {t('calendar.feed.clients')}
            </Text>
          )}
          {current?.active && !url && (
            <Text size="sm" data-testid="feed-active">
              {t('calendar.feed.active', { when: current.createdAt ? formatDateTime(current.createdAt, locale) : '–' })}
            </Text>
          )}
          {current && !current.active && !url && (
            <Text size="sm" c="dimmed" data-testid="feed-none">
              {t('calendar.feed.none')}
            </Text>
          )}
          {failed && (
            <Alert color="red" role="alert">
              {errorMessage(failed)}
            </Alert>
          )}
          <Group gap="xs" justify="flex-end">
            {current?.active && (
              <Button
                variant="subtle"
                color="red"
                size="xs"
                loading={revoke.isPending}
                onClick={() => revoke.mutate()}
                data-testid="feed-revoke"
              >
                {t('calendar.feed.revoke')}
              </Button>
            )}
            <Button size="xs" loading={create.isPending} onClick={() => create.mutate()} data-testid="feed-create">
              {current?.active ? t('calendar.feed.renew') : t('calendar.feed.create')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

export const FeedPopover = /* @__PURE__ */ onlyIf('read', 'calendarFeed', FeedPopoverShown);
