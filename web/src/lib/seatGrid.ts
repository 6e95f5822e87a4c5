// The seat map as a grid (pure): rows in order, keyboard moves, names for screen readers, orphan check.
import type { SeatState } from "../api/types";

export interface SeatGrid {
  rows: SeatState[][];
  columns: number;
  byId: Map<string, SeatState>;
}

export function buildGrid(seats: SeatState[]): SeatGrid {
  const byRow = new Map<number, SeatState[]>();
  let columns = 0;
  for (const seat of seats) {
    const row = byRow.get(seat.rowIndex) ?? [];
    row.push(seat);
    byRow.set(seat.rowIndex, row);
    columns = Math.max(columns, seat.columnIndex + 1);
  }
  const rows = [...byRow.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r.sort((a, b) => a.columnIndex - b.columnIndex));
  return { rows, columns, byId: new Map(seats.map((s) => [s.id, s])) };
}

export type Direction = "left" | "right" | "up" | "down" | "home" | "end";

/** The seat focus moves to from `id` (blocked seats included: they can be read, not chosen). */
export function moveFocus(grid: SeatGrid, id: string, direction: Direction): string {
  const rowIndex = grid.rows.findIndex((r) => r.some((s) => s.id === id));
  if (rowIndex === -1) return id;
  const row = grid.rows[rowIndex];
  const col = row.findIndex((s) => s.id === id);
  switch (direction) {
    case "left":
      return row[Math.max(0, col - 1)].id;
    case "right":
      return row[Math.min(row.length - 1, col + 1)].id;
    case "home":
      return row[0].id;
    case "end":
      return row[row.length - 1].id;
    case "up":
    case "down": {
      const target = grid.rows[rowIndex + (direction === "up" ? -1 : 1)];
      if (!target) return id;
      const column = row[col].columnIndex;
      return nearest(target, column).id;
    }
  }
}

function nearest(row: SeatState[], column: number): SeatState {
  return row.reduce((best, s) => (Math.abs(s.columnIndex - column) < Math.abs(best.columnIndex - column) ? s : best));
}

export function isSelectable(seat: SeatState): boolean {
  return seat.state === "free" && seat.kind !== "blocked";
}

/**
 * Whether a selection leaves a single free seat between two taken ones in a row (the API's rule, checked
 * here only to warn early: the API decides). An aisle (a gap in columnIndex) or the row's end is not taken.
 */
export function leavesOrphan(grid: SeatGrid, selected: Set<string>): boolean {
  const taken = (s: SeatState) => s.state !== "free" || s.kind === "blocked" || selected.has(s.id);
  for (const row of grid.rows) {
    for (let i = 1; i < row.length - 1; i++) {
      const [left, seat, right] = [row[i - 1], row[i], row[i + 1]];
      if (taken(seat)) continue;
      const adjacent = left.columnIndex === seat.columnIndex - 1 && right.columnIndex === seat.columnIndex + 1;
      if (!adjacent || !taken(left) || !taken(right)) continue;
      const causedBySelection = selected.has(left.id) || selected.has(right.id);
      if (causedBySelection) return true;
    }
  }
  return false;
}

/** Whether the row has an aisle after this seat (a gap before the next seat's column). */
export function aisleAfter(row: SeatState[], index: number): boolean {
  const next = row[index + 1];
  return next !== undefined && next.columnIndex > row[index].columnIndex + 1;
}

/**
 * The new map, keeping the previous object of every seat whose state did not change (the seat buttons
 * are memoised: an update re-renders only the seats that changed), or the previous array itself when
 * nothing changed (the stream's first event repeats the map the page already shows).
 */
export function reconcile(previous: SeatState[] | undefined, next: SeatState[]): SeatState[] {
  if (!previous) return next;
  const byId = new Map(previous.map((s) => [s.id, s]));
  let changed = previous.length !== next.length;
  const merged = next.map((seat) => {
    const old = byId.get(seat.id);
    if (old && old.state === seat.state && old.kind === seat.kind) return old;
    changed = true;
    return seat;
  });
  return changed ? merged : previous;
}
