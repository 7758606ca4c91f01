// Create and edit an appointment in a dialog: title, start and end (or whole days), location,
// attendees, reminders, repetition, notes and the records it belongs to; checked with the
// contract's appointmentCreate/appointmentPatch. After saving, the invitations can go out.
import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { appointmentCreate, appointmentPatch, type Appointment } from '../../../contract/appointments.ts';
import { useErrorMessage } from '../../ui/states.tsx';
import { DateField, DateTimeField } from '../forms/DateFields.tsx';
import { blankToNull, isoFromLocal, localDateTime } from '../forms/formValues.ts';
import { LinksSelect, type Links } from '../forms/pickers.tsx';
import { useRecordForm } from '../forms/useRecordForm.ts';
import { type AttendeeChoice, AttendeesField } from './AttendeesField.tsx';
import { InvitationStep } from './InvitationStep.tsx';
import { RepeatDetails } from './RepeatDetails.tsx';
import { refreshCalendar } from './calendarApi.ts';
import { frequencies, fromRrule, noRecurrence, toRrule, type Recurrence } from './recurrence.ts';

export interface AppointmentPreset {
  /** Local 'YYYY-MM-DDTHH:mm'. */
  start?: string;
  end?: string;
  allDay?: boolean;
  attendees?: AttendeeChoice[];
  links?: Links;
}

interface Values {
  title: string;
  allDay: boolean;
  /** The zone a series repeats in and calendar programs get; the times are typed in the browser's. */
  timeZone: string;
  start: string;
  end: string;
  location: string;
  description: string;
  attendees: AttendeeChoice[];
  reminders: string[];
  /** null: a rule set elsewhere that the form cannot show; it stays unless another is picked. */
  recurrence: Recurrence | null;
  links: Links;
}

const reminderChoices = [0, 5, 10, 15, 30, 60, 120, 1440, 2880];
/** Appointments are planned in German time unless the user picks another zone (docs/calendar.md). */
const defaultTimeZone = 'Europe/Berlin';
let zones: string[] | null = null;
/** The IANA zones this browser knows, loaded once. */
const timeZones = () => {
  zones ??= Intl.supportedValuesOf('timeZone');
  return zones;
};
const noLinks: Links = { contactIds: [], companyIds: [], dealIds: [] };

function attendeeChoices(appointment: Appointment): AttendeeChoice[] {
  return appointment.attendees.map((a) => {
    // A contact without an email address has none (it is invited in the CRM only).
    const email: string = a.email ?? '';
    const label = a.name ?? email;
    if (a.contactId) return { key: `contact:${a.contactId}`, label, input: { contactId: a.contactId } };
    if (a.userId) return { key: `user:${a.userId}`, label, input: { userId: a.userId } };
    return {
      key: `email:${email.toLowerCase()}`,
      label: a.name ? `${a.name} <${email}>` : email,
      input: { email, name: a.name },
    };
  });
}

/** An hour from now, on the next full hour: a sensible start when nothing was clicked. */
function nextHour(): string {
  const date = new Date();
  date.setMinutes(0, 0, 0);
  date.setHours(date.getHours() + 1);
  return localDateTime(date.toISOString());
}

function plusHour(local: string): string {
  return localDateTime(new Date(new Date(local).getTime() + 3600_000).toISOString());
}

function initialValues(appointment: Appointment | null, preset: AppointmentPreset): Values {
  if (appointment)
    return {
      title: appointment.title,
      allDay: appointment.allDay,
      timeZone: appointment.timeZone,
      start: localDateTime(appointment.startsAt),
      end: localDateTime(appointment.endsAt),
      location: appointment.location ?? '',
      description: appointment.description ?? '',
      attendees: attendeeChoices(appointment),
      reminders: appointment.reminders.map(String),
      recurrence: fromRrule(appointment.rrule),
      links: { contactIds: appointment.contactIds, companyIds: appointment.companyIds, dealIds: appointment.dealIds },
    };
  const start = preset.start ?? nextHour();
  return {
    title: '',
    allDay: preset.allDay ?? false,
    timeZone: defaultTimeZone,
    start,
    end: preset.end ?? plusHour(start),
    location: '',
    description: '',
    attendees: preset.attendees ?? [],
    reminders: ['15'],
    recurrence: noRecurrence,
    links: preset.links ?? noLinks,
  };
}

