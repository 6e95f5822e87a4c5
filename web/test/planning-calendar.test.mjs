import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const c = await load("staff/planning/calendar.ts");
const W = { start: 9 * 60, end: 25 * 60 };

test("time zones: local parts and back, across a DST change", () => {
  assert.deepEqual(c.localParts("2026-12-07T18:00:00Z", "Europe/Paris"), { date: "2026-12-07", minutes: 19 * 60 });
  assert.deepEqual(c.localParts("2026-07-07T18:00:00Z", "Europe/Paris"), { date: "2026-07-07", minutes: 20 * 60 });
  assert.equal(c.zonedToUtc("2026-12-07", 19 * 60, "Europe/Paris"), "2026-12-07T18:00:00Z");
  assert.equal(c.zonedToUtc("2026-07-07", 20 * 60, "Europe/Paris"), "2026-07-07T18:00:00Z");
  assert.equal(c.zonedToUtc("2026-12-07", 24 * 60 + 30, "Europe/Paris"), "2026-12-07T23:30:00Z");
  assert.equal(c.zonedToUtc("2026-03-29", 12 * 60, "Europe/Paris"), "2026-03-29T10:00:00Z");
});

test("weeks: Monday of a date, days between, ISO dates", () => {
  assert.equal(c.mondayOf("2026-12-05"), "2026-11-30");
  assert.equal(c.mondayOf("2026-12-07"), "2026-12-07");
  assert.equal(c.mondayOf("2026-12-13"), "2026-12-07");
  assert.equal(c.addDays("2026-12-28", 7), "2027-01-04");
  assert.equal(c.daysBetween("2026-12-07", "2026-12-10"), 3);
  assert.ok(c.isIsoDate("2026-12-07"));
  assert.ok(!c.isIsoDate("07/12/2026"));
  assert.ok(!c.isIsoDate(undefined));
});

test("board slot: day of the week and minute; after midnight stays on the evening before", () => {
  assert.deepEqual(c.boardSlot("2026-12-08T18:00:00Z", "2026-12-07", "Europe/Paris", W), { day: 1, minutes: 19 * 60 });
  assert.deepEqual(c.boardSlot("2026-12-08T23:15:00Z", "2026-12-07", "Europe/Paris", W), { day: 1, minutes: 24 * 60 + 15 });
  // Monday 00:15 has no evening before in this week: it stays on Monday.
  assert.deepEqual(c.boardSlot("2026-12-06T23:15:00Z", "2026-12-07", "Europe/Paris", W), { day: 0, minutes: 15 });
});

test("time ↔ position and snapping", () => {
  assert.equal(c.minuteToX(10 * 60, W, 2), 120);
  assert.equal(c.xToMinute(120, W, 2), 600);
  assert.equal(c.snap(607, W), 600);
  assert.equal(c.snap(608, W), 615);
  assert.equal(c.snap(614, W, 15, "floor"), 600);
  assert.equal(c.snap(60, W), 9 * 60); // kept inside the window
  assert.equal(c.snap(30 * 60, W), 25 * 60 - 15);
  assert.equal(c.movedStart(19 * 60, 15, W), 19 * 60 + 15);
  assert.equal(c.movedStart(19 * 60, -22, W), 18 * 60 + 45);
  assert.deepEqual(c.blockBox(10 * 60, 130, W, 1), { left: 60, width: 130 });
  assert.deepEqual(c.blockBox(10 * 60, 5, W, 1), { left: 60, width: 24 });
});

test("window widens to show early or late screenings", () => {
  assert.deepEqual(c.windowFor([], W), W);
  assert.deepEqual(c.windowFor([{ start: 7 * 60 + 30, end: 10 * 60 }], W), { start: 7 * 60, end: 25 * 60 });
  assert.deepEqual(c.windowFor([{ start: 23 * 60, end: 26 * 60 + 10 }], W), { start: 9 * 60, end: 27 * 60 });
});

test("fill buckets and percentages", () => {
  assert.equal(c.fillBucket(0), 0);
  assert.equal(c.fillBucket(0.25), 1);
  assert.equal(c.fillBucket(0.6), 2);
  assert.equal(c.fillBucket(0.75), 3);
  assert.equal(c.fillBucket(80), 3);
  assert.equal(c.percent(0.426), 43);
  assert.equal(c.percent(43), 43);
});

test("overlap layout puts overlapping items on separate tracks", () => {
  const { items, tracks } = c.layoutLane([
    { id: "a", start: 0, end: 100 }, { id: "b", start: 50, end: 150 }, { id: "c", start: 100, end: 200 }, { id: "d", start: 60, end: 70 },
  ]);
  const track = Object.fromEntries(items.map((i) => [i.id, i.track]));
  assert.equal(tracks, 3);
  assert.equal(track.a, 0);
  assert.equal(track.b, 1);
  assert.equal(track.d, 2);
  assert.equal(track.c, 0);
  assert.equal(c.layoutLane([]).tracks, 1);
});

