import { useEffect, useState } from "react";
import { NetworkError } from "../../api/problem";
import { schedulingApi } from "../../api/scheduling";
import type { Booking } from "../../api/types";
import { Link } from "../../app/Link";
import { useSession } from "../../app/session";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PageSkeleton } from "../../components/Skeleton";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";
import { loadOfflineTickets, saveOfflineTickets, StoredBooking } from "../../lib/offlineTickets";
import { BookingCard } from "./BookingCard";

type State =
  | { kind: "loading" }
  | { kind: "online"; upcoming: StoredBooking[]; past: StoredBooking[] }
  | { kind: "offline"; upcoming: StoredBooking[]; savedAt: string }
  | { kind: "error"; error: unknown };

/** My bookings: upcoming first, each ticket with its QR code; kept for offline use (Cache Storage). */
export default function TicketsPage() {
  const { t, locale } = useI18n();
  useTitle(t("tickets.title"));
  const { status } = useSession();
  const [state, setState] = useState<State>({ kind: "loading" });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (status === "loading") return;
    let alive = true;
    const apply = (s: State) => alive && setState(s);
    if (status === "signed-in") loadOnline().then((s) => apply(s), (e: unknown) => fallback(e).then(apply));
    else fallback(new NetworkError("offline")).then(apply);
    return () => {
      alive = false;
    };
  }, [status, tick]);
  if (state.kind === "loading") return <PageSkeleton />;
  if (state.kind === "error") {
    if (status === "signed-out") return <SignedOut />;
    return <div className="page"><ErrorMessage error={state.error} onRetry={() => setTick((n) => n + 1)} /></div>;
  }
  const offline = state.kind === "offline";
  return (
    <div className="page">
      <h1>{t("tickets.title")}</h1>
      {offline && <p className="card" role="status">{t("tickets.offline", { date: new Date(state.savedAt).toLocaleString(locale) })}</p>}
      <h2>{t("tickets.upcoming")}</h2>
      {state.upcoming.length === 0 && <p>{t("tickets.none")} <Link href="/films">{t("nav.films")}</Link></p>}
      <ul className="booking-list">
        {state.upcoming.map((b) => (
          <li key={b.booking.id}><BookingCard booking={b.booking} offline={offline} onChange={() => setTick((n) => n + 1)} /></li>
        ))}
      </ul>
      {state.kind === "online" && state.past.length > 0 && (
        <details className="section">
          <summary><h2 style={{ display: "inline" }}>{t("tickets.past")}</h2></summary>
          <ul className="booking-list">
            {state.past.map((b) => (
              <li key={b.booking.id}><BookingCard booking={b.booking} /></li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function SignedOut() {
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <h1>{t("tickets.title")}</h1>
      <p>{t("tickets.signIn")}</p>
      <Link className="button" href="/signin?next=/tickets">{t("nav.signIn")}</Link>
    </div>
  );
}

async function loadOnline(): Promise<State> {
  const page = await schedulingApi.myBookings();
  const shown = page.items.filter((b: Booking) => b.status === "confirmed" || b.status === "cancelled");
  // Each booking embeds its screening: no request per booking.
  const all: StoredBooking[] = shown.map((booking) => ({ booking }));
  const isUpcoming = (b: StoredBooking) => Date.parse(b.booking.endsAt) > Date.now();
  const upcoming = all.filter((b) => isUpcoming(b) && b.booking.status === "confirmed")
    .sort((a, b) => a.booking.startsAt.localeCompare(b.booking.startsAt));
  const past = all.filter((b) => !upcoming.includes(b));
  await saveOfflineTickets(upcoming).catch(() => undefined);
  return { kind: "online", upcoming, past };
}

async function fallback(error: unknown): Promise<State> {
  const stored = await loadOfflineTickets().catch(() => null);
  if (stored && stored.bookings.length > 0) return { kind: "offline", upcoming: stored.bookings, savedAt: stored.savedAt };
  return { kind: "error", error };
}
