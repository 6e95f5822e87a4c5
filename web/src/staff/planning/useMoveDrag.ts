// Moving a screening on the board: dragged with pointer events (mouse, pen, touch) or moved with the
// keyboard (M, arrows, Page Up/Down, Enter, Escape), with the API's dry run of the target shown while
// it moves; the drop (or Enter) checks again, then moves it.
import { Dispatch, KeyboardEvent, PointerEvent, SetStateAction, useEffect, useRef, useState } from "react";
import { problemLine } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";
import { planningApi, unsupportedField } from "./api";
import { addDays, conflictList, hhmm, hhmmOf, keyedSlot, slotKey, snap, xToMinute, zonedToUtc } from "./calendar";
import { usePlanT } from "./i18n";
import { BoardView, CheckState, Feedback, Move, Placed, PX_PER_MINUTE, Target } from "./model";

type Pt = ReturnType<typeof usePlanT>["pt"];

export const sameAsOrigin = (m: Move) =>
  m.target.day === m.item.day && m.target.auditoriumId === m.item.auditoriumId && m.target.minutes === m.item.start;

/** The dry run's words for a move onto these screenings. */
export const busyText = (pt: Pt, conflicts: { filmTitle: string; startsAt: string; endsAt: string }[], tz: string) =>
  pt("busy", { what: conflictList(conflicts, tz) }) + " " + pt("busyTail");

const startsAtOf = (view: BoardView, tg: Target) => zonedToUtc(addDays(view.week, tg.day), tg.minutes, view.tz);

/** The dry run of the move's target, while dragging or moving with the keyboard. */
function useMoveCheck(move: Move | null, view: BoardView, canMoveAuditorium: boolean) {
  const { pt } = usePlanT();
  const { t } = useI18n();
  const [check, setCheck] = useState<CheckState | null>(null);
  useEffect(() => {
    if (!move || move.committing) return;
    const key = slotKey(move.target);
    if (sameAsOrigin(move)) {
      setCheck(null);
      return;
    }
    if (move.target.auditoriumId !== move.item.auditoriumId && !canMoveAuditorium) {
      setCheck({ key, status: "unsupported", text: pt("noAuditoriumMove") });
      return;
    }
    setCheck({ key, status: "checking", text: pt("checking") });
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      planningApi
        .check({ filmId: move.item.s.filmId, auditoriumId: move.target.auditoriumId, startsAt: startsAtOf(view, move.target), excludeScreeningId: move.item.s.id }, controller.signal)
        .then((r) => {
          setCheck(r.conflicts.length
            ? { key, status: "busy", text: busyText(pt, r.conflicts, view.tz) }
            : { key, status: "free", text: pt("free", { start: hhmmOf(r.startsAt, view.tz), end: hhmmOf(r.endsAt, view.tz) }) });
        })
        .catch((e: unknown) => {
          if (!controller.signal.aborted) setCheck({ key, status: "busy", text: problemLine(e, t) });
        });
    }, 120);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [move?.item.s.id, move?.target.day, move?.target.auditoriumId, move?.target.minutes, move?.committing, canMoveAuditorium]);
  return [check, setCheck] as const;
}

/** The drop (or Enter): the dry run again, then the move; refused with the reason, or done and told. */
function useCommit(setMove: Dispatch<SetStateAction<Move | null>>, stop: () => void, view: BoardView, canMoveAuditorium: boolean, fb: Feedback) {
  const { pt } = usePlanT();
  const { t } = useI18n();
  const refuse = (item: Placed, reason: string) => {
    stop();
    fb.setNotice({ kind: "error", text: pt("refused", { reason }) });
    document.querySelector<HTMLElement>(`[data-screening-id="${item.s.id}"]`)?.focus();
  };
  return async (m: Move) => {
    if (sameAsOrigin(m)) return stop();
    const otherAuditorium = m.target.auditoriumId !== m.item.auditoriumId;
    if (otherAuditorium && !canMoveAuditorium) return refuse(m.item, pt("noAuditoriumMove"));
    setMove({ ...m, committing: true });
    fb.setNotice(null);
    const startsAt = startsAtOf(view, m.target);
    try {
      const dry = await planningApi.check({ filmId: m.item.s.filmId, auditoriumId: m.target.auditoriumId, startsAt, excludeScreeningId: m.item.s.id });
      if (dry.conflicts.length) return refuse(m.item, busyText(pt, dry.conflicts, view.tz));
      await planningApi.move(m.item.s.id, otherAuditorium ? { startsAt, auditoriumId: m.target.auditoriumId } : { startsAt });
    } catch (e) {
      if (unsupportedField(e, "auditoriumId")) return refuse(m.item, pt("noAuditoriumMove"));
      return refuse(m.item, problemLine(e, t));
    }
    const text = pt("moved", { day: view.dayName(m.target.day), time: hhmm(m.target.minutes), auditorium: view.audName(m.target.auditoriumId) });
    fb.setNotice({ kind: "info", text });
    fb.toast(text, "success");
    fb.refocus.current = m.item.s.id;
    stop();
    fb.onChanged();
  };
}

