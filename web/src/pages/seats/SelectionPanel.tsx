import { useState } from "react";
import { schedulingApi } from "../../api/scheduling";
import type { Audience, Cinema, Screening, SeatState } from "../../api/types";
import { navigate } from "../../app/navigation";
import { useSession } from "../../app/session";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { MessageKey, useI18n } from "../../i18n/i18n";
import { formatMoney } from "../../lib/money";
import { localParts, seatPrice } from "../../lib/pricing";
import { leavesOrphan, SeatGrid } from "../../lib/seatGrid";
import { BestAvailable } from "./BestAvailable";
import type { Selection } from "./useSelection";

const audiences: Audience[] = ["adult", "child", "student", "senior"];

interface Props {
  screening: Screening;
  cinema?: Cinema;
  grid: SeatGrid;
  selection: Selection;
}

export function SelectionPanel({ screening, cinema, grid, selection }: Props) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const price = usePricer(screening, cinema);
  const seats = [...selection.selected.entries()].map(([id, audience]) => ({ seat: grid.byId.get(id), audience }))
    .filter((e): e is { seat: SeatState; audience: Audience } => e.seat !== undefined);
  const total = seats.reduce((sum, e) => sum + (price(e.seat, e.audience) ?? 0), 0);
  const orphan = leavesOrphan(grid, new Set(selection.selected.keys()));
  const money = (n: number) => formatMoney(n, screening.currency, locale);
  const hold = async () => {
    if (!user) {
      navigate("/signin?next=" + encodeURIComponent(window.location.pathname));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const booking = await schedulingApi.hold(screening.id, seats.map((e) => e.seat.id), Object.fromEntries(seats.map((e) => [e.seat.id, e.audience])));
      selection.clear();
      navigate(`/checkout/${booking.id}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <aside className="card summary-card" aria-labelledby="selection-title">
      <BestAvailable screeningId={screening.id} onFound={selection.replace} />
      <h2 id="selection-title">{t("seats.yourSeats")}</h2>
      {seats.length === 0 ? <p className="muted">{t("seats.noneSelected")}</p> : (
        <ul className="selection-list">
          {seats.map(({ seat, audience }) => (
            <li key={seat.id}>
              <span>{t("seats.seatName", { row: seat.row, number: seat.number })}</span>
              <label>
                <span className="visually-hidden">{t("seats.audienceFor", { row: seat.row, number: seat.number })}</span>
                <select value={audience} onChange={(e) => selection.setAudience(seat.id, e.target.value as Audience)}>
                  {audiences.map((a) => {
                    const p = price(seat, a);
                    return <option key={a} value={a} disabled={p === null}>{t(`audience.${a}` as MessageKey)} — {p === null ? t("seats.notOffered") : money(p)}</option>;
                  })}
                </select>
              </label>
            </li>
          ))}
        </ul>
      )}
      <p className="row" style={{ justifyContent: "space-between", marginTop: "0.75rem" }}>
        <strong>{t("seats.total")}</strong>
        <strong aria-live="polite">{money(total)}</strong>
      </p>
      {orphan && <p className="error-text">{t("seats.orphanWarning")}</p>}
      {error ? <ErrorMessage error={error} /> : null}
      <button type="button" className="button" style={{ width: "100%" }} disabled={seats.length === 0 || busy} onClick={hold}>
        {user ? t("seats.hold", { count: seats.length }) : t("seats.signInToHold")}
      </button>
      <p className="hint">{t("seats.holdHint")}</p>
    </aside>
  );
}

/** The price of a seat for an audience, from the screening's price card (a preview: the hold decides). */
function usePricer(screening: Screening, cinema?: Cinema) {
  const { data } = useAsync(
    async () => (cinema && screening.priceCardId ? (await schedulingApi.priceCards(cinema.id)).items : []),
    [cinema?.id, screening.priceCardId],
  );
  const rules = data?.find((c) => c.id === screening.priceCardId)?.rules ?? [];
  const local = localParts(screening.startsAt, cinema?.timezone ?? "Europe/Paris");
  return (seat: SeatState, audience: Audience) =>
    seatPrice(rules, audience, { seatKind: seat.kind, format: screening.format, weekday: local.weekday, localTime: local.localTime, basePrice: screening.priceAmount });
}
