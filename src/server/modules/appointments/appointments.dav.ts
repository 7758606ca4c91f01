// STAND-IN, only for compiling the DAV server until the lead's appointments.dav.ts lands on
// main: its interface as in the lead's working copy (etags quoted, expectedEtag the quoted
// If-Match or '*' for "must exist", createOnly for If-None-Match: *), an empty calendar, and
// writes refused. Replace it with the real module when merging (take main's file).
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/errors.ts';

export async function calendarEtags(_tx: Db, _userId: string): Promise<Array<{ uid: string; etag: string }>> {
  return [];
}

export async function calendarObjects(
  _tx: Db,
  _userId: string,
  _uids: string[],
): Promise<Array<{ uid: string; etag: string; ics: string }>> {
  return [];
}

export async function calendarObjectsInRange(
  _tx: Db,
  _userId: string,
  _start: Date | null,
  _end: Date | null,
): Promise<string[]> {
  return [];
}

export async function putCalendarObject(
  _tx: Db,
  _actor: Actor,
  _uid: string,
  _ics: string,
  _expectedEtag: string | null | '*',
  _createOnly = false,
): Promise<{ etag: string; created: boolean }> {
  throw new AppError('unavailable', 'Appointments are not there yet.');
}

export async function deleteCalendarObject(
  _tx: Db,
  _actor: Actor,
  _uid: string,
  _expectedEtag: string | null,
): Promise<boolean> {
  throw new AppError('unavailable', 'Appointments are not there yet.');
}
