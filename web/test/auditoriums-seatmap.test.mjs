import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const m = await load("staff/auditoriums/seatmap.ts");

const seat = (row, rowIndex, number, columnIndex, kind = "standard") => ({ row, rowIndex, number, columnIndex, kind });

test("a seat map becomes editable rows (aisles from column jumps, kinds, blocked seats)", () => {
  const seats = [
    seat("A", 0, 1, 0), seat("A", 0, 2, 1, "premium"), seat("A", 0, 3, 3), seat("A", 0, 4, 4, "blocked"),
    seat("B", 1, 1, 0, "wheelchair"), seat("B", 1, 2, 1, "companion"),
  ];
  assert.deepEqual(m.fromSeats(seats), [
    { label: "A", seats: 4, gapsAfter: [2], kinds: { 2: "premium" }, blocked: [4] },
    { label: "B", seats: 2, gapsAfter: [], kinds: { 1: "wheelchair", 2: "companion" }, blocked: [] },
  ]);
});

test("rows become the API body, without empty parts", () => {
  const rows = [
    { label: " A ", seats: 4, gapsAfter: [2, 4], kinds: { 2: "premium", 3: "standard", 9: "premium" }, blocked: [4] },
    { label: "B", seats: 2, gapsAfter: [], kinds: {}, blocked: [] },
  ];
  assert.deepEqual(m.toBody(" Salle 2 ", rows), {
    name: "Salle 2",
    rows: [{ label: "A", seats: 4, gapsAfter: [2], kinds: { 2: "premium" }, blocked: [4] }, { label: "B", seats: 2 }],
  });
});

test("painting, resizing, aisles and cells", () => {
  let row = { label: "A", seats: 6, gapsAfter: [3], kinds: {}, blocked: [] };
  row = m.paintSeat(row, 2, "premium");
  row = m.paintSeat(row, 5, "blocked");
  assert.equal(m.kindOf(row, 2), "premium");
  assert.equal(m.kindOf(row, 5), "blocked");
  row = m.paintSeat(row, 5, "wheelchair");
  assert.deepEqual(row.blocked, []);
  assert.equal(m.kindOf(row, 5), "wheelchair");
  assert.deepEqual(m.rowCells(row).map((c) => c.type === "seat" ? c.number : "|"), [1, 2, 3, "|", 4, 5, 6]);
  const small = m.resizeRow(row, 3);
  assert.deepEqual(small, { label: "A", seats: 3, gapsAfter: [], kinds: { 2: "premium" }, blocked: [] });
  assert.equal(m.resizeRow(row, 0).seats, 1);
  assert.equal(m.resizeRow(row, 500).seats, m.MAX_SEATS);
  assert.deepEqual(m.parseGaps("4, 8;2 x 12", 10), [2, 4, 8]);
});

test("capacity, next label, problems", () => {
  const rows = [{ label: "A", seats: 4, gapsAfter: [], kinds: {}, blocked: [1] }, { label: "B", seats: 3, gapsAfter: [], kinds: {}, blocked: [] }];
  assert.equal(m.capacity(rows), 6);
  assert.equal(m.nextLabel(rows), "C");
  assert.equal(m.nextLabel([]), "A");
  assert.equal(m.newRow(rows).seats, 3);
  assert.deepEqual(m.problems("", []), ["name", "rows"]);
  assert.deepEqual(m.problems("S", [...rows, { ...rows[0], label: "a" }]), ["duplicates"]);
});
