// The board's smaller parts: the legend row, the notice line under the palette, the hour header, the
// keys' help and the chip that follows a dragged film.
import type { Film } from "../../api/types";
import { hhmm, minuteToX } from "./calendar";
import { usePlanT } from "./i18n";
import { BoardView, CheckState, FilmState, FilmTarget, Move, Notice, PX_PER_MINUTE } from "./model";

export function LegendRow({ onNew, disabled }: { onNew: () => void; disabled: boolean }) {
  const { pt } = usePlanT();
  return (
    <div className="plan-legend-row">
      <button type="button" className="button small" onClick={onNew}
        disabled={disabled}>{pt("new")}</button>
      <dl className="plan-legend" aria-label={pt("legend")}>
        <dt>{pt("legend")}</dt>
        {([0, 1, 2, 3] as const).map((b) => (
          <dd key={b}><span className={`plan-swatch plan-fill-${b}`} aria-hidden="true" />{pt(`legend.${b}`)}</dd>
        ))}
      </dl>
    </div>
  );
}

/** Always there (no layout shift under a dragging pointer); its text changes with each result: the
 * film change's verdict, else the move's dry run, else the last notice. */
export function NoticeBox({ view, filmTarget, filmState, move, check, notice }: {
  view: BoardView; filmTarget: FilmTarget | null; filmState: FilmState | null; move: Move | null; check: CheckState | null; notice: Notice | null;
}) {
  const { dayName, audName } = view;
  return (
    <div className="plan-notice-box">
      {filmTarget && filmState && !filmTarget.committing ? (
        // One line (the whole verdict is in the ghost's label): no layout shift under the dragging pointer.
        <p className={filmState.status === "busy" ? "field-error" : "plan-notice"} data-testid="plan-film-verdict" title={filmState.text}
          style={{ whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" }}>
          {filmTarget.film.title} → {filmTarget.item.s.filmTitle}, {dayName(filmTarget.item.day)} {hhmm(filmTarget.item.start)}, {audName(filmTarget.item.auditoriumId)}: {filmState.text}
        </p>
      ) : move && check && !move.committing ? (
        <p className={check.status === "busy" || check.status === "unsupported" ? "field-error" : "plan-notice"}>
          {move.item.s.filmTitle} → {dayName(move.target.day)} {hhmm(move.target.minutes)}, {audName(move.target.auditoriumId)}: {check.text}
        </p>
      ) : notice ? <p role={notice.kind === "error" ? "alert" : "status"} className={notice.kind === "error" ? "field-error" : "plan-notice"}>{notice.text}</p> : null}
    </div>
  );
}

export function HoursHead({ view }: { view: BoardView }) {
  return (
    <div className="plan-hours" aria-hidden="true">
      <div className="plan-lane-label" />
      <div className="plan-track-head" style={{ width: view.trackWidth }}>
        {view.hours.map((h) => <span key={h} style={{ left: minuteToX(h, view.win, PX_PER_MINUTE) }}>{hhmm(h)}</span>)}
      </div>
    </div>
  );
}

export function KeysHelp() {
  const { pt } = usePlanT();
  return (
    <section aria-labelledby="plan-keys" className="plan-keys">
      <h2 id="plan-keys">{pt("keys.title")}</h2>
      <ul>
        <li>{pt("keys.drag")}</li>
        <li>{pt("keys.open")}</li>
        <li>{pt("keys.move")}</li>
        <li>{pt("keys.film")}</li>
        <li>{pt("keys.filmKeyboard")}</li>
      </ul>
    </section>
  );
}

export function DragChip({ chip }: { chip: { film: Film; x: number; y: number } }) {
  return (
    <div aria-hidden="true" className="tag" data-testid="plan-film-drag"
      style={{ position: "fixed", left: chip.x + 14, top: chip.y - 40, zIndex: 60, pointerEvents: "none", background: "var(--bg)", color: "var(--text)",
        boxShadow: "var(--shadow)", fontWeight: 600, maxWidth: "60vw", overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
      {chip.film.title}
    </div>
  );
}
