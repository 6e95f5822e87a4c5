// Whether a film held over a screening fits: at once from the board's own data (filmChange.ts), then
// from the API's dry run (POST /screenings/check with the new film, same slot, the screening excluded).
import { useEffect, useMemo, useState } from "react";
import type { Film } from "../../api/types";
import { problemLine } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";
import { planningApi } from "./api";
import { conflictList, hhmmOf } from "./calendar";
import { bufferMinutes, FilmVerdict, filmVerdict } from "./filmChange";
import type { usePalette } from "./FilmStrip";
import { usePlanT } from "./i18n";
import type { BoardView, FilmState, FilmTarget, Placed } from "./model";

type Pt = ReturnType<typeof usePlanT>["pt"];
type Held = { film: Film; item: Placed };

export const filmKey = (ft: Held) => `${ft.film.id}|${ft.item.s.id}`;

/** "Too long: … would end at … and overlap …" */
export const overlapText = (pt: Pt, tz: string, film: Film, endsAt: string | number, conflicts: { filmTitle: string; startsAt: string; endsAt: string }[]) =>
  pt("film.overlaps", { film: film.title, end: hhmmOf(new Date(endsAt).toISOString(), tz), what: conflictList(conflicts, tz) }) + " " + pt("busyTail");

/** The board's own judgement of a film change, in words. */
function localState(pt: Pt, tz: string, ft: Held, v: FilmVerdict, refused: boolean): FilmState {
  const key = filmKey(ft);
  if (refused && v.kind !== "same") return { key, status: "busy", text: pt("noFilmChange") };
  switch (v.kind) {
    case "same": return { key, status: "same", text: pt("film.same", { film: ft.film.title }) };
    case "cancelled": return { key, status: "busy", text: pt("cancelled") };
    case "booked": return { key, status: "busy", text: pt("film.hasBookings") };
    case "unknown": return { key, status: "checking", text: pt("checking") };
    case "fits": return { key, status: "free", text: pt("film.fits", { film: ft.film.title, end: hhmmOf(new Date(v.endsAt).toISOString(), tz) }), endsAt: v.endsAt };
    case "overlaps": return { key, status: "busy", text: overlapText(pt, tz, ft.film, v.endsAt, v.conflicts), endsAt: v.endsAt };
  }
}

/** The verdict on the film held over a screening (`refused`: the API's PATCH takes no filmId). */
export function useFilmCheck(view: BoardView, palette: ReturnType<typeof usePalette>, filmTarget: FilmTarget | null, refused: boolean) {
  const { pt } = usePlanT();
  const { t } = useI18n();
  const [filmCheck, setFilmCheck] = useState<FilmState | null>(null);
  const buffer = useMemo(
    () => bufferMinutes(palette.screenings, (filmId) => palette.known.get(filmId)?.runtimeMinutes),
    [palette.screenings, palette.known],
  );
  const verdictOf = (film: Film, item: Placed): FilmVerdict =>
    filmVerdict(item.s, film, view.board.auditoriums.find((a) => a.id === item.auditoriumId)?.screenings ?? [], buffer);
  const localFilmState = (ft: Held) => localState(pt, view.tz, ft, verdictOf(ft.film, ft.item), refused);
  const filmState = filmTarget ? (filmCheck && filmCheck.key === filmKey(filmTarget) ? filmCheck : localFilmState(filmTarget)) : null;

  // The API's dry run of the film held over a screening (same slot, the new film's runtime).
  useEffect(() => {
    if (!filmTarget || filmTarget.committing) return;
    const local = localFilmState(filmTarget);
    if (local.status === "same" || verdictOf(filmTarget.film, filmTarget.item).kind === "booked" || refused) {
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
            ? { key, status: "busy", text: overlapText(pt, view.tz, film, r.endsAt, r.conflicts), endsAt: Date.parse(r.endsAt) }
            : { key, status: "free", text: pt("film.fits", { film: film.title, end: hhmmOf(r.endsAt, view.tz) }), endsAt: Date.parse(r.endsAt) });
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

  return { filmState, verdictOf, clear: () => setFilmCheck(null) };
}
