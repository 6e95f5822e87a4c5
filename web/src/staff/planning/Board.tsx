import { MouseEvent, useEffect, useMemo, useRef, useState } from "react";
import type { Cinema, Film } from "../../api/types";
import { useAsync } from "../../app/useAsync";
import { useToast } from "../../app/toasts";
import { Board, patchFields } from "./api";
import { addDays, boardLanes, hourMarks, placeScreenings, snap, SLOT_MINUTES, windowFor, xToMinute } from "./calendar";
import { DragChip, KeysHelp, LegendRow, NoticeBox } from "./BoardParts";
import { CreateDialog, DetailsDialog } from "./Dialogs";
import { FilmStrip } from "./FilmStrip";
import { usePlanT } from "./i18n";
import { WeekGrid } from "./Lane";
import { BoardContext, BoardView, Feedback, Notice, Placed, PX_PER_MINUTE, Target } from "./model";
import type { BlockHandlers } from "./ScreeningBlock";
import { useFilmChange } from "./useFilmChange";
import { useMoveDrag } from "./useMoveDrag";

/** The board as drawn: the week's screenings placed, the day window, the lanes, the names. */
function useBoardView(board: Board, week: string, tz: string): BoardView {
  const { locale } = usePlanT();
  const placed = useMemo(() => placeScreenings(board.auditoriums, week, tz), [board, week, tz]);
  const win = useMemo(() => windowFor(placed), [placed]);
  const lanes = useMemo(() => boardLanes(board.auditoriums), [board]);
  const dayFormat = useMemo(() => new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }), [locale]);
  return {
    board, week, tz, placed, win, lanes,
    trackWidth: (win.end - win.start) * PX_PER_MINUTE,
    hours: hourMarks(win),
    dayName: (day: number) => dayFormat.format(new Date(addDays(week, day) + "T00:00:00Z")),
    audName: (auditoriumId: string) => board.auditoriums.find((a) => a.id === auditoriumId)?.name ?? "",
  };
}

/** After a reload, the moved block (remounted in another lane) gets the focus back. */
function useRefocus(refocus: Feedback["refocus"], board: Board) {
  useEffect(() => {
    if (!refocus.current) return;
    const el = document.querySelector<HTMLElement>(`[data-screening-id="${refocus.current}"]`);
    if (el) {
      el.focus();
      refocus.current = null;
    }
  }, [board]);
}

/** A block's handlers: the film change first (a film held or selected), else the move, else the details. */
function blockHandlers(mover: ReturnType<typeof useMoveDrag>, film: ReturnType<typeof useFilmChange>, openDetails: (p: Placed) => void): BlockHandlers {
  return {
    onPointerMove: mover.pointer.onPointerMove,
    onPointerUp: mover.pointer.onPointerUp,
    onPointerCancel: mover.pointer.onPointerCancel,
    onPointerEnter: film.block.onPointerEnter,
    onPointerLeave: film.block.onPointerLeave,
    onBlur: film.block.onBlur,
    onPointerDown: (e, p) => {
      if (film.filmTarget || film.picked) return; // a selected film: a click gives it to the screening
      mover.pointer.onPointerDown(e, p);
    },
    onKeyDown: (e, p) => {
      if (!film.block.onKeyDown(e, p)) mover.onKeyDown(e, p);
    },
    onClick: (p) => {
      if (mover.pointer.clickSuppressed() || mover.move || film.filmTarget?.committing) return;
      if (film.picked) void film.commitFilm({ film: film.picked, item: p, via: "pointer" });
      else openDetails(p);
    },
  };
}

/** The week board: a group per day, a lane per auditorium, a block per screening (drag, keyboard, click). */
export function PlanningBoard({ board, cinema, week, weekLabel, films, onChanged }: {
  board: Board; cinema: Cinema; week: string; weekLabel: string; films: Film[]; onChanged: () => void;
}) {
  const { pt } = usePlanT();
  const toast = useToast();
  const tz = board.timezone || cinema.timezone;
  const caps = useAsync(() => patchFields(), []);
  const canMoveAuditorium = (caps.data ?? []).includes("auditoriumId");
  const canChangeFilm = (caps.data ?? []).includes("filmId");
  const view = useBoardView(board, week, tz);

  const [notice, setNotice] = useState<Notice | null>(null);
  const [announce, setAnnounce] = useState("");
  const [details, setDetails] = useState<Placed | null>(null);
  const [create, setCreate] = useState<Target | null>(null);
  const refocus = useRef<string | null>(null);
  const fb: Feedback = { setNotice, setAnnounce, toast, onChanged, refocus };
  const mover = useMoveDrag(view, canMoveAuditorium, fb);
  useRefocus(refocus, board);
  const film = useFilmChange(view, films, { known: !!caps.data, canChangeFilm }, !!mover.move, !!details || !!create, fb);
  const { move } = mover;

  const handlers = blockHandlers(mover, film, setDetails);
  const onTrackClick = (e: MouseEvent<HTMLDivElement>, day: number, auditoriumId: string) => {
    if (e.target !== e.currentTarget || move || film.filmTarget) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const minutes = snap(xToMinute(e.clientX - rect.left, view.win, PX_PER_MINUTE), view.win, SLOT_MINUTES, "floor");
    setCreate({ day, auditoriumId, minutes });
  };
  const ctx: BoardContext = { board, cinema, week, tz, films, canMoveAuditorium, canChangeFilm, dayName: view.dayName, onChanged };

  return (
    <section aria-labelledby="plan-board-title" className="stack">
      <h2 id="plan-board-title" className="visually-hidden">{pt("board", { date: weekLabel })}</h2>
      <LegendRow onNew={() => setCreate({ day: 0, auditoriumId: board.auditoriums[0]?.id ?? "", minutes: 19 * 60 })} disabled={board.auditoriums.length === 0} />
      <p className="hint">{pt("legend.buffers")}</p>
      {board.auditoriums.length === 0 ? <p>{pt("noAuditorium")}</p> : null}
      <FilmStrip chips={film.palette.chips} query={film.filmQuery} onQuery={film.setFilmQuery} searching={film.palette.searching}
        picked={film.picked} dragging={film.dragChip?.film.id ?? null} handlers={film.chipHandlers} />
      <NoticeBox view={view} filmTarget={film.filmTarget} filmState={film.filmState} move={move} check={move ? mover.checkOf(move) : null} notice={notice} />
      <p className="visually-hidden" role="status" aria-live="polite">{announce}</p>
      <WeekGrid label={pt("board", { date: weekLabel })} view={view} move={move} checkOf={mover.checkOf}
        filmTarget={film.filmTarget} filmState={film.filmState} handlers={handlers} onTrackClick={onTrackClick} />
      <KeysHelp />
      {film.dragChip ? <DragChip chip={film.dragChip} /> : null}
      {details ? (
        <DetailsDialog ctx={ctx} item={details} onClose={() => setDetails(null)}
          onMoved={(text) => { setDetails(null); setNotice({ kind: "info", text }); toast(text, "success"); onChanged(); }} />
      ) : null}
      {create ? (
        <CreateDialog ctx={ctx} initial={create} onClose={() => setCreate(null)}
          onCreated={() => { setCreate(null); toast(pt("create.done"), "success"); setNotice({ kind: "info", text: pt("create.done") }); onChanged(); }} />
      ) : null}
    </section>
  );
}
