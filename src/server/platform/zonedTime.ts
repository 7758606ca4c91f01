// Wall-clock time in a time zone, with the zone rules of the runtime's Intl: which local time an
// instant shows, and which instant a local time stands for (the calendar, the day's end of the
// start page).
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

function readParts(date: Date, zone: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/**
 * A zone's offset from UTC at quarter-hour steps, remembered: asking Intl is slow (a feed asks
 * for thousands of times), and zones change their offset only on a quarter hour.
 */
const quarter = 900_000;
const offsets = new Map<string, number>();

function offsetAt(ms: number, zone: string): number {
  const bucket = Math.floor(ms / quarter) * quarter;
  const key = `${zone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = asUtc(readParts(new Date(bucket), zone)) - bucket;
    if (offsets.size >= 200_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The wall-clock time in `zone` at the instant `date`. */
export function localOf(date: Date, zone: string): LocalTime {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return readParts(date, zone);
  const wall = new Date(ms + offsetAt(ms, zone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

export function asUtc(local: LocalTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

/**
 * The instant a wall-clock time in `zone` stands for. A time skipped by the change to summer
 * time (02:30 on the last Sunday of March in Berlin) becomes the instant an hour later, one
 * that happens twice takes the first, as RFC 5545 (3.3.5) asks.
 */
export function instantOf(local: LocalTime, zone: string): Date {
  const wanted = asUtc(local);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const offset = asUtc(localOf(new Date(guess), zone)) - guess;
    const next = wanted - offset;
    if (next === guess) break;
    guess = next;
  }
  // Of two instants showing this wall time, the earlier one.
  const earlier = guess - 3_600_000;
  if (asUtc(localOf(new Date(earlier), zone)) === wanted) return new Date(earlier);
  return new Date(guess);
}

/** Midnight at the start of the given day in `zone`. */
export function dayStart(date: string, zone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  return instantOf({ year, month, day, hour: 0, minute: 0, second: 0 }, zone);
}

export function isoDay(local: LocalTime): string {
  return `${String(local.year).padStart(4, '0')}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
}
