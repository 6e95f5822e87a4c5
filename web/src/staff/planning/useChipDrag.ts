// A film chip of the palette dragged onto a screening with pointer events (mouse, pen, touch): the chip
// follows the pointer, the screening under it gets the verdict, the release changes its film. A click
// (or tap, Enter, Space) selects the film instead.
import { Dispatch, SetStateAction, useRef, useState } from "react";
import type { Film } from "../../api/types";
import type { ChipHandlers } from "./FilmStrip";
import { usePlanT } from "./i18n";
import type { BoardView, Feedback, FilmTarget, Placed } from "./model";

/** The screening (not cancelled) whose block is under a point. */
function blockAt(placed: Placed[], x: number, y: number): Placed | null {
  const el = document.elementsFromPoint(x, y).map((e) => e.closest<HTMLElement>("[data-screening-id]")).find(Boolean);
  const screeningId = el?.dataset.screeningId;
  return screeningId ? placed.find((p) => p.s.id === screeningId && p.s.status !== "cancelled") ?? null : null;
}

export interface ChipDragDeps {
  view: BoardView;
  picked: Film | null;
  setPicked: (film: Film | null) => void;
  filmTarget: FilmTarget | null;
  setFilmTarget: Dispatch<SetStateAction<FilmTarget | null>>;
  /** A screening is being moved: no chip drag starts. */
  moving: boolean;
  commitFilm: (ft: FilmTarget) => Promise<void>;
  endFilm: () => void;
  fb: Feedback;
}

export function useChipDrag({ view, picked, setPicked, filmTarget, setFilmTarget, moving, commitFilm, endFilm, fb }: ChipDragDeps) {
  const { pt } = usePlanT();
  const [dragChip, setDragChip] = useState<{ film: Film; x: number; y: number } | null>(null);
  // `over`: the screening under the pointer at its last move (the drop goes where the verdict was shown).
  const filmDrag = useRef<{ pointerId: number; x: number; y: number; active: boolean; film: Film; over: Placed | null } | null>(null);
  const suppressChipClick = useRef(false);
  const handlers: ChipHandlers = {
    onPointerDown: (e, film) => {
      if (e.button !== 0 || moving || filmTarget?.committing) return;
      filmDrag.current = { pointerId: e.pointerId, x: e.clientX, y: e.clientY, active: false, film, over: null };
      e.currentTarget.setPointerCapture(e.pointerId);
    },
    onPointerMove: (e) => {
      const d = filmDrag.current;
      if (!d || d.pointerId !== e.pointerId) return;
      if (!d.active && Math.hypot(e.clientX - d.x, e.clientY - d.y) < 5) return;
      d.active = true;
      setDragChip({ film: d.film, x: e.clientX, y: e.clientY });
      const item = blockAt(view.placed, e.clientX, e.clientY);
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
      fb.setAnnounce(next ? pt("films.picked", { film: film.title, runtime: film.runtimeMinutes }) : pt("films.unpicked"));
    },
  };
  return { dragChip, handlers, dragging: () => filmDrag.current !== null };
}
