// The board's grid: the hour header, a group per day, and in it a lane per auditorium with its hour
// ticks, its blocks, and the ghost of a screening being moved there or of a film held over one of them.
import { MouseEvent } from "react";
import { hhmm, layoutLane, minuteToX } from "./calendar";
import { HoursHead } from "./BoardParts";
import { usePlanT } from "./i18n";
import { BoardView, CheckState, FilmState, FilmTarget, Move, Placed, PX_PER_MINUTE, TRACK_HEIGHT } from "./model";
import { BlockHandlers, CancelledBlock, ScreeningBlock } from "./ScreeningBlock";
import { sameAsOrigin } from "./useMoveDrag";

export interface LaneProps {
  day: number;
  auditorium: { id: string; name: string };
  view: BoardView;
  /** The move under way (its ghost is drawn in the lane of its target) and its dry run. */
  move: Move | null;
  checkOf: (m: Move) => CheckState | null;
  filmTarget: FilmTarget | null;
  filmState: FilmState | null;
  handlers: BlockHandlers;
  onTrackClick: (e: MouseEvent<HTMLDivElement>, day: number, auditoriumId: string) => void;
}

/** The scrolling grid of the week: a group per day, a lane per auditorium. */
export function WeekGrid({ label, ...lane }: { label: string } & Omit<LaneProps, "day" | "auditorium">) {
  const { view } = lane;
  return (
    <div className="plan-scroll" role="region" aria-label={label} tabIndex={0}>
      <div className="plan-grid" style={{ width: `calc(var(--plan-label) + ${view.trackWidth}px)` }}>
        <HoursHead view={view} />
        {Array.from({ length: 7 }, (_, day) => (
          <div key={day} role="group" aria-label={view.dayName(day)} className="plan-day">
            <div className="plan-dayhead">{view.dayName(day)}</div>
            {view.board.auditoriums.map((a) => <Lane key={a.id} day={day} auditorium={a} {...lane} />)}
          </div>
        ))}
      </div>
    </div>
  );
}

export function Lane({ day, auditorium: a, view, move, checkOf, filmTarget, filmState, handlers, onTrackClick }: LaneProps) {
  const { pt } = usePlanT();
  const { win, trackWidth, hours } = view;
  const inLane = view.placed.filter((p) => p.day === day && p.auditoriumId === a.id);
  const layout = layoutLane(inLane.filter((p) => p.s.status !== "cancelled"));
  const cancelled = inLane.filter((p) => p.s.status === "cancelled");
  const ghost = move && move.target.day === day && move.target.auditoriumId === a.id ? move : null;
  const held = filmTarget && filmState && filmTarget.item.day === day && filmTarget.item.auditoriumId === a.id
    ? layout.items.find((i) => i.s.id === filmTarget.item.s.id) : undefined;
  return (
    <div className="plan-lane">
      <div className="plan-lane-label">{a.name}</div>
      <div className="plan-track" data-lane={`${day}|${a.id}`} style={{ width: trackWidth, height: layout.tracks * TRACK_HEIGHT + 4 }}
        onClick={(e) => onTrackClick(e, day, a.id)} title={pt("emptyLane", { auditorium: a.name, day: view.dayName(day) })}>
        {hours.map((h) => <span key={h} className="plan-tick" style={{ left: minuteToX(h, win, PX_PER_MINUTE) }} aria-hidden="true" />)}
        {cancelled.map((p) => <CancelledBlock key={p.s.id} p={p} auditorium={a.name} view={view} />)}
        {layout.items.map((p) => (
          <ScreeningBlock key={p.s.id} p={p} auditorium={a.name} view={view} moving={move?.item.s.id === p.s.id} handlers={handlers} />
        ))}
        {held && filmTarget && filmState ? <FilmGhost p={held} filmTarget={filmTarget} filmState={filmState} view={view} /> : null}
        {ghost ? <MoveGhost ghost={ghost} check={checkOf(ghost)} view={view} /> : null}
      </div>
    </div>
  );
}

/** The new length of a screening given the film held over it, coloured by the verdict. */
function FilmGhost({ p, filmTarget, filmState, view }: { p: Placed & { track: number }; filmTarget: FilmTarget; filmState: FilmState; view: BoardView }) {
  const { pt } = usePlanT();
  const { win } = view;
  const length = filmState.endsAt ? (filmState.endsAt - Date.parse(p.s.startsAt)) / 60000 : p.end - p.start;
  return (
    <div className={`plan-ghost is-${filmTarget.committing ? "checking" : filmState.status === "same" ? "free" : filmState.status}`}
      style={{ left: minuteToX(p.start, win, PX_PER_MINUTE), width: Math.max(24, length * PX_PER_MINUTE), top: 2 + p.track * TRACK_HEIGHT }}
      data-testid="plan-film-ghost">
      <span className="plan-ghost-text" style={p.start > win.end - 360 ? { left: "auto", right: 0 } : undefined}>
        {filmTarget.film.title} · {filmTarget.committing ? pt("checking") : filmState.text}
      </span>
    </div>
  );
}

/** Where the screening being moved would go, coloured by the dry run. */
function MoveGhost({ ghost, check, view }: { ghost: Move; check: CheckState | null; view: BoardView }) {
  const { pt } = usePlanT();
  const { win } = view;
  return (
    <div className={`plan-ghost is-${ghost.committing ? "checking" : check?.status ?? (sameAsOrigin(ghost) ? "free" : "checking")}`}
      style={{ left: minuteToX(ghost.target.minutes, win, PX_PER_MINUTE), width: (ghost.item.end - ghost.item.start) * PX_PER_MINUTE, top: 2 }}
      data-testid="plan-ghost">
      <span className="plan-ghost-text" style={ghost.target.minutes > win.end - 360 ? { left: "auto", right: 0 } : undefined}>
        {hhmm(ghost.target.minutes)} · {ghost.committing ? pt("checking") : check?.text ?? (sameAsOrigin(ghost) ? "" : pt("checking"))}
      </span>
    </div>
  );
}
