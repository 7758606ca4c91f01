// An entry opened from the calendar: when, where, who attends and how they replied, the
// records it belongs to; edit it (only this occurrence or the whole series), delete it,
// download it as .ics or send the invitations.
import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Menu,
  Modal,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Appointment, Occurrence } from '../../../contract/appointments.ts';
import { formatDate, formatDateTime } from '../../ui/format.ts';
import { useLocale } from '../../ui/useLocale.ts';
import { ErrorState, LoadingState, useErrorMessage } from '../../ui/states.tsx';
import { useAuth } from '../../app/auth.tsx';
import { DateTimeField } from '../forms/DateFields.tsx';
import { blankToNull, isoFromLocal, localDateTime } from '../forms/formValues.ts';
import { useUserName } from '../record/recordApi.ts';
import { AppointmentEditor } from './AppointmentForm.tsx';
import { canInvite, InvitationStep } from './InvitationStep.tsx';
import { deleteAppointment, icsUrl, patchOccurrence, refreshCalendar, useAppointment } from './calendarApi.ts';
import { dayOf } from './calendarDates.ts';

const statusLook: Record<Appointment['attendees'][number]['status'], { color: string; mark: string }> = {
  accepted: { color: 'green', mark: '✓' },
  declined: { color: 'red', mark: '✕' },
  tentative: { color: 'yellow', mark: '?' },
  'needs-action': { color: 'gray', mark: '…' },
  delegated: { color: 'blue', mark: '→' },
};

type Mode = 'view' | 'series' | 'occurrence' | 'invite';

/** When an entry is: "Mo., 7. Dez. 2026, 09:00 – 10:00", or its days. */
export function useWhen() {
  const locale = useLocale();
  return (entry: Pick<Occurrence, 'startsAt' | 'endsAt' | 'allDay'>) => {
    if (entry.allDay) {
      const first = formatDate(dayOf(new Date(entry.startsAt)), locale);
      const last = formatDate(dayOf(new Date(entry.endsAt)), locale);
      return first === last ? first : `${first} – ${last}`;
    }
    const sameDay = dayOf(new Date(entry.startsAt)) === dayOf(new Date(entry.endsAt));
    const end = sameDay
      ? new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(entry.endsAt))
      : formatDateTime(entry.endsAt, locale);
    return `${formatDateTime(entry.startsAt, locale)} – ${end}`;
  };
}

