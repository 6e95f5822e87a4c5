// Pure logic of the planning board (no React, no DOM): time zones, week arithmetic, time → position,
// snapping, fill-rate buckets, the overlap layout of a lane, where the screenings sit and where the
// keyboard moves a block. Unit-tested in web/test/planning-calendar.test.mjs.

export const DAY_MINUTES = 1440;
/** Grid step of the board: a drag, an arrow key and a click snap to it. */
export const SLOT_MINUTES = 15;

/** The visible part of a cinema day, in minutes from its local midnight (may pass 24:00). */
export interface DayWindow {
  start: number;
  end: number;
}

export const DEFAULT_WINDOW: DayWindow = { start: 9 * 60, end: 25 * 60 };

/** Offset (minutes, east positive) of `tz` at the UTC instant `utcMs`. */
export function tzOffsetMinutes(utcMs: number, tz: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? "0");
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/** The local calendar date (YYYY-MM-DD) and minutes since local midnight of an instant in `tz`. */
export function localParts(iso: string | number, tz: string): { date: string; minutes: number } {
  const ms = typeof iso === "number" ? iso : Date.parse(iso);
  const local = new Date(ms + tzOffsetMinutes(ms, tz) * 60000);
  const date = local.toISOString().slice(0, 10);
  return { date, minutes: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

/** The UTC instant (ISO, no milliseconds) of `minutes` after local midnight of `date` in `tz`
 * (minutes may exceed a day: 25:00 is 01:00 the next day). */
export function zonedToUtc(date: string, minutes: number, tz: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const naive = Date.UTC(y, m - 1, d) + minutes * 60000;
  let guess = naive - tzOffsetMinutes(naive, tz) * 60000;
  guess = naive - tzOffsetMinutes(guess, tz) * 60000;
  return new Date(guess).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** YYYY-MM-DD plus n days. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The Monday of the week holding `date` (YYYY-MM-DD). */
export function mondayOf(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return addDays(date, -((day + 6) % 7));
}

/** Whole days from date a to date b (YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400000);
}

export function isIsoDate(s: string | undefined): s is string {
  return !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s + "T00:00:00Z"));
}

/** Where an instant sits on the board: the day of the week (0 = Monday) and minutes from that day's
 * local midnight. Before the window's start (after midnight), it belongs to the previous day (24:30). */
export function boardSlot(iso: string, weekMonday: string, tz: string, window: DayWindow = DEFAULT_WINDOW): { day: number; minutes: number } {
  const { date, minutes } = localParts(iso, tz);
  let day = daysBetween(weekMonday, date);
  let m = minutes;
  if (m < window.start && m + DAY_MINUTES < window.end && day > 0) {
    day -= 1;
    m += DAY_MINUTES;
  }
  return { day, minutes: m };
}

/** The window that shows every given start/end (minutes of a board day), widened to whole hours. */
export function windowFor(spans: { start: number; end: number }[], base: DayWindow = DEFAULT_WINDOW): DayWindow {
  let start = base.start;
  let end = base.end;
  for (const s of spans) {
    start = Math.min(start, Math.floor(s.start / 60) * 60);
    end = Math.max(end, Math.ceil(s.end / 60) * 60);
  }
  return { start: Math.max(0, start), end: Math.min(2 * DAY_MINUTES, end) };
}

/** Pixels from the lane's left edge of a minute of the day. */
export function minuteToX(minutes: number, window: DayWindow, pxPerMinute: number): number {
  return (minutes - window.start) * pxPerMinute;
}

/** The minute of the day at x pixels from the lane's left edge (not snapped). */
export function xToMinute(x: number, window: DayWindow, pxPerMinute: number): number {
  return window.start + x / pxPerMinute;
}

/** Snaps minutes to the nearest slot (or down with mode "floor"), kept inside the window so that a
 * block of `length` minutes still starts in it. */
export function snap(minutes: number, window: DayWindow, slot = SLOT_MINUTES, mode: "round" | "floor" = "round"): number {
  const snapped = (mode === "floor" ? Math.floor(minutes / slot) : Math.round(minutes / slot)) * slot;
  const last = Math.floor((window.end - slot) / slot) * slot;
  return Math.min(Math.max(snapped, Math.ceil(window.start / slot) * slot), last);
}

/** The block of a screening: left and width in pixels (width at least `minWidth`). */
export function blockBox(startMinutes: number, lengthMinutes: number, window: DayWindow, pxPerMinute: number, minWidth = 24): { left: number; width: number } {
  return { left: minuteToX(startMinutes, window, pxPerMinute), width: Math.max(minWidth, lengthMinutes * pxPerMinute) };
}

/** Fill-rate colour bucket: 0 (< 25 %), 1 (< 50 %), 2 (< 75 %), 3 (≥ 75 %). Rates are 0…1 (a
 * value above 1 is read as a percentage). */
export function fillBucket(rate: number): 0 | 1 | 2 | 3 {
  const r = rate > 1 ? rate / 100 : rate;
  if (r >= 0.75) return 3;
  if (r >= 0.5) return 2;
  if (r >= 0.25) return 1;
  return 0;
}

export function percent(rate: number): number {
  return Math.round((rate > 1 ? rate : rate * 100));
}

/** Overlap layout of one lane: each item gets a track (0, 1, …) so that overlapping items sit on
 * different tracks; `tracks` is how many the lane needs. Items are [start, end) in any unit. */
export function layoutLane<T extends { start: number; end: number }>(items: T[]): { items: (T & { track: number })[]; tracks: number } {
  const sorted = [...items].sort((a, b) => a.start - b.start || a.end - b.end);
  const trackEnds: number[] = [];
  const out: (T & { track: number })[] = [];
  for (const item of sorted) {
    let track = trackEnds.findIndex((end) => end <= item.start);
    if (track === -1) {
      track = trackEnds.length;
      trackEnds.push(item.end);
    } else trackEnds[track] = item.end;
    out.push({ ...item, track });
  }
  return { items: out, tracks: Math.max(1, trackEnds.length) };
}

/** A drag or keyboard move: the start minute after moving by `deltaMinutes`, snapped, in the window. */
export function movedStart(startMinutes: number, deltaMinutes: number, window: DayWindow, slot = SLOT_MINUTES): number {
  return snap(startMinutes + deltaMinutes, window, slot);
}

/** HH:MM of minutes since midnight (26:30 → 02:30). */
export function hhmm(minutes: number): string {
  const m = ((Math.round(minutes) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0");
}

/** Minutes since midnight of "HH:MM", or null. */
export function parseHhmm(s: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!match) return null;
  const h = Number(match[1]);
  const m = Number(match[2]);
  return h < 24 && m < 60 ? h * 60 + m : null;
}

/** HH:MM (24 h) of an instant in `tz`. */
export function hhmmOf(iso: string, tz: string): string {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: tz }).format(new Date(iso));
}

/** The screenings a slot runs into, as "Title 19:00–21:10, Title 22:30–00:40" (times in `tz`). */
export function conflictList(conflicts: { filmTitle: string; startsAt: string; endsAt: string }[], tz: string): string {
  return conflicts.map((c) => `${c.filmTitle} ${hhmmOf(c.startsAt, tz)}–${hhmmOf(c.endsAt, tz)}`).join(", ");
}

/** A screening where the board shows it: its auditorium, day of the week and minutes [start, end). */
export interface PlacedSpan<S> {
  s: S;
  auditoriumId: string;
  day: number;
  start: number;
  end: number;
}

/** The screenings of the week's auditoriums on the board (those outside the week left out); a
 * block is at least a slot long. */
export function placeScreenings<S extends { startsAt: string; endsAt: string }>(
  auditoriums: { id: string; screenings: S[] }[], weekMonday: string, tz: string,
): PlacedSpan<S>[] {
  const out: PlacedSpan<S>[] = [];
  for (const a of auditoriums) {
    for (const s of a.screenings) {
      const slot = boardSlot(s.startsAt, weekMonday, tz);
      if (slot.day < 0 || slot.day > 6) continue;
      const length = Math.max(SLOT_MINUTES, (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60000);
      out.push({ s, auditoriumId: a.id, day: slot.day, start: slot.minutes, end: slot.minutes + length });
    }
  }
  return out;
}

/** A place on the board: a lane (day of the week and auditorium) and a start minute. */
export interface Slot {
  day: number;
  auditoriumId: string;
  minutes: number;
}

export interface LaneRef {
  day: number;
  auditoriumId: string;
}

/** The lanes of the board from top to bottom: each day, each auditorium of it. */
export function boardLanes(auditoriums: { id: string }[]): LaneRef[] {
  const list: LaneRef[] = [];
  for (let day = 0; day < 7; day++) for (const a of auditoriums) list.push({ day, auditoriumId: a.id });
  return list;
}

/** The whole hours inside the window (the board's hour marks). */
export function hourMarks(window: DayWindow): number[] {
  const hours: number[] = [];
  for (let h = Math.ceil(window.start / 60) * 60; h < window.end; h += 60) hours.push(h);
  return hours;
}

export function slotKey(slot: Slot): string {
  return `${slot.day}|${slot.auditoriumId}|${slot.minutes}`;
}

/** Where a key moves a slot with the keyboard: ←/→ a slot earlier or later, ↑/↓ the lane above or
 * below, Page Up/Down the day before or after; null for any other key. */
export function keyedSlot(key: string, slot: Slot, lanes: LaneRef[], window: DayWindow, step = SLOT_MINUTES): Slot | null {
  const laneIndex = lanes.findIndex((l) => l.day === slot.day && l.auditoriumId === slot.auditoriumId);
  const inLane = (l: LaneRef) => ({ ...slot, day: l.day, auditoriumId: l.auditoriumId });
  switch (key) {
    case "ArrowLeft": return { ...slot, minutes: movedStart(slot.minutes, -step, window) };
    case "ArrowRight": return { ...slot, minutes: movedStart(slot.minutes, step, window) };
    case "ArrowUp": return inLane(lanes[Math.max(0, laneIndex - 1)]);
    case "ArrowDown": return inLane(lanes[Math.min(lanes.length - 1, laneIndex + 1)]);
    case "PageUp": return { ...slot, day: Math.max(0, slot.day - 1) };
    case "PageDown": return { ...slot, day: Math.min(6, slot.day + 1) };
    default: return null;
  }
}
