import { KeyboardEvent, MouseEvent, PointerEvent, useEffect, useMemo, useRef, useState } from "react";
import type { Cinema, Film } from "../../api/types";
import { useAsync } from "../../app/useAsync";
import { useToast } from "../../app/toasts";
import { problemLine } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";
import { isProblem } from "../../api/problem";
import { Board, BoardScreening, patchFields, planningApi, unsupportedField } from "./api";
import {
  addDays, blockBox, boardSlot, DayWindow, fillBucket, hhmm, layoutLane, minuteToX, movedStart, percent,
  SLOT_MINUTES, snap, windowFor, xToMinute, zonedToUtc,
} from "./calendar";
import { CreateDialog, DetailsDialog } from "./Dialogs";
import { bufferMinutes, FilmVerdict, filmVerdict } from "./filmChange";
import { ChipHandlers, FilmStrip, usePalette } from "./FilmStrip";
import { usePlanT } from "./i18n";

const PX_PER_MINUTE = 1.25;
const TRACK_HEIGHT = 46; // px per overlap track of a lane

export interface Placed {
  s: BoardScreening;
  auditoriumId: string;
  day: number;
  start: number;
  end: number;
}

interface Target {
  day: number;
  auditoriumId: string;
  minutes: number;
}

interface Move {
  item: Placed;
  target: Target;
  via: "pointer" | "keyboard";
  committing?: boolean;
}

type CheckState = { key: string; status: "checking" | "free" | "busy" | "unsupported"; text: string };

/** A film held over a screening (dragged onto it, or chosen with F), before the drop or Enter. */
interface FilmTarget {
  film: Film;
  item: Placed;
  via: "pointer" | "keyboard";
  committing?: boolean;
}

/** What the calendar shows of a film change: free or busy, the words, and the new end (epoch ms). */
type FilmState = { key: string; status: "checking" | "free" | "busy" | "same"; text: string; endsAt?: number };

export interface BoardContext {
  board: Board;
  cinema: Cinema;
  week: string;
  tz: string;
  films: Film[];
  canMoveAuditorium: boolean;
  canChangeFilm: boolean;
  dayName: (day: number) => string;
  onChanged: () => void;
}

