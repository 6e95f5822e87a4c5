import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const g = await load("lib/seatGrid.ts");
const { SseParser } = await load("lib/sseParser.ts");

// Row A: columns 0..3, an aisle, then 5..6; row B: columns 0..2.
const seat = (row, rowIndex, columnIndex, number, state = "free", kind = "standard") =>
  ({ id: `${row}${number}`, row, number, rowIndex, columnIndex, state, kind });
const seats = [
  seat("A", 0, 0, 1), seat("A", 0, 1, 2), seat("A", 0, 2, 3, "sold"), seat("A", 0, 3, 4),
  seat("A", 0, 5, 5), seat("A", 0, 6, 6, "free", "wheelchair"),
  seat("B", 1, 0, 1), seat("B", 1, 1, 2), seat("B", 1, 2, 3, "blocked", "blocked"),
];
const grid = g.buildGrid(seats);

test("the grid is in row and column order", () => {
  assert.equal(grid.columns, 7);
  assert.deepEqual(grid.rows.map((r) => r.map((s) => s.id)), [["A1", "A2", "A3", "A4", "A5", "A6"], ["B1", "B2", "B3"]]);
  assert.equal(g.aisleAfter(grid.rows[0], 3), true);
  assert.equal(g.aisleAfter(grid.rows[0], 2), false);
});

test("arrow keys move along a row and to the nearest column of the next row", () => {
  assert.equal(g.moveFocus(grid, "A1", "right"), "A2");
  assert.equal(g.moveFocus(grid, "A1", "left"), "A1");
  assert.equal(g.moveFocus(grid, "A6", "down"), "B3");
  assert.equal(g.moveFocus(grid, "B2", "up"), "A2");
  assert.equal(g.moveFocus(grid, "A1", "up"), "A1");
  assert.equal(g.moveFocus(grid, "A2", "end"), "A6");
  assert.equal(g.moveFocus(grid, "A4", "home"), "A1");
});

test("only free, unblocked seats can be chosen", () => {
  assert.equal(g.isSelectable(grid.byId.get("A1")), true);
  assert.equal(g.isSelectable(grid.byId.get("A3")), false);
  assert.equal(g.isSelectable(grid.byId.get("B3")), false);
});

test("the orphan rule: a lone free seat between two taken ones, caused by the selection", () => {
  assert.equal(g.leavesOrphan(grid, new Set(["A1"])), true); // A2 alone between A1 and sold A3
  assert.equal(g.leavesOrphan(grid, new Set(["A1", "A2"])), false);
  assert.equal(g.leavesOrphan(grid, new Set(["A4"])), false); // the aisle is not a taken seat
});

test("SSE parser: events across chunks, multi-line data, comments, CRLF", () => {
  const events = [];
  const p = new SseParser((e) => events.push(e));
  p.push(": heartbeat\n\nevent: seats\ndata: {\"items\"");
  p.push(":[]}\n\r\ndata: a\r\ndata: b\r\n\r\n");
  assert.deepEqual(events, [{ event: "seats", data: "{\"items\":[]}", id: undefined }, { event: "message", data: "a\nb", id: undefined }]);
});

test("reconcile keeps unchanged seat objects, and the same array when nothing changed", () => {
  const before = [seat("A", 0, 0, 1), seat("A", 0, 1, 2)];
  const same = before.map((s) => ({ ...s }));
  assert.equal(g.reconcile(before, same), before);
  const after = g.reconcile(before, [{ ...before[0] }, { ...before[1], state: "held" }]);
  assert.equal(after[0], before[0]);
  assert.notEqual(after[1], before[1]);
  assert.equal(after[1].state, "held");
  assert.equal(g.reconcile(undefined, same), same);
});
