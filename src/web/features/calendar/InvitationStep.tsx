// The step after saving an appointment: the invitations go out on request, once, from the
// organiser's mailbox; after that the server sends every change by itself.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Appointment } from '../../../contract/appointments.ts';
import { useAuth } from '../../app/auth.tsx';
import { useErrorMessage } from '../../ui/states.tsx';
import { refreshCalendar, sendInvitations } from './calendarApi.ts';

/** Whether invitations can go out now: not yet sent, by its organiser, to someone with an address. */
export function canInvite(appointment: Appointment, userId: string | undefined): boolean {
  return (
    appointment.invitedAt === null &&
    appointment.ownerId === userId &&
    appointment.attendees.some((a) => a.email && a.userId !== appointment.ownerId)
  );
}

/**
 * After saving: the invitations go out on request, and the user sees how many did. Once
 * invited, attendees get every change by the server on its own (an update or cancellation).
 */
export function InvitationStep({ appointment, onDone }: { appointment: Appointment; onDone(): void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: () => sendInvitations(appointment.id),
    onSuccess: () => refreshCalendar(queryClient),
  });
  const offered = canInvite(appointment, me?.user.id);
  return (
    <Stack gap="sm" data-testid="appointment-saved">
      <Text>{t('calendar.form.saved', { title: appointment.title })}</Text>
      {offered && !send.isSuccess && (
        <Text size="sm" c="dimmed">
          {t('calendar.invite.hint')}
        </Text>
      )}
      {appointment.invitedAt && (
        <Text size="sm" c="dimmed" data-testid="invitations-automatic">
          {t('calendar.invite.automatic')}
        </Text>
      )}
      {send.isSuccess && (
        <Alert color="green" data-testid="invitations-sent">
          {t('calendar.invite.sent', { count: send.data.sent })}
        </Alert>
      )}
      {send.isError && (
        <Alert color="red" role="alert" data-testid="invitations-failed">
          {errorMessage(send.error)}
        </Alert>
      )}
      <Group justify="flex-end" gap="sm">
        {offered && !send.isSuccess && (
          <Button variant="light" loading={send.isPending} onClick={() => send.mutate()} data-testid="send-invitations">
            {t('calendar.invite.send')}
          </Button>
        )}
        <Button onClick={onDone} data-testid="appointment-done">
          {t('calendar.form.done')}
        </Button>
      </Group>
    </Stack>
  );
}
