import { useEffect, useState } from "react";
import { schedulingApi } from "../../api/scheduling";
import type { Booking, Screening } from "../../api/types";
import { cinemaOfScreening, useCinema } from "../../app/cinema";
import { Link } from "../../app/Link";
import { navigate } from "../../app/navigation";
import type { PageProps } from "../../app/routes";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PageSkeleton } from "../../components/Skeleton";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/dates";
import { HoldCountdown } from "./HoldCountdown";
import { PaymentForm } from "./PaymentForm";
import { PriceSummaryTable } from "./PriceSummaryTable";

export default function CheckoutPage({ params }: PageProps) {
  const { t } = useI18n();
  useTitle(t("checkout.title"));
  const { data, error, reload, setData } = useAsync(async () => {
    const booking = await schedulingApi.booking(params.bookingId);
    const screening = await schedulingApi.screening(booking.screeningId);
    return { booking, screening };
  }, [params.bookingId]);
  const [expired, setExpired] = useState(false);
  const [discount, setDiscount] = useState(0);
  useEffect(() => {
    if (data?.booking.status === "confirmed") navigate(`/bookings/${data.booking.id}`, { replace: true });
  }, [data?.booking.status, data?.booking.id]);
  if (error) return <div className="page"><ErrorMessage error={error} onRetry={reload} /></div>;
  if (!data) return <PageSkeleton />;
  const { booking, screening } = data;
  const over = expired || booking.status === "expired" || booking.status === "cancelled";
  return (
    <div className="page">
      <h1>{t("checkout.title")}</h1>
      <ScreeningLine screening={screening} />
      {over ? (
        <HoldOver screening={screening} />
      ) : (
        <div className="seat-layout">
          <section className="stack" aria-labelledby="pay-title">
            <HoldCountdown booking={booking} onExpired={() => setExpired(true)}
              onExtended={(expiresAt) => setData({ booking: { ...booking, expiresAt }, screening })} />
            <h2 id="pay-title">{t("checkout.payment")}</h2>
            <PaymentForm booking={booking} onDiscount={setDiscount} />
          </section>
          <Summary booking={booking} screening={screening} discount={discount} />
        </div>
      )}
    </div>
  );
}

function ScreeningLine({ screening }: { screening: Screening }) {
  const { locale } = useI18n();
  const zone = screening.timezone;
  return (
    <p className="muted">
      <strong>{screening.filmTitle}</strong> · {screening.cinemaName} · {screening.auditoriumName} · {formatDateTime(screening.startsAt, locale, zone)}
    </p>
  );
}

function Summary({ booking, screening, discount }: { booking: Booking; screening: Screening; discount: number }) {
  const { t } = useI18n();
  const { cinemas } = useCinema();
  const cinema = cinemaOfScreening(cinemas, screening);
  return (
    <aside className="card summary-card" aria-labelledby="summary-title">
      <h2 id="summary-title">{t("checkout.summary")}</h2>
      <PriceSummaryTable booking={booking} cinema={cinema} discount={discount} />
    </aside>
  );
}

function HoldOver({ screening }: { screening: Screening }) {
  const { t } = useI18n();
  return (
    <div className="problem" role="alert">
      <h2 className="problem-title">{t("checkout.expiredTitle")}</h2>
      <p>{t("checkout.expiredDetail")}</p>
      <Link className="button" href={`/screenings/${screening.id}/seats`}>{t("checkout.chooseAgain")}</Link>
    </div>
  );
}
