// Changing a screening's film: the Films palette, the film selected (click, tap, Enter, Space), a film
// held over a screening (dragged onto it, or the selected one with F) with its verdict, and the change
// itself (the dry run again, then PATCH {filmId}).
import { Dispatch, KeyboardEvent, PointerEvent, SetStateAction, useEffect, useState } from "react";
import { isProblem } from "../../api/problem";
import type { Film } from "../../api/types";
import { problemLine } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";
import { planningApi, unsupportedField } from "./api";
import { hhmm, hhmmOf } from "./calendar";
import { usePalette } from "./FilmStrip";
import { usePlanT } from "./i18n";
import type { BoardView, Feedback, FilmTarget, Placed } from "./model";
import { useChipDrag } from "./useChipDrag";
import { overlapText, useFilmCheck } from "./useFilmCheck";

type SetFilmTarget = Dispatch<SetStateAction<FilmTarget | null>>;

/** The drop (or Enter, or a click with a film selected): refused with the reason, or done and told. */
function useCommitFilm(view: BoardView, canChangeFilm: boolean, fb: Feedback, check: ReturnType<typeof useFilmCheck>,
  setFilmTarget: SetFilmTarget, setPicked: (film: Film | null) => void) {
  const { pt } = usePlanT();
  const { t } = useI18n();
  const endFilm = () => {
    setFilmTarget(null);
    check.clear();
  };
  const refuseFilm = (item: Placed, reason: string, reload = false) => {
    endFilm();
    fb.setNotice({ kind: "error", text: pt("film.refused", { reason }) });
    fb.setAnnounce("");
    document.querySelector<HTMLElement>(`[data-screening-id="${item.s.id}"]`)?.focus();
    if (reload) fb.onChanged(); // the board's data was stale: show what the API knows
  };
  const commitFilm = async (ft: FilmTarget) => {
    const { film, item } = ft;
    const v = check.verdictOf(film, item);
    if (v.kind === "same" || v.kind === "cancelled") {
      endFilm();
      if (v.kind === "same") fb.setNotice({ kind: "info", text: pt("film.same", { film: film.title }) });
      return;
    }
    if (v.kind === "booked") return refuseFilm(item, pt("film.hasBookings"));
    if (!canChangeFilm) return refuseFilm(item, pt("noFilmChange"));
    setFilmTarget({ ...ft, committing: true });
    fb.setNotice(null);
    let endsAt: string;
    try {
      const dry = await planningApi.check({ filmId: film.id, auditoriumId: item.auditoriumId, startsAt: item.s.startsAt, excludeScreeningId: item.s.id });
      if (dry.conflicts.length) return refuseFilm(item, overlapText(pt, view.tz, film, dry.endsAt, dry.conflicts));
      endsAt = (await planningApi.move(item.s.id, { filmId: film.id })).endsAt;
    } catch (e) {
      if (isProblem(e, "screening-has-bookings")) return refuseFilm(item, pt("film.hasBookings"), true);
      if (isProblem(e, "screening-conflict")) return refuseFilm(item, pt("film.conflict"), true);
      if (unsupportedField(e, "filmId")) return refuseFilm(item, pt("noFilmChange"));
      return refuseFilm(item, problemLine(e, t));
    }
    const text = pt("film.done", { film: film.title, day: view.dayName(item.day), time: hhmm(item.start), auditorium: view.audName(item.auditoriumId), end: endsAt ? hhmmOf(endsAt, view.tz) : "" });
    fb.setNotice({ kind: "info", text });
    fb.toast(text, "success");
    fb.setAnnounce("");
    fb.refocus.current = item.s.id;
    setPicked(null);
    endFilm();
    fb.onChanged();
  };
  return { commitFilm, endFilm };
}

