// Appointments and the calendar as the API shows and accepts them: an appointment is one
// meeting or a recurring series (RRULE in its own time zone); the calendar lists occurrences.
import { z } from 'zod';
import { id, multilineText, recordMeta, requiredText, text, timestamp } from './common.ts';
import { linkInput, linkOutput } from './activities.ts';

export const attendeeStatuses = ['needs-action', 'accepted', 'declined', 'tentative', 'delegated'] as const;
export const appointmentStatuses = ['tentative', 'confirmed', 'cancelled'] as const;

/** Whether this runtime knows the IANA time zone (the server's Intl decides what is accepted). */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, { message: 'is not a time zone known to the server: use an IANA name like Europe/Berlin' });

export const attendeeInput = z
  .object({
    contactId: id.optional(),
    userId: id.optional(),
    email: z.email({ message: 'must be an email address' }).max(320).optional(),
    name: text(300).nullable().optional(),
  })
  .strict()
  .refine((a) => [a.contactId, a.userId, a.email].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of contactId, userId or email',
  });

export const appointmentInput = z
  .object({
    title: requiredText(300),
    description: multilineText(100_000).nullable(),
    location: text(1000).nullable().describe('An address or a video link'),
    startsAt: timestamp,
    endsAt: timestamp,
    allDay: z.boolean().describe('Whole days: startsAt and endsAt are taken as days in timeZone, endsAt inclusive'),
    timeZone: timeZone.describe('IANA time zone the appointment is planned in (default Europe/Berlin)'),
    rrule: z
      .string()
      .trim()
      .max(1000)
      .nullable()
      .describe('iCalendar RRULE value such as FREQ=WEEKLY;BYDAY=MO;COUNT=10 (DAILY, WEEKLY, MONTHLY or YEARLY)'),
    reminders: z
      .array(z.number().int().min(0).max(40_320))
      .max(5)
      .describe('Minutes before the start (at most 4 weeks)'),
    status: z.enum(appointmentStatuses),
    ownerId: id.describe('The organiser: a user'),
    attendees: z.array(attendeeInput).max(200).describe('Contacts, users or plain email addresses invited'),
    ...linkInput,
  })
  .strict();

export const appointmentCreate = appointmentInput
  .partial()
  .required({ title: true, startsAt: true, endsAt: true })
  .meta({ id: 'AppointmentCreate' });
export const appointmentPatch = appointmentInput.partial().meta({ id: 'AppointmentPatch' });

/** PATCH /appointments/{id}/occurrences/{recurrenceId}: one occurrence of a series changed or cancelled. */
export const occurrencePatch = z
  .object({
    startsAt: timestamp,
    endsAt: timestamp,
    title: requiredText(300),
    description: multilineText(100_000).nullable(),
    location: text(1000).nullable(),
    cancelled: z.boolean(),
  })
  .partial()
  .strict()
  .meta({ id: 'OccurrencePatch' });

export const occurrenceParams = z.object({ id, recurrenceId: timestamp }).strict();

export const attendee = z
  .object({
    email: z.string().nullable().describe('null for a contact without an email address (not invited by mail)'),
    name: z.string().nullable(),
    contactId: z.string().nullable(),
    userId: z.string().nullable(),
    status: z.enum(attendeeStatuses),
    respondedAt: z.string().nullable(),
  })
  .meta({ id: 'Attendee' });

export const override = z
  .object({
    recurrenceId: z.string().describe('The start the occurrence had in the series'),
    cancelled: z.boolean(),
    title: z.string().nullable(),
    description: z.string().nullable(),
    location: z.string().nullable(),
    startsAt: z.string(),
    endsAt: z.string(),
  })
  .meta({ id: 'OccurrenceOverride' });

