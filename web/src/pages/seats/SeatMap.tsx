import { KeyboardEvent, memo, useCallback, useEffect, useRef, useState } from "react";
import type { Audience, SeatState } from "../../api/types";
import { MessageKey, useI18n } from "../../i18n/i18n";
import { Direction, isSelectable, moveFocus, SeatGrid } from "../../lib/seatGrid";

const keys: Record<string, Direction> = {
  ArrowLeft: "left", ArrowRight: "right", ArrowUp: "up", ArrowDown: "down", Home: "home", End: "end",
};

interface Props {
  grid: SeatGrid;
  selected: Map<string, Audience>;
  onToggle: (id: string) => void;
}

/**
 * The auditorium: seats are buttons ("Row C seat 7, premium, available"), one tab stop for the whole map
 * (roving tabindex), arrow keys move, Enter or Space toggles. Scrolls inside its own box on a phone.
 */
export function SeatMap({ grid, selected, onToggle }: Props) {
  const { t } = useI18n();
  const [focusId, setFocusId] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const active = focusId && grid.byId.has(focusId) ? focusId : firstFree(grid);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const direction = keys[event.key];
    if (!direction || !active) return;
    event.preventDefault();
    const next = moveFocus(grid, active, direction);
    setFocusId(next);
    buttons.current.get(next)?.focus();
  };
  const register = useCallback((id: string, el: HTMLButtonElement | null) => {
    if (el) buttons.current.set(id, el);
    else buttons.current.delete(id);
  }, []);
  useEffect(() => {
    if (focusId && !grid.byId.has(focusId)) setFocusId(null);
  }, [grid, focusId]);
  return (
    <div className="seatmap-box">
      <div className="screen-label" aria-hidden="true">{t("seats.screen")}</div>
      <div
        className="seatmap"
        role="group"
        aria-label={t("seats.map")}
        aria-describedby="seatmap-help"
        onKeyDown={onKeyDown}
        style={{ gridTemplateColumns: `auto repeat(${grid.columns}, var(--seat, 30px)) auto` }}
      >
        {grid.rows.map((row, r) => (
          <Row key={row[0]?.row ?? r} row={row} line={r + 1} columns={grid.columns}>
            {row.map((seat) => (
              <Seat
                key={seat.id}
                seat={seat}
                line={r + 1}
                selected={selected.has(seat.id)}
                tabbable={seat.id === active}
                onToggle={onToggle}
                onFocus={setFocusId}
                register={register}
              />
            ))}
          </Row>
        ))}
      </div>
      <p id="seatmap-help" className="visually-hidden">{t("seats.keyboardHelp")}</p>
    </div>
  );
}

function firstFree(grid: SeatGrid): string | null {
  for (const row of grid.rows) for (const s of row) if (isSelectable(s)) return s.id;
  return grid.rows[0]?.[0]?.id ?? null;
}

function Row({ row, line, columns, children }: { row: SeatState[]; line: number; columns: number; children: React.ReactNode }) {
  const label = row[0]?.row ?? "";
  return (
    <>
      <span className="seat-row-label" aria-hidden="true" style={{ gridRow: line, gridColumn: 1 }}>{label}</span>
      {children}
      <span className="seat-row-label" aria-hidden="true" style={{ gridRow: line, gridColumn: columns + 2 }}>{label}</span>
    </>
  );
}

interface SeatProps {
  seat: SeatState;
  line: number;
  selected: boolean;
  tabbable: boolean;
  onToggle: (id: string) => void;
  onFocus: (id: string) => void;
  register: (id: string, el: HTMLButtonElement | null) => void;
}

const Seat = memo(function Seat({ seat, line, selected, tabbable, onToggle, onFocus, register }: SeatProps) {
  const { t } = useI18n();
  const available = isSelectable(seat);
  const status = selected ? t("seats.state.selected") : t(`seats.state.${seat.kind === "blocked" ? "blocked" : seat.state}` as MessageKey);
  const kind = seat.kind === "standard" || seat.kind === "blocked" ? "" : `, ${t(`seats.kind.${seat.kind}` as MessageKey)}`;
  const name = t("seats.seatName", { row: seat.row, number: seat.number }) + kind + ", " + status;
  const className = ["seat", seat.kind, !available && !selected ? (seat.kind === "blocked" || seat.state === "blocked" ? "blocked" : "taken") : ""].join(" ");
  return (
    <button
      ref={(el) => register(seat.id, el)}
      type="button"
      className={className}
      style={{ gridRow: line, gridColumn: seat.columnIndex + 2 }}
      aria-label={name}
      aria-pressed={available || selected ? selected : undefined}
      aria-disabled={!available && !selected ? true : undefined}
      tabIndex={tabbable ? 0 : -1}
      onFocus={() => onFocus(seat.id)}
      onClick={() => (available || selected) && onToggle(seat.id)}
    >
      <span aria-hidden="true">{glyph(seat, selected)}</span>
    </button>
  );
});

function glyph(seat: SeatState, selected: boolean): string {
  if (selected) return "✓";
  if (seat.kind === "wheelchair") return "♿";
  if (seat.kind === "companion") return "+";
  if (seat.kind === "blocked" || seat.state === "blocked") return "";
  if (seat.state !== "free") return "×";
  return String(seat.number);
}
