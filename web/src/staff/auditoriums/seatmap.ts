// Pure logic of the seat-map editor: a seat map (GET /auditoriums/{id}/seats) ↔ editable rows ↔ the
// POST/PUT body. Unit-tested in web/test/auditoriums-seatmap.test.mjs.

export type SeatKind = "standard" | "premium" | "wheelchair" | "companion";
export type Paint = SeatKind | "blocked";
export const seatKinds: SeatKind[] = ["standard", "premium", "wheelchair", "companion"];
export const paints: Paint[] = [...seatKinds, "blocked"];
export const MAX_SEATS = 60;

export interface MapSeat {
  row: string;
  rowIndex: number;
  number: number;
  columnIndex: number;
  kind: string;
}

export interface RowDraft {
  label: string;
  seats: number;
  /** Aisles: a gap after these seat numbers. */
  gapsAfter: number[];
  /** Seat number → kind, for seats that are not standard. */
  kinds: Record<number, SeatKind>;
  blocked: number[];
}

export interface RowBody {
  label: string;
  seats: number;
  gapsAfter?: number[];
  kinds?: Record<string, string>;
  blocked?: number[];
}

/** The rows of an existing seat map. */
export function fromSeats(seats: MapSeat[]): RowDraft[] {
  const byRow = new Map<number, MapSeat[]>();
  for (const s of seats) byRow.set(s.rowIndex, [...(byRow.get(s.rowIndex) ?? []), s]);
  return [...byRow.entries()].sort((a, b) => a[0] - b[0]).map(([, list]) => {
    const sorted = [...list].sort((a, b) => a.number - b.number);
    const row: RowDraft = { label: sorted[0]?.row ?? "", seats: sorted.length, gapsAfter: [], kinds: {}, blocked: [] };
    sorted.forEach((s, i) => {
      const next = sorted[i + 1];
      if (next && next.columnIndex > s.columnIndex + 1) row.gapsAfter.push(s.number);
      if (s.kind === "blocked") row.blocked.push(s.number);
      else if (s.kind !== "standard" && (seatKinds as string[]).includes(s.kind)) row.kinds[s.number] = s.kind as SeatKind;
    });
    return row;
  });
}

/** The API body of a seat map (POST /cinemas/{id}/auditoriums, PUT /auditoriums/{id}). */
export function toBody(name: string, rows: RowDraft[]): { name: string; rows: RowBody[] } {
  return {
    name: name.trim(),
    rows: rows.map((r) => {
      const body: RowBody = { label: r.label.trim(), seats: r.seats };
      const gaps = r.gapsAfter.filter((n) => n >= 1 && n < r.seats).sort((a, b) => a - b);
      if (gaps.length) body.gapsAfter = gaps;
      const kinds = Object.entries(r.kinds).filter(([n, k]) => Number(n) <= r.seats && k !== "standard" && !r.blocked.includes(Number(n)));
      if (kinds.length) body.kinds = Object.fromEntries(kinds);
      const blocked = r.blocked.filter((n) => n >= 1 && n <= r.seats).sort((a, b) => a - b);
      if (blocked.length) body.blocked = blocked;
      return body;
    }),
  };
}

export function kindOf(row: RowDraft, number: number): Paint {
  return row.blocked.includes(number) ? "blocked" : row.kinds[number] ?? "standard";
}

/** The row with seat `number` painted `paint`. */
export function paintSeat(row: RowDraft, number: number, paint: Paint): RowDraft {
  const kinds = { ...row.kinds };
  delete kinds[number];
  const blocked = row.blocked.filter((n) => n !== number);
  if (paint === "blocked") blocked.push(number);
  else if (paint !== "standard") kinds[number] = paint;
  return { ...row, kinds, blocked };
}

/** The row with `seats` seats (kinds, blocked seats and aisles past the end dropped). */
export function resizeRow(row: RowDraft, seats: number): RowDraft {
  const n = Math.max(1, Math.min(MAX_SEATS, Math.floor(seats) || 1));
  const kinds = Object.fromEntries(Object.entries(row.kinds).filter(([k]) => Number(k) <= n)) as Record<number, SeatKind>;
  return { ...row, seats: n, kinds, blocked: row.blocked.filter((b) => b <= n), gapsAfter: row.gapsAfter.filter((g) => g < n) };
}

/** "4, 8" → [4, 8] (only seats after which an aisle can be: 1 … seats − 1). */
export function parseGaps(text: string, seats: number): number[] {
  const out = new Set<number>();
  for (const part of text.split(/[\s,;]+/)) {
    const n = Number(part);
    if (part && Number.isInteger(n) && n >= 1 && n < seats) out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

/** The cells of a row, left to right: seats and aisles. */
export function rowCells(row: RowDraft): ({ type: "seat"; number: number; kind: Paint } | { type: "aisle"; after: number })[] {
  const cells: ({ type: "seat"; number: number; kind: Paint } | { type: "aisle"; after: number })[] = [];
  for (let n = 1; n <= row.seats; n++) {
    cells.push({ type: "seat", number: n, kind: kindOf(row, n) });
    if (n < row.seats && row.gapsAfter.includes(n)) cells.push({ type: "aisle", after: n });
  }
  return cells;
}

/** Seats that can be sold (not blocked). */
export function capacity(rows: RowDraft[]): number {
  return rows.reduce((sum, r) => sum + r.seats - r.blocked.filter((b) => b <= r.seats).length, 0);
}

/** The next row label: the letter after the last one (A, B, … Z, AA). */
export function nextLabel(rows: RowDraft[]): string {
  const last = rows[rows.length - 1]?.label.trim().toUpperCase();
  if (!last) return "A";
  if (/^[A-Y]$/.test(last)) return String.fromCharCode(last.charCodeAt(0) + 1);
  if (last === "Z") return "AA";
  return last + "'";
}

export function newRow(rows: RowDraft[], seats = rows[rows.length - 1]?.seats ?? 10): RowDraft {
  return { label: nextLabel(rows), seats, gapsAfter: [], kinds: {}, blocked: [] };
}

/** Problems that the API would refuse: empty or duplicate labels, no row. */
export function problems(name: string, rows: RowDraft[]): ("name" | "rows" | "labels" | "duplicates")[] {
  const out: ("name" | "rows" | "labels" | "duplicates")[] = [];
  if (!name.trim()) out.push("name");
  if (rows.length === 0) out.push("rows");
  if (rows.some((r) => !r.label.trim())) out.push("labels");
  const labels = rows.map((r) => r.label.trim().toUpperCase()).filter(Boolean);
  if (new Set(labels).size !== labels.length) out.push("duplicates");
  return out;
}