/** The week board: a group per day, a lane per auditorium, a block per screening (drag, keyboard, click). */
export function PlanningBoard({ board, cinema, week, weekLabel, films, onChanged }: {
  board: Board; cinema: Cinema; week: string; weekLabel: string; films: Film[]; onChanged: () => void;
}) {
  const { pt, locale } = usePlanT();
  const { t } = useI18n();
  const toast = useToast();
  const tz = board.timezone || cinema.timezone;
  const caps = useAsync(() => patchFields(), []);
  const canMoveAuditorium = (caps.data ?? []).includes("auditoriumId");
  const canChangeFilm = (caps.data ?? []).includes("filmId");

  const placed = useMemo(() => {
    const out: Placed[] = [];
    for (const a of board.auditoriums) {
      for (const s of a.screenings) {
        const slot = boardSlot(s.startsAt, week, tz);
        if (slot.day < 0 || slot.day > 6) continue;
        const length = Math.max(SLOT_MINUTES, (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60000);
        out.push({ s, auditoriumId: a.id, day: slot.day, start: slot.minutes, end: slot.minutes + length });
      }
    }
    return out;
  }, [board, week, tz]);
  const win: DayWindow = useMemo(() => windowFor(placed), [placed]);
  const trackWidth = (win.end - win.start) * PX_PER_MINUTE;
  const lanes = useMemo(() => {
    const list: { day: number; auditoriumId: string }[] = [];
    for (let day = 0; day < 7; day++) for (const a of board.auditoriums) list.push({ day, auditoriumId: a.id });
    return list;
  }, [board]);
  const audName = (auditoriumId: string) => board.auditoriums.find((a) => a.id === auditoriumId)?.name ?? "";
  const dayFormat = useMemo(() => new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }), [locale]);
  const dayName = (day: number) => dayFormat.format(new Date(addDays(week, day) + "T00:00:00Z"));

  const [move, setMove] = useState<Move | null>(null);
  const [check, setCheck] = useState<CheckState | null>(null);
  const [notice, setNotice] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  const [announce, setAnnounce] = useState("");
  const [details, setDetails] = useState<Placed | null>(null);
  const [create, setCreate] = useState<Target | null>(null);
  const drag = useRef<{ pointerId: number; x: number; y: number; grab: number; active: boolean; item: Placed } | null>(null);
  const suppressClick = useRef(false);
  const refocus = useRef<string | null>(null);

  // Changing the film: the palette, the film selected (click, tap, Enter), the film held over a
  // screening (drag or F) with the API's dry run of it, and the chip following the pointer.
  const [filmQuery, setFilmQuery] = useState("");
  const palette = usePalette(board, films, filmQuery);
  const [picked, setPicked] = useState<Film | null>(null);
  const [filmTarget, setFilmTarget] = useState<FilmTarget | null>(null);
  const [filmCheck, setFilmCheck] = useState<FilmState | null>(null);
  const [dragChip, setDragChip] = useState<{ film: Film; x: number; y: number } | null>(null);
  // `over`: the screening under the pointer at its last move (the drop goes where the verdict was shown).
  const filmDrag = useRef<{ pointerId: number; x: number; y: number; active: boolean; film: Film; over: Placed | null } | null>(null);
  const suppressChipClick = useRef(false);

  const targetKey = (tg: Target) => `${tg.day}|${tg.auditoriumId}|${tg.minutes}`;
  const sameAsOrigin = (m: Move) => m.target.day === m.item.day && m.target.auditoriumId === m.item.auditoriumId && m.target.minutes === m.item.start;
  const startsAtOf = (tg: Target) => zonedToUtc(addDays(week, tg.day), tg.minutes, tz);
  const conflictText = (conflicts: { filmTitle: string; startsAt: string; endsAt: string }[]) =>
    pt("busy", {
      what: conflicts.map((c) => `${c.filmTitle} ${hhmmOf(c.startsAt, tz)}–${hhmmOf(c.endsAt, tz)}`).join(", "),
    }) + " " + pt("busyTail");

  // The dry run of the move's target, while dragging or moving with the keyboard.
  useEffect(() => {
    if (!move || move.committing) return;
    const key = targetKey(move.target);
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
        .check({ filmId: move.item.s.filmId, auditoriumId: move.target.auditoriumId, startsAt: startsAtOf(move.target), excludeScreeningId: move.item.s.id }, controller.signal)
        .then((r) => {
          setCheck(r.conflicts.length
            ? { key, status: "busy", text: conflictText(r.conflicts) }
            : { key, status: "free", text: pt("free", { start: hhmmOf(r.startsAt, tz), end: hhmmOf(r.endsAt, tz) }) });
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

  useEffect(() => {
    if (move?.via === "keyboard") {
      setAnnounce(pt("kbMoving", { film: move.item.s.filmTitle, day: dayName(move.target.day), time: hhmm(move.target.minutes), auditorium: audName(move.target.auditoriumId) })
        + (check && check.key === targetKey(move.target) ? " " + check.text : ""));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [move, check]);

  // After a reload, the moved block (remounted in another lane) gets the focus back.
  useEffect(() => {
    if (!refocus.current) return;
    const el = document.querySelector<HTMLElement>(`[data-screening-id="${refocus.current}"]`);
    if (el) {
      el.focus();
      refocus.current = null;
    }
  }, [board]);

  const refuse = (item: Placed, reason: string) => {
    setMove(null);
    setCheck(null);
    setNotice({ kind: "error", text: pt("refused", { reason }) });
    document.querySelector<HTMLElement>(`[data-screening-id="${item.s.id}"]`)?.focus();
  };

  const commit = async (m: Move) => {
    if (sameAsOrigin(m)) {
      setMove(null);
      setCheck(null);
      return;
    }
    const otherAuditorium = m.target.auditoriumId !== m.item.auditoriumId;
    if (otherAuditorium && !canMoveAuditorium) return refuse(m.item, pt("noAuditoriumMove"));
    setMove({ ...m, committing: true });
    setNotice(null);
    const startsAt = startsAtOf(m.target);
    try {
      const dry = await planningApi.check({ filmId: m.item.s.filmId, auditoriumId: m.target.auditoriumId, startsAt, excludeScreeningId: m.item.s.id });
      if (dry.conflicts.length) return refuse(m.item, conflictText(dry.conflicts));
      await planningApi.move(m.item.s.id, otherAuditorium ? { startsAt, auditoriumId: m.target.auditoriumId } : { startsAt });
    } catch (e) {
      if (unsupportedField(e, "auditoriumId")) return refuse(m.item, pt("noAuditoriumMove"));
      return refuse(m.item, problemLine(e, t));
    }
    const text = pt("moved", { day: dayName(m.target.day), time: hhmm(m.target.minutes), auditorium: audName(m.target.auditoriumId) });
    setNotice({ kind: "info", text });
    toast(text, "success");
    refocus.current = m.item.s.id;
    setMove(null);
    setCheck(null);
    onChanged();
  };

  // --- film change (drag a film onto a screening, or select it and press F) ----------------------
  const buffer = useMemo(
    () => bufferMinutes(palette.screenings, (filmId) => palette.known.get(filmId)?.runtimeMinutes),
    [palette.screenings, palette.known],
  );
  const filmKey = (ft: { film: Film; item: Placed }) => `${ft.film.id}|${ft.item.s.id}`;
  const verdictOf = (film: Film, item: Placed): FilmVerdict =>
    filmVerdict(item.s, film, board.auditoriums.find((a) => a.id === item.auditoriumId)?.screenings ?? [], buffer);
  const overlapText = (film: Film, endsAt: string | number, conflicts: { filmTitle: string; startsAt: string; endsAt: string }[]) =>
    pt("film.overlaps", {
      film: film.title, end: hhmmOf(new Date(endsAt).toISOString(), tz),
      what: conflicts.map((c) => `${c.filmTitle} ${hhmmOf(c.startsAt, tz)}–${hhmmOf(c.endsAt, tz)}`).join(", "),
    }) + " " + pt("busyTail");
  /** The board's own judgement of a film change, shown at once (the API's dry run replaces it). */
  const localFilmState = (ft: { film: Film; item: Placed }): FilmState => {
    const key = filmKey(ft);
    const v = verdictOf(ft.film, ft.item);
    if (caps.data && !canChangeFilm && v.kind !== "same") return { key, status: "busy", text: pt("noFilmChange") };
    switch (v.kind) {
      case "same": return { key, status: "same", text: pt("film.same", { film: ft.film.title }) };
      case "cancelled": return { key, status: "busy", text: pt("cancelled") };
      case "booked": return { key, status: "busy", text: pt("film.hasBookings") };
      case "unknown": return { key, status: "checking", text: pt("checking") };
      case "fits": return { key, status: "free", text: pt("film.fits", { film: ft.film.title, end: hhmmOf(new Date(v.endsAt).toISOString(), tz) }), endsAt: v.endsAt };
      case "overlaps": return { key, status: "busy", text: overlapText(ft.film, v.endsAt, v.conflicts), endsAt: v.endsAt };
    }
  };
  const filmState = filmTarget ? (filmCheck && filmCheck.key === filmKey(filmTarget) ? filmCheck : localFilmState(filmTarget)) : null;

  // The API's dry run of the film held over a screening (same slot, the new film's runtime).
  useEffect(() => {
    if (!filmTarget || filmTarget.committing) return;
    const local = localFilmState(filmTarget);
    if (local.status === "same" || verdictOf(filmTarget.film, filmTarget.item).kind === "booked" || (caps.data && !canChangeFilm)) {
      setFilmCheck(null);
      return;
    }
    const { film, item } = filmTarget;
    const key = filmKey(filmTarget);
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      planningApi
        .check({ filmId: film.id, auditoriumId: item.auditoriumId, startsAt: item.s.startsAt, excludeScreeningId: item.s.id }, controller.signal)
        .then((r) => {
          setFilmCheck(r.conflicts.length
            ? { key, status: "busy", text: overlapText(film, r.endsAt, r.conflicts), endsAt: Date.parse(r.endsAt) }
            : { key, status: "free", text: pt("film.fits", { film: film.title, end: hhmmOf(r.endsAt, tz) }), endsAt: Date.parse(r.endsAt) });
        })
        .catch((e: unknown) => {
          if (!controller.signal.aborted) setFilmCheck({ key, status: "busy", text: problemLine(e, t) });
        });
    }, 120);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filmTarget?.film.id, filmTarget?.item.s.id, filmTarget?.committing, buffer]);

  // The keyboard's film change is read out with its verdict.
  useEffect(() => {
    if (filmTarget?.via === "keyboard" && !filmTarget.committing && filmState) {
      const { film, item } = filmTarget;
      setAnnounce(pt("film.kbAsk", { film: film.title, screening: item.s.filmTitle, day: dayName(item.day), time: hhmm(item.start), verdict: filmState.text }));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filmTarget, filmState?.text]);

  // Escape anywhere drops the selected film (unless a dialog or a mode took the key).
  useEffect(() => {
    if (!picked) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented || details || create) return;
      setPicked(null);
      setFilmTarget((ft) => (ft && !ft.committing ? null : ft));
      setAnnounce(pt("films.unpicked"));
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [picked, details, create]);

  const endFilm = () => {
    setFilmTarget(null);
    setFilmCheck(null);
  };
  const refuseFilm = (item: Placed, reason: string, reload = false) => {
    endFilm();
    setNotice({ kind: "error", text: pt("film.refused", { reason }) });
    setAnnounce("");
    document.querySelector<HTMLElement>(`[data-screening-id="${item.s.id}"]`)?.focus();
    if (reload) onChanged(); // the board's data was stale: show what the API knows
  };
  const commitFilm = async (ft: FilmTarget) => {
    const { film, item } = ft;
    const v = verdictOf(film, item);
    if (v.kind === "same" || v.kind === "cancelled") {
      endFilm();
      if (v.kind === "same") setNotice({ kind: "info", text: pt("film.same", { film: film.title }) });
      return;
    }
    if (v.kind === "booked") return refuseFilm(item, pt("film.hasBookings"));
    if (!canChangeFilm) return refuseFilm(item, pt("noFilmChange"));
    setFilmTarget({ ...ft, committing: true });
    setNotice(null);
    let endsAt: string;
    try {
      const dry = await planningApi.check({ filmId: film.id, auditoriumId: item.auditoriumId, startsAt: item.s.startsAt, excludeScreeningId: item.s.id });
      if (dry.conflicts.length) return refuseFilm(item, overlapText(film, dry.endsAt, dry.conflicts));
      endsAt = (await planningApi.move(item.s.id, { filmId: film.id })).endsAt;
    } catch (e) {
      if (isProblem(e, "screening-has-bookings")) return refuseFilm(item, pt("film.hasBookings"), true);
      if (isProblem(e, "screening-conflict")) return refuseFilm(item, pt("film.conflict"), true);
      if (unsupportedField(e, "filmId")) return refuseFilm(item, pt("noFilmChange"));
      return refuseFilm(item, problemLine(e, t));
    }
    const text = pt("film.done", { film: film.title, day: dayName(item.day), time: hhmm(item.start), auditorium: audName(item.auditoriumId), end: endsAt ? hhmmOf(endsAt, tz) : "" });
    setNotice({ kind: "info", text });
    toast(text, "success");
    setAnnounce("");
    refocus.current = item.s.id;
    setPicked(null);
    endFilm();
    onChanged();
  };

  const placedById = (screeningId: string | undefined) => (screeningId ? placed.find((p) => p.s.id === screeningId && p.s.status !== "cancelled") ?? null : null);
  const blockAt = (x: number, y: number) => {
    const el = document.elementsFromPoint(x, y).map((e) => e.closest<HTMLElement>("[data-screening-id]")).find(Boolean);
    return placedById(el?.dataset.screeningId);
  };
  const chipHandlers: ChipHandlers = {
    onPointerDown: (e, film) => {
      if (e.button !== 0 || move || filmTarget?.committing) return;
      filmDrag.current = { pointerId: e.pointerId, x: e.clientX, y: e.clientY, active: false, film, over: null };
      e.currentTarget.setPointerCapture(e.pointerId);
    },
    onPointerMove: (e) => {
      const d = filmDrag.current;
      if (!d || d.pointerId !== e.pointerId) return;
      if (!d.active && Math.hypot(e.clientX - d.x, e.clientY - d.y) < 5) return;
      d.active = true;
      setDragChip({ film: d.film, x: e.clientX, y: e.clientY });
      const item = blockAt(e.clientX, e.clientY);
      d.over = item;
      setFilmTarget((ft) => (item ? (ft && ft.item.s.id === item.s.id && ft.film.id === d.film.id ? ft : { film: d.film, item, via: "pointer" }) : null));
    },
    onPointerUp: (e) => {
      const d = filmDrag.current;
      if (!d || d.pointerId !== e.pointerId) return;
      filmDrag.current = null;
      if (!d.active) return; // a click: onClick selects the film
      suppressChipClick.current = true;
      window.setTimeout(() => (suppressChipClick.current = false), 0);
      setDragChip(null);
      const item = d.over;
      if (item) void commitFilm({ film: d.film, item, via: "pointer" });
      else endFilm();
    },
    onPointerCancel: () => {
      filmDrag.current = null;
      setDragChip(null);
      endFilm();
    },
    onClick: (film) => {
      if (suppressChipClick.current) return;
      const next = picked?.id === film.id ? null : film;
      setPicked(next);
      setAnnounce(next ? pt("films.picked", { film: film.title, runtime: film.runtimeMinutes }) : pt("films.unpicked"));
    },
  };

  // --- pointer (mouse, pen, touch) -------------------------------------------------------------
  const laneAt = (x: number, y: number) => {
    // elementsFromPoint: a toast or another overlay above the board does not hide the lane under it.
    const el = document.elementsFromPoint(x, y).map((e) => e.closest<HTMLElement>("[data-lane]")).find(Boolean);
    if (!el) return null;
    const [day, auditoriumId] = (el.dataset.lane ?? "").split("|");
    return { day: Number(day), auditoriumId, rect: el.getBoundingClientRect() };
  };
  const onPointerDown = (e: PointerEvent<HTMLButtonElement>, item: Placed) => {
    if (e.button !== 0 || move?.committing || filmTarget || picked) return; // a selected film: a click gives it to the screening
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
    const minutes = snap(xToMinute(e.clientX - lane.rect.left - d.grab, win, PX_PER_MINUTE), win);
    const target = { day: lane.day, auditoriumId: lane.auditoriumId, minutes };
    setMove((m) => (m && m.item.s.id === d.item.s.id && targetKey(m.target) === targetKey(target) ? m : { item: d.item, target, via: "pointer" }));
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
    setMove(null);
    setCheck(null);
  };

  // --- keyboard ----------------------------------------------------------------------------------
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, item: Placed) => {
    const filming = filmTarget && filmTarget.via === "keyboard" && filmTarget.item.s.id === item.s.id ? filmTarget : null;
    if (filming) {
      if (filming.committing) e.preventDefault();
      else if (e.key === "Enter") { e.preventDefault(); void commitFilm(filming); }
      else if (e.key === "Escape") { e.preventDefault(); endFilm(); setAnnounce(pt("film.kbAbandoned")); }
      return;
    }
    const moving = move && move.via === "keyboard" && move.item.s.id === item.s.id ? move : null;
    if (!moving && (e.key === "f" || e.key === "F" || (e.key === "Enter" && picked)) && !e.ctrlKey && !e.metaKey && !e.altKey && !move && !filmTarget?.committing) {
      e.preventDefault();
      if (!picked) setAnnounce(pt("film.pickFirst"));
      else setFilmTarget({ film: picked, item, via: "keyboard" });
      return;
    }
    if (!moving) {
      if ((e.key === "m" || e.key === "M") && !e.ctrlKey && !e.metaKey && !e.altKey && !move?.committing) {
        e.preventDefault();
        setMove({ item, target: { day: item.day, auditoriumId: item.auditoriumId, minutes: item.start }, via: "keyboard" });
      }
      return;
    }
    if (moving.committing) {
      e.preventDefault();
      return;
    }
    const tg = moving.target;
    let next: Target | null = null;
    const laneIndex = lanes.findIndex((l) => l.day === tg.day && l.auditoriumId === tg.auditoriumId);
    switch (e.key) {
      case "ArrowLeft": next = { ...tg, minutes: movedStart(tg.minutes, -SLOT_MINUTES, win) }; break;
      case "ArrowRight": next = { ...tg, minutes: movedStart(tg.minutes, SLOT_MINUTES, win) }; break;
      case "ArrowUp": { const l = lanes[Math.max(0, laneIndex - 1)]; next = { ...tg, day: l.day, auditoriumId: l.auditoriumId }; break; }
      case "ArrowDown": { const l = lanes[Math.min(lanes.length - 1, laneIndex + 1)]; next = { ...tg, day: l.day, auditoriumId: l.auditoriumId }; break; }
      case "PageUp": next = { ...tg, day: Math.max(0, tg.day - 1) }; break;
      case "PageDown": next = { ...tg, day: Math.min(6, tg.day + 1) }; break;
      case "Enter": e.preventDefault(); void commit(moving); return;
      case "Escape": e.preventDefault(); setMove(null); setCheck(null); setAnnounce(pt("kbAbandoned")); return;
      default: return;
    }
    e.preventDefault();
    setMove({ ...moving, target: next });
  };

  const onTrackClick = (e: MouseEvent<HTMLDivElement>, day: number, auditoriumId: string) => {
    if (e.target !== e.currentTarget || move || filmTarget) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const minutes = snap(xToMinute(e.clientX - rect.left, win, PX_PER_MINUTE), win, SLOT_MINUTES, "floor");
    setCreate({ day, auditoriumId, minutes });
  };

  const hours: number[] = [];
  for (let h = Math.ceil(win.start / 60) * 60; h < win.end; h += 60) hours.push(h);
  const ctx: BoardContext = { board, cinema, week, tz, films, canMoveAuditorium, canChangeFilm, dayName, onChanged };
  const filmBusy = filmState?.status === "busy";

  return (
    <section aria-labelledby="plan-board-title" className="stack">
      <h2 id="plan-board-title" className="visually-hidden">{pt("board", { date: weekLabel })}</h2>
      <div className="plan-legend-row">
        <button type="button" className="button small" onClick={() => setCreate({ day: 0, auditoriumId: board.auditoriums[0]?.id ?? "", minutes: 19 * 60 })}
          disabled={board.auditoriums.length === 0}>{pt("new")}</button>
        <dl className="plan-legend" aria-label={pt("legend")}>
          <dt>{pt("legend")}</dt>
          {([0, 1, 2, 3] as const).map((b) => (
            <dd key={b}><span className={`plan-swatch plan-fill-${b}`} aria-hidden="true" />{pt(`legend.${b}`)}</dd>
          ))}
        </dl>
      </div>
      <p className="hint">{pt("legend.buffers")}</p>
      {board.auditoriums.length === 0 ? <p>{pt("noAuditorium")}</p> : null}
      <FilmStrip chips={palette.chips} query={filmQuery} onQuery={setFilmQuery} searching={palette.searching}
        picked={picked} dragging={dragChip?.film.id ?? null} handlers={chipHandlers} />
      {/* Always there (no layout shift under a dragging pointer); its text changes with each result. */}
      <div className="plan-notice-box">
        {filmTarget && filmState && !filmTarget.committing ? (
          // One line (the whole verdict is in the ghost's label): no layout shift under the dragging pointer.
          <p className={filmBusy ? "field-error" : "plan-notice"} data-testid="plan-film-verdict" title={filmState.text}
            style={{ whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" }}>
            {filmTarget.film.title} → {filmTarget.item.s.filmTitle}, {dayName(filmTarget.item.day)} {hhmm(filmTarget.item.start)}, {audName(filmTarget.item.auditoriumId)}: {filmState.text}
          </p>
        ) : move && check && check.key === targetKey(move.target) && !move.committing ? (
          <p className={check.status === "busy" || check.status === "unsupported" ? "field-error" : "plan-notice"}>
            {move.item.s.filmTitle} → {dayName(move.target.day)} {hhmm(move.target.minutes)}, {audName(move.target.auditoriumId)}: {check.text}
          </p>
        ) : notice ? <p role={notice.kind === "error" ? "alert" : "status"} className={notice.kind === "error" ? "field-error" : "plan-notice"}>{notice.text}</p> : null}
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">{announce}</p>
      <div className="plan-scroll" role="region" aria-label={pt("board", { date: weekLabel })} tabIndex={0}>
        <div className="plan-grid" style={{ width: `calc(var(--plan-label) + ${trackWidth}px)` }}>
          <div className="plan-hours" aria-hidden="true">
            <div className="plan-lane-label" />
            <div className="plan-track-head" style={{ width: trackWidth }}>
              {hours.map((h) => <span key={h} style={{ left: minuteToX(h, win, PX_PER_MINUTE) }}>{hhmm(h)}</span>)}
            </div>
          </div>
          {Array.from({ length: 7 }, (_, day) => (
            <div key={day} role="group" aria-label={dayName(day)} className="plan-day">
              <div className="plan-dayhead">{dayName(day)}</div>
              {board.auditoriums.map((a) => {
                const inLane = placed.filter((p) => p.day === day && p.auditoriumId === a.id);
                const layout = layoutLane(inLane.filter((p) => p.s.status !== "cancelled"));
                const cancelled = inLane.filter((p) => p.s.status === "cancelled");
                const ghost = move && move.target.day === day && move.target.auditoriumId === a.id ? move : null;
                const ghostCheck = ghost && check && check.key === targetKey(ghost.target) ? check : null;
                return (
                  <div key={a.id} className="plan-lane">
                    <div className="plan-lane-label">{a.name}</div>
                    <div className="plan-track" data-lane={`${day}|${a.id}`} style={{ width: trackWidth, height: layout.tracks * TRACK_HEIGHT + 4 }}
                      onClick={(e) => onTrackClick(e, day, a.id)} title={pt("emptyLane", { auditorium: a.name, day: dayName(day) })}>
                      {hours.map((h) => <span key={h} className="plan-tick" style={{ left: minuteToX(h, win, PX_PER_MINUTE) }} aria-hidden="true" />)}
                      {cancelled.map((p) => {
                        const box = blockBox(p.start, p.end - p.start, win, PX_PER_MINUTE);
                        return (
                          <span key={p.s.id} className="plan-block plan-cancelled" style={{ left: box.left, width: box.width, top: 2 }}
                            aria-label={pt("blockCancelled", { film: p.s.filmTitle, day: dayName(p.day), start: hhmm(p.start), auditorium: a.name })} role="img">
                            <span className="plan-block-title">{p.s.filmTitle}</span><span>{pt("cancelled")}</span>
                          </span>
                        );
                      })}
                      {layout.items.map((p) => {
                        const box = blockBox(p.start, p.end - p.start, win, PX_PER_MINUTE);
                        const pct = percent(p.s.fillRate);
                        const moving = move?.item.s.id === p.s.id;
                        return (
                          <button key={p.s.id} type="button" data-screening-id={p.s.id}
                            className={`plan-block plan-fill-${fillBucket(p.s.fillRate)}${moving ? " is-moving" : ""}`}
                            style={{ left: box.left, width: box.width, top: 2 + p.track * TRACK_HEIGHT }}
                            aria-label={pt("block", { film: p.s.filmTitle, day: dayName(p.day), start: hhmm(p.start), end: hhmm(p.end), auditorium: a.name, pct })}
                            aria-keyshortcuts="M F"
                            onPointerDown={(e) => onPointerDown(e, p)} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerCancel}
                            onPointerEnter={(e) => { if (picked && e.pointerType === "mouse" && !filmDrag.current && !move && !filmTarget?.committing) setFilmTarget({ film: picked, item: p, via: "pointer" }); }}
                            onPointerLeave={() => { if (!filmDrag.current) setFilmTarget((ft) => (ft && ft.via === "pointer" && ft.item.s.id === p.s.id && !ft.committing ? null : ft)); }}
                            onBlur={() => setFilmTarget((ft) => (ft && ft.via === "keyboard" && ft.item.s.id === p.s.id && !ft.committing ? null : ft))}
                            onKeyDown={(e) => onKeyDown(e, p)}
                            onClick={() => {
                              if (suppressClick.current || move || filmTarget?.committing) return;
                              if (picked) void commitFilm({ film: picked, item: p, via: "pointer" });
                              else setDetails(p);
                            }}>
                            <span className="plan-block-title">{p.s.filmTitle}</span>
                            <span>{hhmm(p.start)} · {pct}%</span>
                          </button>
                        );
                      })}
                      {filmTarget && filmState && filmTarget.item.day === day && filmTarget.item.auditoriumId === a.id ? (() => {
                        const p = layout.items.find((i) => i.s.id === filmTarget.item.s.id);
                        if (!p) return null;
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
                      })() : null}
                      {ghost ? (
                        <div className={`plan-ghost is-${ghost.committing ? "checking" : ghostCheck?.status ?? (sameAsOrigin(ghost) ? "free" : "checking")}`}
                          style={{ left: minuteToX(ghost.target.minutes, win, PX_PER_MINUTE), width: (ghost.item.end - ghost.item.start) * PX_PER_MINUTE, top: 2 }}
                          data-testid="plan-ghost">
                          <span className="plan-ghost-text" style={ghost.target.minutes > win.end - 360 ? { left: "auto", right: 0 } : undefined}>
                            {hhmm(ghost.target.minutes)} · {ghost.committing ? pt("checking") : ghostCheck?.text ?? (sameAsOrigin(ghost) ? "" : pt("checking"))}
                          </span>
                        </div>
                      ) : null}
                    </div>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
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
      {dragChip ? (
        <div aria-hidden="true" className="tag" data-testid="plan-film-drag"
          style={{ position: "fixed", left: dragChip.x + 14, top: dragChip.y - 40, zIndex: 60, pointerEvents: "none", background: "var(--bg)", color: "var(--text)",
            boxShadow: "var(--shadow)", fontWeight: 600, maxWidth: "60vw", overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
          {dragChip.film.title}
        </div>
      ) : null}
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

export function hhmmOf(iso: string, tz: string): string {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: tz }).format(new Date(iso));
}
