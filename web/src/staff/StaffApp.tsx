import type { PageProps } from "../app/routes";
import { useTitle } from "../components/useTitle";
import { useI18n } from "../i18n/i18n";
import { FillRates } from "./dashboard/FillRates";

/** The back office (issue 18) starts here: films, planning, seat maps, dashboard, payments, people. */
export default function StaffApp({ params }: PageProps) {
  const { t } = useI18n();
  useTitle(t("staff.title"));
  const sections = ["films", "planning", "seatmaps", "dashboard", "payments", "people", "messages"] as const;
  return (
    <div className="page">
      <h1>{t("staff.title")}</h1>
      <p>{t("staff.placeholder")}</p>
      <ul className="plain-list">
        {sections.map((s) => <li key={s}>{s}</li>)}
      </ul>
      {params.rest ? <p className="muted">/{params.rest}</p> : null}
      <FillRates />
    </div>
  );
}