function OccurrenceEditor({ entry, onClose }: { entry: Occurrence; onClose(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [title, setTitle] = useState(entry.title);
  const [start, setStart] = useState(localDateTime(entry.startsAt));
  const [end, setEnd] = useState(localDateTime(entry.endsAt));
  const [location, setLocation] = useState(entry.location ?? '');
  const [description, setDescription] = useState('');
  const save = useMutation({
    mutationFn: () =>
      patchOccurrence(entry.appointmentId, entry.recurrenceId!, entry.version, {
        title,
        startsAt: isoFromLocal(start) ?? entry.startsAt,
        endsAt: isoFromLocal(end) ?? entry.endsAt,
        location: blankToNull(location),
        ...(description.trim() ? { description } : {}),
      }),
    onSuccess: () => {
      refreshCalendar(queryClient);
      onClose();
    },
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
      data-testid="occurrence-form"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('calendar.details.onlyThisHint')}
        </Text>
        <TextInput
          label={t('calendar.form.title')}
          required
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <Group grow>
          <DateTimeField
            label={t('calendar.form.start')}
            value={start}
            onChange={setStart}
            data-testid="occurrence-start"
          />
          <DateTimeField label={t('calendar.form.end')} value={end} onChange={setEnd} data-testid="occurrence-end" />
        </Group>
        <TextInput
          label={t('calendar.form.location')}
          value={location}
          onChange={(e) => setLocation(e.currentTarget.value)}
        />
        <Textarea
          label={t('calendar.form.description')}
          autosize
          minRows={2}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        {save.isError && (
          <Alert color="red" role="alert">
            {errorMessage(save.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('forms.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="occurrence-save">
            {t('calendar.form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Details({
  entry,
  appointment,
  onMode,
  onClose,
}: {
  entry: Occurrence;
  appointment: Appointment;
  onMode(mode: Mode): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const when = useWhen();
  const locale = useLocale();
  const userName = useUserName();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const canEdit = me?.user.role !== 'viewer';
  const series = Boolean(entry.recurrenceId);
  const remove = useMutation({
    mutationFn: async (which: 'series' | 'occurrence') => {
      if (which === 'occurrence')
        await patchOccurrence(entry.appointmentId, entry.recurrenceId!, appointment.version, { cancelled: true });
      else await deleteAppointment(appointment);
    },
    onSuccess: () => {
      refreshCalendar(queryClient);
      onClose();
    },
  });
  return (
    <Stack gap="sm" data-testid="appointment-details">
      <Text fw={500} data-testid="appointment-when">
        {when(entry)}
      </Text>
      {series && (
        <Badge variant="light" color="grape" w="fit-content" tt="none">
          {entry.changed ? t('calendar.details.changedOccurrence') : t('calendar.details.series')}
        </Badge>
      )}
      {entry.location && (
        <Text size="sm">
          {/^https?:\/\//.test(entry.location) ? (
            <Anchor href={entry.location} target="_blank" rel="noreferrer">
              {entry.location}
            </Anchor>
          ) : (
            entry.location
          )}
        </Text>
      )}
      <Text size="sm" c="dimmed">
        {t('calendar.details.organiser', { name: userName(appointment.ownerId) ?? '–' })}
        {appointment.invitedAt &&
          ` · ${t('calendar.details.invitedAt', { when: formatDateTime(appointment.invitedAt, locale) })}`}
      </Text>
      {appointment.attendees.length > 0 && (
        <div>
          <Text size="sm" fw={600} mb={4}>
            {t('calendar.details.attendees')}
          </Text>
          <List spacing={4} size="sm" listStyleType="none" p={0}>
            {appointment.attendees.map((attendee) => (
              <List.Item
                key={attendee.contactId ?? attendee.userId ?? attendee.email}
                data-testid="appointment-attendee"
              >
                <Group gap="xs" wrap="nowrap">
                  <Badge
                    size="sm"
                    variant="light"
                    color={statusLook[attendee.status].color}
                    tt="none"
                    aria-label={t(`calendar.status.${attendee.status}`)}
                    title={t(`calendar.status.${attendee.status}`)}
                    data-status={attendee.status}
                  >
                    {statusLook[attendee.status].mark} {t(`calendar.status.${attendee.status}`)}
                  </Badge>
                  {attendee.contactId ? (
                    <Anchor component={Link} to={`/contacts/${attendee.contactId}`} size="sm" onClick={onClose}>
                      {attendee.name ?? attendee.email}
                    </Anchor>
                  ) : (
                    <Text size="sm">{attendee.name ?? attendee.email}</Text>
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
        </div>
      )}
      {appointment.linked.length > 0 && (
        <Group gap="xs">
          {appointment.linked
            .filter((link) => !link.trashed)
            .map((link) => (
              <Badge
                key={`${link.type}:${link.id}`}
                variant="outline"
                tt="none"
                component={Link}
                to={`/${link.type === 'company' ? 'companies' : `${link.type}s`}/${link.id}`}
                onClick={onClose}
                style={{ cursor: 'pointer' }}
              >
                {link.name}
              </Badge>
            ))}
        </Group>
      )}
      {appointment.description && !entry.changed && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {appointment.description}
        </Text>
      )}
      {remove.isError && (
        <Alert color="red" role="alert">
          {errorMessage(remove.error)}
        </Alert>
      )}
      <Group justify="space-between" gap="sm" mt="xs">
        <Group gap="xs">
          <Button
            component="a"
            href={icsUrl(appointment.id)}
            download
            variant="subtle"
            size="xs"
            data-testid="appointment-ics"
          >
            {t('calendar.details.download')}
          </Button>
          {canInvite(appointment, me?.user.id) && (
            <Button variant="subtle" size="xs" onClick={() => onMode('invite')} data-testid="appointment-invite">
              {t('calendar.invite.send')}
            </Button>
          )}
        </Group>
        {canEdit && (
          <Group gap="xs">
            <Menu position="bottom-end">
              <Menu.Target>
                <Button
                  variant="default"
                  size="xs"
                  color="red"
                  loading={remove.isPending}
                  data-testid="appointment-delete"
                >
                  {t('calendar.details.delete')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {series ? (
                  <>
                    <Menu.Item color="red" onClick={() => remove.mutate('occurrence')} data-testid="delete-occurrence">
                      {t('calendar.details.onlyThis')}
                    </Menu.Item>
                    <Menu.Item color="red" onClick={() => remove.mutate('series')} data-testid="delete-series">
                      {t('calendar.details.wholeSeries')}
                    </Menu.Item>
                  </>
                ) : (
                  <Menu.Item color="red" onClick={() => remove.mutate('series')} data-testid="delete-confirm">
                    {t('calendar.details.confirmDelete')}
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
            {series ? (
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button size="xs" data-testid="appointment-edit">
                    {t('forms.edit')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => onMode('occurrence')} data-testid="edit-occurrence">
                    {t('calendar.details.onlyThis')}
                  </Menu.Item>
                  <Menu.Item onClick={() => onMode('series')} data-testid="edit-series">
                    {t('calendar.details.wholeSeries')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            ) : (
              <Button size="xs" onClick={() => onMode('series')} data-testid="appointment-edit">
                {t('forms.edit')}
              </Button>
            )}
          </Group>
        )}
      </Group>
    </Stack>
  );
}

/** The dialog of an entry; `entry` null closes it. */
export function AppointmentDetails({ entry, onClose }: { entry: Occurrence | null; onClose(): void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('view');
  const query = useAppointment(entry?.appointmentId ?? null);
  // The edit starts from the appointment as it was when Edit was pressed: saving refetches it,
  // and a form (then its invitation step) must not start over with the new version.
  const [editing, setEditing] = useState<Appointment | null>(null);
  const changeMode = (next: Mode) => {
    setEditing(next === 'series' ? (query.data ?? null) : null);
    setMode(next);
  };
  const close = () => {
    changeMode('view');
    onClose();
  };
  const title =
    mode === 'series'
      ? t('calendar.form.editTitle')
      : mode === 'occurrence'
        ? t('calendar.details.editOccurrence')
        : (entry?.title ?? '');
  return (
    <Modal opened={Boolean(entry)} onClose={close} size="lg" title={title}>
      {!entry ? null : query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : mode === 'series' ? (
        <AppointmentEditor appointment={editing ?? query.data} onClose={close} />
      ) : mode === 'occurrence' ? (
        <OccurrenceEditor entry={entry} onClose={close} />
      ) : mode === 'invite' ? (
        <InvitationStep appointment={query.data} onDone={close} />
      ) : (
        <Details entry={entry} appointment={query.data} onMode={changeMode} onClose={close} />
      )}
    </Modal>
  );
}