function AppointmentFields({
  appointment,
  preset,
  onSaved,
  onCancel,
}: {
  appointment: Appointment | null;
  preset: AppointmentPreset;
  onSaved(saved: Appointment): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const form = useRecordForm<Values, Appointment>({
    resource: 'appointments',
    record: appointment,
    initial: initialValues(appointment, preset),
    toBody: (v) => ({
      title: v.title,
      allDay: v.allDay,
      // Whole days: local midnights of the first and the last day (the contract's end is inclusive).
      startsAt: isoFromLocal(v.allDay ? `${v.start.slice(0, 10)}T00:00` : v.start),
      endsAt: isoFromLocal(v.allDay ? `${v.end.slice(0, 10)}T00:00` : v.end),
      timeZone: v.timeZone,
      location: blankToNull(v.location),
      description: blankToNull(v.description),
      attendees: v.attendees.map((choice) => choice.input),
      reminders: v.reminders.map(Number).sort((a, b) => a - b),
      rrule: v.recurrence ? toRrule(v.recurrence) : (appointment?.rrule ?? null),
      ...v.links,
    }),
    schema: appointment ? appointmentPatch : appointmentCreate,
    onSaved,
  });
  const { values, set, field } = form;
  const recurrence = values.recurrence;

  /** A new start keeps the length of the appointment. */
  const setStart = (start: string) => {
    const length = new Date(values.end).getTime() - new Date(values.start).getTime();
    set('start', start);
    if (start && Number.isFinite(length) && length >= 0)
      set('end', localDateTime(new Date(new Date(start).getTime() + length).toISOString()));
  };
  const reminderLabel = (minutes: number) =>
    minutes === 0
      ? t('calendar.form.reminderAtStart')
      : minutes % 1440 === 0
        ? t('calendar.form.daysBefore', { count: minutes / 1440 })
        : minutes % 60 === 0
          ? t('calendar.form.hoursBefore', { count: minutes / 60 })
          : t('calendar.form.minutesBefore', { count: minutes });

  return (
    <form ref={form.formRef} onSubmit={form.submit} noValidate data-testid="appointment-form">
      <Stack gap="sm">
        <TextInput
          label={t('calendar.form.title')}
          required
          data-autofocus
          value={values.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          {...field('title')}
        />
        <Group justify="space-between" align="center" gap="sm">
          <Checkbox
            label={t('calendar.form.allDay')}
            checked={values.allDay}
            onChange={(e) => set('allDay', e.currentTarget.checked)}
            data-testid="appointment-all-day"
          />
          <Select
            aria-label={t('calendar.form.timeZone')}
            title={t('calendar.form.timeZone')}
            data={timeZones().includes(values.timeZone) ? timeZones() : [values.timeZone, ...timeZones()]}
            value={values.timeZone}
            onChange={(zone) => zone && set('timeZone', zone)}
            allowDeselect={false}
            searchable
            size="xs"
            w={200}
            data-testid="appointment-time-zone"
            {...field('timeZone')}
          />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {values.allDay ? (
            <>
              <DateField
                label={t('calendar.form.firstDay')}
                value={values.start.slice(0, 10)}
                onChange={(day) => setStart(day ? `${day}T${values.start.slice(11, 16) || '09:00'}` : '')}
                noShortcuts
                {...field('startsAt')}
              />
              <DateField
                label={t('calendar.form.lastDay')}
                value={values.end.slice(0, 10)}
                onChange={(day) => set('end', day ? `${day}T${values.end.slice(11, 16) || '10:00'}` : '')}
                noShortcuts
                {...field('endsAt')}
              />
            </>
          ) : (
            <>
              <DateTimeField
                label={t('calendar.form.start')}
                value={values.start}
                onChange={setStart}
                data-testid="appointment-start"
                {...field('startsAt')}
              />
              <DateTimeField
                label={t('calendar.form.end')}
                value={values.end}
                onChange={(end) => set('end', end)}
                data-testid="appointment-end"
                {...field('endsAt')}
              />
            </>
          )}
        </SimpleGrid>
        <TextInput
          label={t('calendar.form.location')}
          placeholder={t('calendar.form.locationPlaceholder')}
          value={values.location}
          onChange={(e) => set('location', e.currentTarget.value)}
          {...field('location')}
        />
        <AttendeesField
          label={t('calendar.form.attendees')}
          value={values.attendees}
          onChange={(attendees) => set('attendees', attendees)}
          error={form.error('attendees') ?? form.error('attendees.0')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <MultiSelect
            label={t('calendar.form.reminders')}
            data={reminderChoices.map((minutes) => ({ value: String(minutes), label: reminderLabel(minutes) }))}
            value={values.reminders}
            onChange={(reminders) => set('reminders', reminders)}
            maxValues={5}
            clearable
            {...field('reminders')}
          />
          <Select
            label={t('calendar.form.repeat')}
            data={[
              ...frequencies.map((f) => ({ value: f, label: t(`calendar.repeat.${f}`) })),
              ...(recurrence ? [] : [{ value: 'custom', label: appointment?.rrule ?? '' }]),
            ]}
            value={recurrence?.frequency ?? 'custom'}
            allowDeselect={false}
            onChange={(f) =>
              f &&
              f !== 'custom' &&
              set('recurrence', { ...(recurrence ?? noRecurrence), frequency: f as Recurrence['frequency'] })
            }
            data-testid="appointment-repeat"
            {...field('rrule')}
          />
        </SimpleGrid>
        {recurrence && <RepeatDetails recurrence={recurrence} onChange={(next) => set('recurrence', next)} />}
        <LinksSelect
          label={t('calendar.form.links')}
          value={values.links}
          onChange={(links) => set('links', links)}
          known={appointment?.linked}
          error={form.error('contactIds') ?? form.error('companyIds') ?? form.error('dealIds')}
        />
        <Textarea
          label={t('calendar.form.description')}
          autosize
          minRows={2}
          value={values.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          {...field('description')}
        />
        {form.save.isError && Object.keys(form.serverErrors).length === 0 && (
          <Alert color="red" role="alert">
            {form.conflict ? t('calendar.form.conflict') : errorMessage(form.save.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('forms.cancel')}
          </Button>
          <Button type="submit" loading={form.save.isPending} data-testid="appointment-save">
            {t('calendar.form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The form, then the invitation step: the body of the new-appointment dialog and of an edit. */
export function AppointmentEditor({
  appointment,
  preset = {},
  onClose,
  onSavedStep,
}: {
  appointment: Appointment | null;
  preset?: AppointmentPreset;
  onClose(): void;
  /** Told when the form gives way to the invitation step (a dialog's title changes). */
  onSavedStep?(): void;
}) {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<Appointment | null>(null);
  if (saved) return <InvitationStep appointment={saved} onDone={onClose} />;
  return (
    <AppointmentFields
      appointment={appointment}
      preset={preset}
      onCancel={onClose}
      onSaved={(appointmentSaved) => {
        refreshCalendar(queryClient);
        setSaved(appointmentSaved);
        onSavedStep?.();
      }}
    />
  );
}

/** The dialog of a new appointment (from the calendar or a customer's page). */
export default function AppointmentDialog({
  opened,
  onClose,
  preset = {},
}: {
  opened: boolean;
  onClose(): void;
  preset?: AppointmentPreset;
}) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const close = () => {
    setSaved(false);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      size="lg"
      title={saved ? t('calendar.form.savedTitle') : t('calendar.form.newTitle')}
    >
      {opened && (
        <AppointmentEditor appointment={null} preset={preset} onClose={close} onSavedStep={() => setSaved(true)} />
      )}
    </Modal>
  );
}