/** The lane under a point (elementsFromPoint: a toast or another overlay above the board does not hide it). */
function laneAt(x: number, y: number) {
  const el = document.elementsFromPoint(x, y).map((e) => e.closest<HTMLElement>("[data-lane]")).find(Boolean);
  if (!el) return null;
  const [day, auditoriumId] = (el.dataset.lane ?? "").split("|");
  return { day: Number(day), auditoriumId, rect: el.getBoundingClientRect() };
}

/** Dragging a block (mouse, pen, touch): the move follows the pointer, snapped; the release commits it. */
function useMovePointer(move: Move | null, setMove: Dispatch<SetStateAction<Move | null>>, stop: () => void, commit: (m: Move) => Promise<void>, view: BoardView) {
  const drag = useRef<{ pointerId: number; x: number; y: number; grab: number; active: boolean; item: Placed } | null>(null);
  const suppressClick = useRef(false);
  const onPointerDown = (e: PointerEvent<HTMLButtonElement>, item: Placed) => {
    if (e.button !== 0 || move?.committing) return;
    const rect = e.currentTarget.getBoundingClientRect();
    drag.current = { pointerId: e.pointerId, x: e.clientX, y: e.clientY, grab: e.clientX - rect.left, active: false, item };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLButtonElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    if (!d.active && Math.hypot(e.clientX - d.x, e.clientY - d.y) < 5) return;
    d.active = true;
    const lane = laneAt(e.clientX, e.clientY);
    if (!lane) return;
    const minutes = snap(xToMinute(e.clientX - lane.rect.left - d.grab, view.win, PX_PER_MINUTE), view.win);
    const target = { day: lane.day, auditoriumId: lane.auditoriumId, minutes };
    setMove((m) => (m && m.item.s.id === d.item.s.id && slotKey(m.target) === slotKey(target) ? m : { item: d.item, target, via: "pointer" }));
  };
  const onPointerUp = (e: PointerEvent<HTMLButtonElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = null;
    if (!d.active) return; // a click: onClick opens the details
    suppressClick.current = true;
    window.setTimeout(() => (suppressClick.current = false), 0);
    if (move && move.item.s.id === d.item.s.id) void commit(move);
  };
  const onPointerCancel = () => {
    drag.current = null;
    stop();
  };
  return { onPointerDown, onPointerMove, onPointerUp, onPointerCancel, clickSuppressed: () => suppressClick.current };
}

/** A screening moved on the board, by pointer or keyboard: the move, its dry run, the block's handlers. */
export function useMoveDrag(view: BoardView, canMoveAuditorium: boolean, fb: Feedback) {
  const { pt } = usePlanT();
  const [move, setMove] = useState<Move | null>(null);
  const [check, setCheck] = useMoveCheck(move, view, canMoveAuditorium);
  const stop = () => {
    setMove(null);
    setCheck(null);
  };
  const checkOf = (m: Move) => (check && check.key === slotKey(m.target) ? check : null);

  useEffect(() => {
    if (move?.via === "keyboard") {
      const c = checkOf(move);
      fb.setAnnounce(pt("kbMoving", { film: move.item.s.filmTitle, day: view.dayName(move.target.day), time: hhmm(move.target.minutes), auditorium: view.audName(move.target.auditoriumId) })
        + (c ? " " + c.text : ""));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [move, check]);

  const commit = useCommit(setMove, stop, view, canMoveAuditorium, fb);
  const pointer = useMovePointer(move, setMove, stop, commit, view);

  /** M starts a keyboard move of the focused block; then arrows, Page Up/Down, Enter, Escape. */
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, item: Placed) => {
    const moving = move && move.via === "keyboard" && move.item.s.id === item.s.id ? move : null;
    if (!moving) {
      if ((e.key === "m" || e.key === "M") && !e.ctrlKey && !e.metaKey && !e.altKey && !move?.committing) {
        e.preventDefault();
        setMove({ item, target: { day: item.day, auditoriumId: item.auditoriumId, minutes: item.start }, via: "keyboard" });
      }
      return;
    }
    if (moving.committing || e.key === "Enter" || e.key === "Escape") {
      e.preventDefault();
      if (moving.committing) return;
      if (e.key === "Enter") void commit(moving);
      else {
        stop();
        fb.setAnnounce(pt("kbAbandoned"));
      }
      return;
    }
    const next = keyedSlot(e.key, moving.target, view.lanes, view.win);
    if (!next) return;
    e.preventDefault();
    setMove({ ...moving, target: next });
  };

  return { move, checkOf, pointer, onKeyDown };
}