export const appointment = z
  .object({
    ...recordMeta,
    uid: z.string().describe('The iCalendar UID'),
    title: z.string(),
    description: z.string().nullable(),
    location: z.string().nullable(),
    startsAt: z.string(),
    endsAt: z.string(),
    allDay: z.boolean(),
    timeZone: z.string(),
    rrule: z.string().nullable(),
    exdates: z.array(z.string()).describe('Starts of occurrences removed from the series'),
    reminders: z.array(z.number()),
    status: z.enum(appointmentStatuses),
    ownerId: z.string(),
    sequence: z.number().describe('iCalendar SEQUENCE: raised by each change sent to attendees'),
    invitedAt: z.string().nullable().describe('When invitations were first sent; later changes are sent as updates'),
    attendees: z.array(attendee),
    overrides: z.array(override),
    activityId: z.string().nullable().describe('The meeting activity that shows it on the timeline'),
    ...linkOutput,
  })
  .meta({ id: 'Appointment' });

/** One entry of the calendar: an appointment or one occurrence of a series. */
export const occurrence = z
  .object({
    appointmentId: z.string(),
    recurrenceId: z.string().nullable().describe('For an occurrence of a series: its start in the series'),
    title: z.string(),
    location: z.string().nullable(),
    startsAt: z.string(),
    endsAt: z.string(),
    allDay: z.boolean(),
    timeZone: z.string(),
    status: z.enum(appointmentStatuses),
    ownerId: z.string(),
    userIds: z.array(z.string()).describe('The organiser and the users attending'),
    contacts: z.array(z.object({ id: z.string(), name: z.string() })),
    recurring: z.boolean(),
    changed: z.boolean().describe('An occurrence changed on its own'),
    version: z.number(),
  })
  .meta({ id: 'CalendarEntry' });

export const calendarQuery = z
  .object({
    from: timestamp,
    to: timestamp,
    userIds: z
      .string()
      .optional()
      .transform((value, context) => {
        const ids = (value ?? '').split(',').filter(Boolean);
        for (const one of ids) {
          if (!id.safeParse(one).success) {
            context.addIssue({ code: 'custom', message: 'must be ids (UUIDs) separated by commas' });
            return z.NEVER;
          }
        }
        return ids.map((one) => one.toLowerCase());
      })
      .describe('Whose calendars, comma-separated; default: your own'),
    teamId: id.optional().describe('All members of a team (adds to userIds)'),
    contactId: id.optional().describe('Only appointments with this contact'),
  })
  .strict()
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { message: 'to must be after from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 100 * 86_400_000, {
    message: 'a calendar shows at most 100 days at once',
    path: ['to'],
  });

export const calendarResponse = z.object({ data: z.array(occurrence) }).meta({ id: 'CalendarEntries' });

export const holiday = z.object({ date: z.string(), name: z.string(), type: z.string() }).meta({ id: 'Holiday' });
export const holidaysQuery = z
  .object({
    year: z.coerce.number().int().min(1970).max(2200),
    lang: z.enum(['de', 'en']).optional(),
  })
  .strict();
export const holidaysResponse = z.object({ region: z.string(), data: z.array(holiday) }).meta({ id: 'Holidays' });

export const calendarSettings = z
  .object({
    holidayRegion: z
      .string()
      .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, { message: 'must be a country or country-state code like DE-BY' })
      .describe('Whose public holidays the calendar shows: DE, or a German state like DE-BY'),
  })
  .strict()
  .meta({ id: 'CalendarSettings' });

export const calendarFeed = z
  .object({
    url: z.string().nullable().describe('Secret address of your iCalendar feed (only shown when created)'),
    active: z.boolean(),
    createdAt: z.string().nullable(),
  })
  .meta({ id: 'CalendarFeed' });

export type AppointmentCreate = z.infer<typeof appointmentCreate>;
export type AppointmentPatch = z.infer<typeof appointmentPatch>;
export type OccurrencePatch = z.infer<typeof occurrencePatch>;
export type Appointment = z.infer<typeof appointment>;
export type Occurrence = z.infer<typeof occurrence>;
export type CalendarQuery = z.infer<typeof calendarQuery>;
export type AttendeeInput = z.infer<typeof attendeeInput>;
export type Holiday = z.infer<typeof holiday>;