/** Escape anywhere drops the selected film (unless a dialog or a mode took the key). */
function useEscapeUnpicks(picked: Film | null, dialogOpen: boolean, setPicked: (film: Film | null) => void, setFilmTarget: SetFilmTarget, fb: Feedback) {
  const { pt } = usePlanT();
  useEffect(() => {
    if (!picked) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented || dialogOpen) return;
      setPicked(null);
      setFilmTarget((ft) => (ft && !ft.committing ? null : ft));
      fb.setAnnounce(pt("films.unpicked"));
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [picked, dialogOpen]);
}

/** The film change of the board: `moving` (a screening being moved) and `dialogOpen` hold it back. */
export function useFilmChange(view: BoardView, films: Film[], caps: { known: boolean; canChangeFilm: boolean }, moving: boolean, dialogOpen: boolean, fb: Feedback) {
  const { pt } = usePlanT();
  const [filmQuery, setFilmQuery] = useState("");
  const palette = usePalette(view.board, films, filmQuery);
  const [picked, setPicked] = useState<Film | null>(null);
  const [filmTarget, setFilmTarget] = useState<FilmTarget | null>(null);
  const check = useFilmCheck(view, palette, filmTarget, caps.known && !caps.canChangeFilm);
  const { filmState } = check;

  // The keyboard's film change is read out with its verdict.
  useEffect(() => {
    if (filmTarget?.via === "keyboard" && !filmTarget.committing && filmState) {
      const { film, item } = filmTarget;
      fb.setAnnounce(pt("film.kbAsk", { film: film.title, screening: item.s.filmTitle, day: view.dayName(item.day), time: hhmm(item.start), verdict: filmState.text }));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filmTarget, filmState?.text]);
  useEscapeUnpicks(picked, dialogOpen, setPicked, setFilmTarget, fb);

  const { commitFilm, endFilm } = useCommitFilm(view, caps.canChangeFilm, fb, check, setFilmTarget, setPicked);
  const chips = useChipDrag({ view, picked, setPicked, filmTarget, setFilmTarget, moving, commitFilm, endFilm, fb });

  /** F (or Enter with a film selected) holds the selected film over the focused block; then Enter or Escape.
   * True when the key was the film change's. */
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, item: Placed): boolean => {
    const filming = filmTarget && filmTarget.via === "keyboard" && filmTarget.item.s.id === item.s.id ? filmTarget : null;
    if (filming) {
      if (filming.committing) e.preventDefault();
      else if (e.key === "Enter") { e.preventDefault(); void commitFilm(filming); }
      else if (e.key === "Escape") { e.preventDefault(); endFilm(); fb.setAnnounce(pt("film.kbAbandoned")); }
      return true;
    }
    if ((e.key === "f" || e.key === "F" || (e.key === "Enter" && picked)) && !e.ctrlKey && !e.metaKey && !e.altKey && !moving && !filmTarget?.committing) {
      e.preventDefault();
      if (!picked) fb.setAnnounce(pt("film.pickFirst"));
      else setFilmTarget({ film: picked, item, via: "keyboard" });
      return true;
    }
    return false;
  };
  const block = {
    onPointerEnter: (e: PointerEvent<HTMLButtonElement>, p: Placed) => {
      if (picked && e.pointerType === "mouse" && !chips.dragging() && !moving && !filmTarget?.committing) setFilmTarget({ film: picked, item: p, via: "pointer" });
    },
    onPointerLeave: (p: Placed) => {
      if (!chips.dragging()) setFilmTarget((ft) => (ft && ft.via === "pointer" && ft.item.s.id === p.s.id && !ft.committing ? null : ft));
    },
    onBlur: (p: Placed) => setFilmTarget((ft) => (ft && ft.via === "keyboard" && ft.item.s.id === p.s.id && !ft.committing ? null : ft)),
    onKeyDown,
  };

  return { palette, filmQuery, setFilmQuery, picked, filmTarget, filmState, dragChip: chips.dragChip, chipHandlers: chips.handlers, commitFilm, block };
}
