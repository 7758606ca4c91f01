// Appointments (issue 24): the calendar. One row is one appointment or one recurring series
// (an RRULE in the appointment's own time zone, as iCalendar has it); a changed or cancelled
// occurrence of a series is a row of appointment_overrides, keyed by the start the occurrence
// would have had (iCalendar's RECURRENCE-ID). `uid` is the iCalendar UID that invitations,
// replies and CalDAV clients name it by. Each appointment has a meeting activity
// (activities.appointment_id) that puts it on the timeline of the records it is linked to.
// A reminder that has come is a notification (the bell) of each user taking part.
// `repeats_until` is the end of the last occurrence (null: forever), so that a range query
// finds series without expanding every one.
import { type Kysely, sql } from 'kysely';
import { tenantTableSql } from './tenantTable.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    alter table workspaces add column holiday_region text not null default 'DE'
      check (holiday_region ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$');

    create table appointments (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      uid text not null check (length(uid) between 1 and 255),
      owner_id uuid not null,
      title text not null check (length(title) between 1 and 300),
      description text check (length(description) <= 100000),
      location text check (length(location) <= 1000),
      starts_at timestamptz(3) not null,
      ends_at timestamptz(3) not null,
      time_zone text not null default 'Europe/Berlin' check (length(time_zone) between 1 and 64),
      all_day boolean not null default false,
      rrule text check (length(rrule) <= 1000),
      exdates timestamptz(3)[] not null default '{}',
      repeats_until timestamptz(3),
      reminders integer[] not null default '{}',
      status text not null default 'confirmed' check (status in ('tentative', 'confirmed', 'cancelled')),
      sequence integer not null default 0,
      invited_at timestamptz(3),
      version integer not null default 1,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      deleted_at timestamptz(3),
      primary key (workspace_id, id),
      foreign key (workspace_id, owner_id) references users (workspace_id, id),
      check (ends_at >= starts_at)
    );
    create unique index appointments_uid on appointments (workspace_id, uid) where deleted_at is null;
    create index appointments_owner_time on appointments (workspace_id, owner_id, starts_at) where deleted_at is null;
    create index appointments_repeating on appointments (workspace_id, owner_id, repeats_until)
      where deleted_at is null and rrule is not null;
    ${tenantTableSql('appointments')}

    create table appointment_overrides (
      workspace_id uuid not null,
      appointment_id uuid not null,
      recurrence_id timestamptz(3) not null,
      cancelled boolean not null default false,
      title text check (length(title) between 1 and 300),
      description text check (length(description) <= 100000),
      location text check (length(location) <= 1000),
      starts_at timestamptz(3) not null,
      ends_at timestamptz(3) not null,
      primary key (workspace_id, appointment_id, recurrence_id),
      foreign key (workspace_id, appointment_id) references appointments (workspace_id, id) on delete cascade,
      check (ends_at >= starts_at)
    );
    ${tenantTableSql('appointment_overrides')}

    create table appointment_attendees (
      workspace_id uuid not null,
      appointment_id uuid not null,
      id uuid not null,
      email text check (length(email) between 3 and 320),
      name text check (length(name) <= 300),
      contact_id uuid,
      user_id uuid,
      status text not null default 'needs-action'
        check (status in ('needs-action', 'accepted', 'declined', 'tentative', 'delegated')),
      responded_at timestamptz(3),
      primary key (workspace_id, appointment_id, id),
      foreign key (workspace_id, appointment_id) references appointments (workspace_id, id) on delete cascade,
      foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete set null (contact_id),
      foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
    );
    create unique index appointment_attendees_email on appointment_attendees (workspace_id, appointment_id, email)
      where email is not null;
    create index appointment_attendees_user on appointment_attendees (workspace_id, user_id) where user_id is not null;
    create index appointment_attendees_contact on appointment_attendees (workspace_id, contact_id)
      where contact_id is not null;
    ${tenantTableSql('appointment_attendees')}

    alter table activities add column appointment_id uuid;
    alter table activities add constraint activities_appointment
      foreign key (workspace_id, appointment_id) references appointments (workspace_id, id) on delete cascade;
    create unique index activities_appointment_id on activities (workspace_id, appointment_id)
      where appointment_id is not null;

    -- For the reminder job: the appointments of a workspace that start soon.
    create index appointments_time on appointments (workspace_id, starts_at) where deleted_at is null;

    -- A reminder of an appointment is a notification of each user taking part, once per occurrence.
    alter table notifications drop constraint notifications_kind_check;
    alter table notifications add constraint notifications_kind_check
      check (kind in ('task_reminder', 'appointment_reminder'));
    alter table notifications add column appointment_id uuid;
    alter table notifications add column starts_at timestamptz(3);
    alter table notifications add constraint notifications_appointment
      foreign key (workspace_id, appointment_id) references appointments (workspace_id, id) on delete cascade;
    create unique index notifications_occurrence on notifications (workspace_id, user_id, appointment_id, starts_at)
      where appointment_id is not null;
    create index notifications_appointment on notifications (workspace_id, appointment_id)
      where appointment_id is not null;

    -- The personal iCalendar feed: one secret per user, replaced to revoke the old address.
    create table calendar_feeds (
      workspace_id uuid not null,
      user_id uuid not null,
      id uuid not null,
      secret_hash bytea not null,
      created_at timestamptz(3) not null default now(),
      primary key (workspace_id, user_id),
      foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
    );
    ${tenantTableSql('calendar_feeds')}
  `)
    .execute(db);
}
