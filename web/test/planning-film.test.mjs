import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const f = await load("staff/planning/filmChange.ts");

// A lane of one auditorium: blocks include 30 minutes of trailer and cleaning.
const at = (hhmm, day = "2026-12-10") => `${day}T${hhmm}:00Z`;
const screening = (id, filmId, start, end, extra = {}) => ({ id, filmId, filmTitle: `Film ${filmId}`, startsAt: at(start), endsAt: at(end), status: "scheduled", sold: 0, held: 0, bookings: 0, ...extra });
const s1 = screening("s1", "a", "18:00", "20:10"); // film a: 100 min + 30
const s2 = screening("s2", "a", "21:30", "23:40");
const lane = [s2, s1];
const films = { a: 100, b: 90, c: 200 };
const runtimeOf = (id) => films[id];

test("buffers: a block's length minus its film's runtime, from the first film whose runtime is known", () => {
  assert.equal(f.bufferMinutes(lane, runtimeOf), 30);
  assert.equal(f.bufferMinutes([screening("x", "unknown", "10:00", "12:00"), s1], runtimeOf), 30);
  assert.equal(f.bufferMinutes([screening("x", "unknown", "10:00", "12:00")], runtimeOf), null);
  assert.equal(f.bufferMinutes([], runtimeOf), null);
  // A runtime longer than the block (a film edited since) is not a buffer.
  assert.equal(f.bufferMinutes([screening("x", "c", "10:00", "12:00"), s1], runtimeOf), 30);
});

test("a shorter film fits; its new end counts the buffers", () => {
  const v = f.filmVerdict(s1, { id: "b", title: "B", runtimeMinutes: 90 }, lane, 30);
  assert.equal(v.kind, "fits");
  assert.equal(new Date(v.endsAt).toISOString(), "2026-12-10T20:00:00.000Z");
});

test("a film ending exactly when the next screening starts fits (half-open ranges)", () => {
  // 18:00 + 180 + 30 = 21:30, the start of s2.
  assert.equal(f.filmVerdict(s1, { id: "d", title: "D", runtimeMinutes: 180 }, lane, 30).kind, "fits");
  const v = f.filmVerdict(s1, { id: "d", title: "D", runtimeMinutes: 181 }, lane, 30);
  assert.equal(v.kind, "overlaps");
  assert.deepEqual(v.conflicts.map((c) => c.id), ["s2"]);
});

test("a longer film overlapping the next screening: the conflicts, in order; cancelled ones do not count", () => {
  const s3 = screening("s3", "a", "23:45", "23:55");
  const long = { id: "c", title: "C", runtimeMinutes: 400 }; // 18:00 + 430 min → 01:10 the next day
  const v = f.filmVerdict(s1, long, [s3, s2, s1, screening("gone", "a", "20:30", "22:40", { status: "cancelled" })], 30);
  assert.equal(v.kind, "overlaps");
  assert.deepEqual(v.conflicts.map((c) => c.id), ["s2", "s3"]);
});

test("the film of a screening with seats held or sold, or a booking, cannot change", () => {
  const film = { id: "b", title: "B", runtimeMinutes: 90 };
  assert.deepEqual(f.filmVerdict({ ...s1, sold: 2 }, film, lane, 30), { kind: "booked", sold: 2, held: 0 });
  assert.deepEqual(f.filmVerdict({ ...s1, held: 1 }, film, lane, 30), { kind: "booked", sold: 0, held: 1 });
  assert.equal(f.filmVerdict({ ...s1, bookings: 1 }, film, lane, 30).kind, "booked");
  assert.ok(!f.isBooked({}));
  assert.ok(f.isBooked({ held: 3 }));
});

test("same film, cancelled screening, unknown buffers", () => {
  assert.equal(f.filmVerdict(s1, { id: "a", title: "A", runtimeMinutes: 100 }, lane, 30).kind, "same");
  assert.equal(f.filmVerdict({ ...s1, status: "cancelled" }, { id: "b", title: "B", runtimeMinutes: 90 }, lane, 30).kind, "cancelled");
  assert.equal(f.filmVerdict(s1, { id: "b", title: "B", runtimeMinutes: 90 }, lane, null).kind, "unknown");
  // "same" wins over "booked": nothing to refuse.
  assert.equal(f.filmVerdict({ ...s1, sold: 3 }, { id: "a", title: "A", runtimeMinutes: 100 }, lane, 30).kind, "same");
});

test("overlapping: only other, scheduled screenings crossing [start, end)", () => {
  const before = screening("before", "a", "15:00", "18:00");
  assert.deepEqual(f.overlapping(s1, Date.parse(at("21:31")), [before, s1, s2]).map((s) => s.id), ["s2"]);
  assert.deepEqual(f.overlapping(s1, Date.parse(at("21:30")), [before, s1, s2]), []);
  assert.equal(f.endWith(s1, 90, 30), Date.parse(at("20:00")));
});

test("the palette: the board's films once each by title, then more, capped", () => {
  const shown = f.boardFilms([
    { filmId: "2", filmTitle: "Zazie", status: "scheduled" },
    { filmId: "1", filmTitle: "Amélie", status: "scheduled" },
    { filmId: "2", filmTitle: "Zazie", status: "scheduled" },
    { filmId: "3", filmTitle: "Gone", status: "cancelled" },
  ]);
  assert.deepEqual(shown, [{ id: "1", title: "Amélie" }, { id: "2", title: "Zazie" }]);
  assert.deepEqual(f.paletteFilms([{ id: "1" }, { id: "2" }], [{ id: "2" }, { id: "3" }, { id: "4" }], 3).map((x) => x.id), ["1", "2", "3"]);
  assert.deepEqual(f.paletteFilms([], []), []);
});
