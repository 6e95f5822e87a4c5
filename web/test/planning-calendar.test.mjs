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
