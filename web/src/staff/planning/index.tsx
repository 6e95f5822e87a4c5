import { useMemo, useState } from "react";
import { schedulingApi } from "../../api/scheduling";
import { navigate } from "../../app/navigation";
import { href } from "../../app/router";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import type { SectionProps } from "../section";
import { planningApi } from "./api";
import { PlanningBoard } from "./Board";
import { addDays, isIsoDate, localParts, mondayOf } from "./calendar";
import { FillTables } from "./FillTables";
import { usePlanT } from "./i18n";

/** /staff/planning?cinema=<id>&week=<YYYY-MM-DD>: the week's planning board of a cinema. */
export default function PlanningSection({ query }: SectionProps) {
  const { pt, locale } = usePlanT();
  const cinemas = useAsync(() => schedulingApi.cinemas(), []);
  const films = useAsync(() => planningApi.films(), []);
  const cinemaId = query.cinema || cinemas.data?.items[0]?.id || "";
  const cinema = cinemas.data?.items.find((c) => c.id === cinemaId);
  const tz = cinema?.timezone || "Europe/Paris";
  const week = mondayOf(isIsoDate(query.week) ? query.week : localParts(Date.now(), tz).date);
  const board = useAsync((signal) => (cinemaId ? planningApi.board(cinemaId, week, signal) : Promise.resolve(null)), [cinemaId, week]);
  const [statsTick, setStatsTick] = useState(0);
  const go = (next: { cinema?: string; week?: string }) =>
    navigate(href("/staff/planning", { cinema: next.cinema ?? cinemaId, week: next.week ?? week }), { keepScroll: true });
  const weekLabel = useMemo(
    () => new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(week + "T00:00:00Z")),
    [week, locale],
  );
  return (
    <>
      <h1>{pt("title")}</h1>
      <div className="plan-toolbar">
        <div className="field">
          <label htmlFor="plan-cinema">{pt("cinema")}</label>
          <select id="plan-cinema" value={cinemaId} onChange={(e) => go({ cinema: e.target.value })}>
            {(cinemas.data?.items ?? []).map((c) => <option key={c.id} value={c.id}>{c.name} ({c.city})</option>)}
          </select>
        </div>
        <nav aria-label={pt("weekNav")} className="plan-weeknav">
          <button type="button" className="button secondary small" onClick={() => go({ week: addDays(week, -7) })}>{pt("prevWeek")}</button>
          <button type="button" className="button secondary small" onClick={() => go({ week: mondayOf(localParts(Date.now(), tz).date) })}>{pt("thisWeek")}</button>
          <button type="button" className="button secondary small" onClick={() => go({ week: addDays(week, 7) })}>{pt("nextWeek")}</button>
        </nav>
      </div>
      <h2 className="plan-week">{pt("week", { date: weekLabel })}</h2>
      {cinemas.error ? <ErrorMessage error={cinemas.error} onRetry={cinemas.reload} /> : null}
      {cinemas.data && cinemas.data.items.length === 0 ? <p>{pt("noCinema")}</p> : null}
      {board.error ? <ErrorMessage error={board.error} onRetry={board.reload} /> : null}
      {board.loading && !board.data ? <p aria-busy="true">…</p> : null}
      {board.data && cinema ? (
        <PlanningBoard
          board={board.data}
          cinema={cinema}
          week={week}
          weekLabel={weekLabel}
          films={films.data?.items ?? []}
          onChanged={() => { board.reload(); setStatsTick((n) => n + 1); }}
        />
      ) : null}
      {board.data && cinemaId ? <FillTables cinemaId={cinemaId} from={board.data.weekStart} to={board.data.weekEnd} tz={tz} tick={statsTick} /> : null}
    </>
  );
}
