// A screening's block on a lane: a button (drag or M to move it, F to give it the selected film, a
// click to open it or to give it the selected film), or a crossed-out image when it is cancelled.
import { KeyboardEvent, PointerEvent } from "react";
import { blockBox, fillBucket, hhmm, percent } from "./calendar";
import { usePlanT } from "./i18n";
import { BoardView, Placed, PX_PER_MINUTE, TRACK_HEIGHT } from "./model";

/** What a block does with the pointer, the keyboard and the focus (the board's move and film change). */
export interface BlockHandlers {
  onPointerDown: (e: PointerEvent<HTMLButtonElement>, p: Placed) => void;
  onPointerMove: (e: PointerEvent<HTMLButtonElement>) => void;
  onPointerUp: (e: PointerEvent<HTMLButtonElement>) => void;
  onPointerCancel: () => void;
  onPointerEnter: (e: PointerEvent<HTMLButtonElement>, p: Placed) => void;
  onPointerLeave: (p: Placed) => void;
  onBlur: (p: Placed) => void;
  onKeyDown: (e: KeyboardEvent<HTMLButtonElement>, p: Placed) => void;
  onClick: (p: Placed) => void;
}

export function ScreeningBlock({ p, auditorium, view, moving, handlers: h }: {
  p: Placed & { track: number }; auditorium: string; view: BoardView; moving: boolean; handlers: BlockHandlers;
}) {
  const { pt } = usePlanT();
  const box = blockBox(p.start, p.end - p.start, view.win, PX_PER_MINUTE);
  const pct = percent(p.s.fillRate);
  return (
    <button type="button" data-screening-id={p.s.id}
      className={`plan-block plan-fill-${fillBucket(p.s.fillRate)}${moving ? " is-moving" : ""}`}
      style={{ left: box.left, width: box.width, top: 2 + p.track * TRACK_HEIGHT }}
      aria-label={pt("block", { film: p.s.filmTitle, day: view.dayName(p.day), start: hhmm(p.start), end: hhmm(p.end), auditorium, pct })}
      aria-keyshortcuts="M F"
      onPointerDown={(e) => h.onPointerDown(e, p)} onPointerMove={h.onPointerMove} onPointerUp={h.onPointerUp} onPointerCancel={h.onPointerCancel}
      onPointerEnter={(e) => h.onPointerEnter(e, p)}
      onPointerLeave={() => h.onPointerLeave(p)}
      onBlur={() => h.onBlur(p)}
      onKeyDown={(e) => h.onKeyDown(e, p)}
      onClick={() => h.onClick(p)}>
      <span className="plan-block-title">{p.s.filmTitle}</span>
      <span>{hhmm(p.start)} · {pct}%</span>
    </button>
  );
}

export function CancelledBlock({ p, auditorium, view }: { p: Placed; auditorium: string; view: BoardView }) {
  const { pt } = usePlanT();
  const box = blockBox(p.start, p.end - p.start, view.win, PX_PER_MINUTE);
  return (
    <span className="plan-block plan-cancelled" style={{ left: box.left, width: box.width, top: 2 }}
      aria-label={pt("blockCancelled", { film: p.s.filmTitle, day: view.dayName(p.day), start: hhmm(p.start), auditorium })} role="img">
      <span className="plan-block-title">{p.s.filmTitle}</span><span>{pt("cancelled")}</span>
    </span>
  );
}
