import { PointerEvent, useEffect, useId, useMemo, useState } from "react";
import type { Film } from "../../api/types";
import { useAsync } from "../../app/useAsync";
import type { Board } from "./api";
import { planningApi } from "./api";
import { boardFilms, paletteFilms } from "./filmChange";
import { usePlanT } from "./i18n";

/** The films of the palette and every runtime the board knows: the cinema's films of the week first
 * (their runtimes from the catalogue when the first page of films lacks them), then, with a search,
 * the published films matching it; with neither, the first films of the catalogue. */
export function usePalette(board: Board, films: Film[], query: string) {
  const screenings = useMemo(() => board.auditoriums.flatMap((a) => a.screenings), [board]);
  const onBoard = useMemo(() => boardFilms(screenings), [screenings]);
  const listed = useMemo(() => new Map(films.map((f) => [f.id, f])), [films]);
  const missing = onBoard.filter((f) => !listed.has(f.id)).map((f) => f.id).join(",");
  const fetched = useAsync(
    (signal) => (missing ? Promise.all(missing.split(",").map((id) => planningApi.film(id, signal).catch(() => null))) : Promise.resolve([])),
    [missing],
  );
  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(query.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [query]);
  const found = useAsync((signal) => (q.length >= 2 ? planningApi.searchFilms(q, signal) : Promise.resolve(null)), [q]);
  const known = useMemo(() => {
    const map = new Map(listed);
    for (const f of fetched.data ?? []) if (f) map.set(f.id, f);
    for (const f of found.data?.items ?? []) map.set(f.id, f);
    return map;
  }, [listed, fetched.data, found.data]);
  const chips = useMemo(() => {
    const cinema = onBoard.map((f) => known.get(f.id)).filter((f): f is Film => Boolean(f));
    const words = query.trim().toLocaleLowerCase();
    if (words) {
      const matching = cinema.filter((f) => f.title.toLocaleLowerCase().includes(words));
      return paletteFilms(matching, q === query.trim() ? found.data?.items ?? [] : []);
    }
    return paletteFilms(cinema, cinema.length ? [] : films.slice(0, 12));
  }, [onBoard, known, films, query, q, found.data]);
  const searching = query.trim().length >= 2 && (q !== query.trim() || found.loading);
  return { chips, known, screenings, searching };
}

export interface ChipHandlers {
  onPointerDown: (e: PointerEvent<HTMLButtonElement>, film: Film) => void;
  onPointerMove: (e: PointerEvent<HTMLButtonElement>) => void;
  onPointerUp: (e: PointerEvent<HTMLButtonElement>) => void;
  onPointerCancel: () => void;
  onClick: (film: Film) => void;
}

/** The film palette next to the calendar: a search field and a chip per film, each dragged onto a
 * screening (pointer events: mouse, pen and touch) or selected (click, tap, Enter, Space) and then
 * given to a screening (click, tap or F on it). */
export function FilmStrip({ chips, query, onQuery, searching, picked, dragging, handlers }: {
  chips: Film[]; query: string; onQuery: (q: string) => void; searching: boolean;
  picked: Film | null; dragging: string | null; handlers: ChipHandlers;
}) {
  const { pt } = usePlanT();
  const id = useId();
  return (
    <section aria-labelledby={id + "-h"} className="plan-films" data-testid="plan-films"
      style={{ border: "1px solid var(--line)", borderRadius: 8, padding: "0.5rem 0.75rem", maxWidth: "100%", minWidth: 0 }}>
      <div style={{ display: "flex", flexWrap: "wrap", gap: "0.25rem 1rem", alignItems: "flex-end", justifyContent: "space-between" }}>
        <h3 id={id + "-h"} style={{ fontSize: "1rem", margin: 0 }}>{pt("films.title")}</h3>
        <div className="field" style={{ margin: 0, flex: "0 1 18rem", minWidth: 0 }}>
          <label htmlFor={id + "-q"} className="visually-hidden">{pt("films.search")}</label>
          <input id={id + "-q"} type="search" value={query} placeholder={pt("films.search")} autoComplete="off"
            onChange={(e) => onQuery(e.target.value)} style={{ width: "100%", minHeight: 36, padding: "0.25rem 0.5rem" }} />
        </div>
      </div>
      <p id={id + "-hint"} className="hint" style={{ margin: "0.25rem 0", fontSize: "0.85rem" }}>
        {picked ? pt("films.pickedHint", { film: picked.title }) : pt("films.hint")}
      </p>
      <ul aria-labelledby={id + "-h"} aria-busy={searching || undefined}
        style={{ listStyle: "none", margin: 0, padding: "2px", display: "flex", flexWrap: "wrap", gap: "0.4rem", maxHeight: "6.5rem", overflowY: "auto", overscrollBehavior: "contain" }}>
        {chips.map((f) => {
          const isPicked = picked?.id === f.id;
          return (
            <li key={f.id} style={{ minWidth: 0, maxWidth: "100%" }}>
              <button type="button" data-film-id={f.id} aria-pressed={isPicked} aria-describedby={id + "-hint"}
                aria-label={pt("films.chip", { film: f.title, runtime: f.runtimeMinutes })}
                className={`button small${isPicked ? "" : " secondary"}`}
                style={{ touchAction: "none", userSelect: "none", WebkitUserSelect: "none", cursor: "grab", maxWidth: "100%", fontWeight: 600,
                  opacity: dragging === f.id ? 0.55 : undefined }}
                onPointerDown={(e) => handlers.onPointerDown(e, f)} onPointerMove={handlers.onPointerMove}
                onPointerUp={handlers.onPointerUp} onPointerCancel={handlers.onPointerCancel}
                onClick={() => handlers.onClick(f)}>
                <span style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", minWidth: 0 }}>{f.title}</span>
                <span style={{ fontWeight: 400, whiteSpace: "nowrap", flex: "none" }}>{pt("films.runtime", { runtime: f.runtimeMinutes })}</span>
              </button>
            </li>
          );
        })}
        {chips.length === 0 && !searching ? <li className="hint">{pt(query.trim() ? "films.none" : "films.empty")}</li> : null}
      </ul>
    </section>
  );
}
