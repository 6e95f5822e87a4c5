import { schedulingApi } from "../../api/scheduling";
import type { PageProps } from "../../app/routes";
import { Link } from "../../app/Link";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PageSkeleton } from "../../components/Skeleton";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";
import { BookingCard } from "./BookingCard";

/** One booking with its tickets (also the confirmation page after paying: ?paid=1). */
export default function BookingPage({ params, query }: PageProps) {
  const { t } = useI18n();
  const { data, error, reload } = useAsync(async () => ({ booking: await schedulingApi.booking(params.id) }), [params.id]);
  useTitle(query.paid ? t("booking.confirmedTitle") : t("booking.title"));
  if (error) return <div className="page"><ErrorMessage error={error} onRetry={reload} /></div>;
  if (!data) return <PageSkeleton />;
  const pending = data.booking.status !== "confirmed" && query.paid;
  return (
    <div className="page">
      <h1>{query.paid ? t("booking.confirmedTitle") : t("booking.title")}</h1>
      {query.paid && !pending && <p role="status">{t("booking.confirmedText")}</p>}
      {pending && (
        <p role="status">{t("booking.pending")} <button type="button" className="link-button" onClick={reload}>{t("booking.refresh")}</button></p>
      )}
      <BookingCard booking={data.booking} onChange={reload} />
      <p><Link href="/tickets">{t("booking.allTickets")}</Link></p>
    </div>
  );
}
