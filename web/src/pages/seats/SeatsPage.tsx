import { useMemo, useState } from "react";
import { takePrefetched, takeSettled } from "../../lib/prefetch";
import { loadSeatsData, SeatsData, seatsKey } from "./seatsData";
import type { PageProps } from "../../app/routes";
import { cinemaOfScreening, useCinema } from "../../app/cinema";
import { Link } from "../../app/Link";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PageSkeleton } from "../../components/Skeleton";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/dates";
import { buildGrid } from "../../lib/seatGrid";
import { SeatLegend } from "./SeatLegend";
import { SeatMap } from "./SeatMap";
import { SelectionPanel } from "./SelectionPanel";
import { useLiveSeats } from "./useLiveSeats";
import { useSelection } from "./useSelection";

/** Seat selection: the live seat map, best available, audiences and prices, then the hold. */
export default function SeatsPage({ params }: PageProps) {
  const { t, locale } = useI18n();
  const [ready] = useState(() => takeSettled<SeatsData>(seatsKey(params.id)));
  const first = useAsync(() => takePrefetched(seatsKey(params.id), () => loadSeatsData(params.id)), [params.id], ready);
  const screening = { ...first, data: first.data?.screening };
  const live = useLiveSeats(params.id, first.data?.seats);
  const seats = live.seats ?? first.data?.seats ?? null;
  const grid = useMemo(() => buildGrid(seats ?? []), [seats]);
  const selection = useSelection(params.id, grid);
  const { cinemas } = useCinema();
  const cinema = screening.data ? cinemaOfScreening(cinemas, screening.data) : undefined;
  useTitle(screening.data ? t("seats.title", { film: screening.data.filmTitle }) : undefined);
  if (screening.error) return <div className="page"><ErrorMessage error={screening.error} onRetry={screening.reload} /></div>;
  if (!screening.data) return <PageSkeleton />;
  const s = screening.data;
  return (
    <div className="page">
      <p><Link href={`/films/${s.filmId}`}>← {s.filmTitle}</Link></p>
      <h1>{t("seats.heading")}</h1>
      <p className="muted">
        {s.cinemaName} · {s.auditoriumName} · {formatDateTime(s.startsAt, locale, cinema?.timezone)}
        {s.version ? ` · ${s.version}` : ""}{s.format ? ` · ${s.format}` : ""}
      </p>
      <div className="seat-layout">
        <section aria-labelledby="map-title">
          <h2 id="map-title" className="visually-hidden">{t("seats.map")}</h2>
          <p className="live-state" role="status">{live.state === "live" ? t("seats.live") : live.state === "retrying" ? t("seats.reconnecting") : ""}</p>
          {live.error ? <ErrorMessage error={live.error} /> : null}
          {seats ? <SeatMap grid={grid} selected={selection.selected} onToggle={selection.toggle} /> : <div className="skeleton" style={{ height: 320 }} />}
          <SeatLegend />
        </section>
        <SelectionPanel screening={s} cinema={cinema} grid={grid} selection={selection} />
      </div>
    </div>
  );
}