test("hh:mm both ways", () => {
  assert.equal(c.hhmm(26 * 60 + 30), "02:30");
  assert.equal(c.hhmm(9 * 60 + 5), "09:05");
  assert.equal(c.parseHhmm("19:45"), 19 * 60 + 45);
  assert.equal(c.parseHhmm("25:00"), null);
  assert.equal(c.parseHhmm("x"), null);
});

test("instants in the cinema's zone and the conflicts' words", () => {
  assert.equal(c.hhmmOf("2026-12-07T23:30:00Z", "Europe/Paris"), "00:30");
  assert.equal(c.hhmmOf("2026-07-07T18:05:00Z", "Europe/Paris"), "20:05");
  assert.equal(
    c.conflictList([
      { filmTitle: "A", startsAt: "2026-12-07T18:00:00Z", endsAt: "2026-12-07T20:10:00Z" },
      { filmTitle: "B", startsAt: "2026-12-07T21:30:00Z", endsAt: "2026-12-07T23:40:00Z" },
    ], "Europe/Paris"),
    "A 19:00–21:10, B 22:30–00:40",
  );
  assert.equal(c.conflictList([], "Europe/Paris"), "");
});

test("screenings placed on the week's board: day, minutes, at least a slot long; outside the week left out", () => {
  const s = (id, startsAt, endsAt) => ({ id, startsAt, endsAt });
  const placed = c.placeScreenings([
    { id: "x", screenings: [s("1", "2026-12-08T18:00:00Z", "2026-12-08T20:10:00Z"), s("2", "2026-12-14T18:00:00Z", "2026-12-14T20:00:00Z")] },
    { id: "y", screenings: [s("3", "2026-12-08T23:15:00Z", "2026-12-08T23:20:00Z")] },
  ], "2026-12-07", "Europe/Paris");
  assert.deepEqual(placed.map((p) => [p.s.id, p.auditoriumId, p.day, p.start, p.end]), [
    ["1", "x", 1, 19 * 60, 21 * 60 + 10],
    ["3", "y", 1, 24 * 60 + 15, 24 * 60 + 30],
  ]);
});

test("lanes, hour marks and slot keys", () => {
  const lanes = c.boardLanes([{ id: "x" }, { id: "y" }]);
  assert.equal(lanes.length, 14);
  assert.deepEqual(lanes.slice(0, 3), [{ day: 0, auditoriumId: "x" }, { day: 0, auditoriumId: "y" }, { day: 1, auditoriumId: "x" }]);
  assert.deepEqual(c.boardLanes([]), []);
  assert.deepEqual(c.hourMarks({ start: 9 * 60 + 30, end: 12 * 60 }), [600, 660]);
  assert.deepEqual(c.hourMarks(W).length, 16);
  assert.equal(c.slotKey({ day: 2, auditoriumId: "x", minutes: 600 }), "2|x|600");
});

test("keyboard moves: arrows by a slot and a lane, pages by a day, kept on the board", () => {
  const lanes = c.boardLanes([{ id: "x" }, { id: "y" }]);
  const at = { day: 0, auditoriumId: "x", minutes: 19 * 60 };
  assert.deepEqual(c.keyedSlot("ArrowRight", at, lanes, W), { ...at, minutes: 19 * 60 + 15 });
  assert.deepEqual(c.keyedSlot("ArrowLeft", at, lanes, W), { ...at, minutes: 19 * 60 - 15 });
  assert.deepEqual(c.keyedSlot("ArrowLeft", { ...at, minutes: W.start }, lanes, W), { ...at, minutes: W.start });
  assert.deepEqual(c.keyedSlot("ArrowDown", at, lanes, W), { ...at, auditoriumId: "y" });
  assert.deepEqual(c.keyedSlot("ArrowDown", { ...at, auditoriumId: "y" }, lanes, W), { ...at, day: 1, auditoriumId: "x" });
  assert.deepEqual(c.keyedSlot("ArrowUp", at, lanes, W), at);
  assert.deepEqual(c.keyedSlot("ArrowDown", { ...at, day: 6, auditoriumId: "y" }, lanes, W), { ...at, day: 6, auditoriumId: "y" });
  assert.deepEqual(c.keyedSlot("PageDown", at, lanes, W), { ...at, day: 1 });
  assert.deepEqual(c.keyedSlot("PageUp", at, lanes, W), at);
  assert.deepEqual(c.keyedSlot("PageDown", { ...at, day: 6 }, lanes, W), { ...at, day: 6 });
  assert.equal(c.keyedSlot("Enter", at, lanes, W), null);
  assert.equal(c.keyedSlot("m", at, lanes, W), null);
});
