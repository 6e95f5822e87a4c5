import type { PageProps } from "../app/routes";
import { Link } from "../app/Link";
import { useTitle } from "../components/useTitle";
import { useI18n } from "../i18n/i18n";
import { DashboardLayout } from "./dashboard/DashboardLayout";
import { FillRates } from "./dashboard/FillRates";
import { FilmsRoute } from "./films/FilmsRoute";
import { useStaffT } from "./i18n";
import { PriceCardsPage } from "./prices/PriceCardsPage";
import AlertsSection from "./alerts";
import AuditoriumsSection from "./auditoriums";
import OperationsSection from "./operations";
import PaymentsSection from "./payments";
import PlanningSection from "./planning";
import PromosSection from "./promos";
import TemplatesSection from "./templates";
import UsersSection from "./users";
import type { SectionProps } from "./section";
import type { ComponentType } from "react";

/** Sections that own a folder of their own: /staff/<key>/… renders the folder's index.tsx. */
const sectionPages: Record<string, ComponentType<SectionProps>> = {
  planning: PlanningSection,
  auditoriums: AuditoriumsSection,
  payments: PaymentsSection,
  promos: PromosSection,
  users: UsersSection,
  templates: TemplatesSection,
  alerts: AlertsSection,
  operations: OperationsSection,
};

/** The back office (issue 18): a staff navigation, then one screen per section (/staff/<section>/…). */
export default function StaffApp({ params, query }: PageProps) {
  const { t } = useI18n();
  const { st } = useStaffT();
  const parts = (params.rest ?? "").split("/").filter(Boolean);
  const section = parts[0] ?? "";
  const sections = [
    { href: "/staff", key: "", label: st("nav.home") },
    { href: "/staff/films", key: "films", label: st("nav.films") },
    { href: "/staff/planning", key: "planning", label: st("nav.planning") },
    { href: "/staff/auditoriums", key: "auditoriums", label: st("nav.auditoriums") },
    { href: "/staff/prices", key: "prices", label: st("nav.prices") },
    { href: "/staff/payments", key: "payments", label: st("nav.payments") },
    { href: "/staff/promos", key: "promos", label: st("nav.promos") },
    { href: "/staff/users", key: "users", label: st("nav.users") },
    { href: "/staff/templates", key: "templates", label: st("nav.templates") },
    { href: "/staff/alerts", key: "alerts", label: st("nav.alerts") },
    { href: "/staff/operations", key: "operations", label: st("nav.operations") },
  ];
  const Section = sectionPages[section];
  let body;
  if (Section) body = <Section parts={parts.slice(1)} query={query} />;
  else if (section === "films") body = <FilmsRoute parts={parts.slice(1)} />;
  else if (section === "prices") body = <PriceCardsPage initialCinema={typeof query.cinema === "string" ? query.cinema : undefined} />;
  else body = <StaffHome />;
  return (
    <div className="page">
      <nav aria-label={st("nav.label")} className="staff-nav">
        <ul className="plain-list" style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem 1rem", margin: "0 0 1rem" }}>
          {sections.map((s) => (
            <li key={s.key}>
              <Link href={s.href} className={s.key === section ? "button small" : "button secondary small"} aria-current={s.key === section ? "page" : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {body}
      <Title fallback={t("staff.title")} />
    </div>
  );
}

function Title({ fallback }: { fallback: string }) {
  useTitle(fallback);
  return null;
}

function StaffHome() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t("staff.title")}</h1>
      <DashboardLayout />
      <FillRates />
    </>
  );
}
