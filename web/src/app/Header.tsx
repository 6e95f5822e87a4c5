import { useState } from "react";
import { useI18n } from "../i18n/i18n";
import { useCinema } from "./cinema";
import { Link } from "./Link";
import { isStaff, useSession } from "./session";
import { useTheme } from "./theme";
import { useLocation } from "./useLocation";
import { useUnread } from "./unread";

export function Header() {
  const { t } = useI18n();
  const { user } = useSession();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const close = () => setOpen(false);
  const current = (path: string) => (location.path === path ? "page" : undefined);
  return (
    <header className="site-header">
      <div className="header-bar">
        <Link href="/" className="brand" aria-label={t("nav.homeLabel")}>
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>Homestudio</span>
        </Link>
        <button type="button" className="menu-button" aria-expanded={open} aria-controls="site-nav" onClick={() => setOpen(!open)}>
          {t("nav.menu")}
        </button>
        <nav id="site-nav" className={open ? "site-nav open" : "site-nav"} aria-label={t("nav.main")} onClick={close}>
          <Link href="/films" aria-current={current("/films")}>{t("nav.films")}</Link>
          <Link href="/tickets" aria-current={current("/tickets")}>{t("nav.tickets")}</Link>
          {user && <Link href="/favourites" aria-current={current("/favourites")}>{t("nav.favourites")}</Link>}
          {user && <Link href="/lists" aria-current={current("/lists")}>{t("nav.lists")}</Link>}
          <Link href="/faq" aria-current={current("/faq")}>{t("nav.faq")}</Link>
          {isStaff(user) && <Link href="/staff" aria-current={current("/staff")}>{t("nav.staff")}</Link>}
        </nav>
        <div className="header-tools">
          <CinemaPicker />
          <LanguageToggle />
          <ThemeToggle />
          {user && <FeedLink />}
          <AccountLink />
        </div>
      </div>
    </header>
  );
}

function CinemaPicker() {
  const { t } = useI18n();
  const { cinemas, cinema, choose } = useCinema();
  if (cinemas.length < 2) return cinema ? <span className="cinema-name">{cinema.name}</span> : null;
  return (
    <label className="cinema-picker">
      <span className="visually-hidden">{t("nav.cinema")}</span>
      <select value={cinema?.id ?? ""} onChange={(e) => choose(e.target.value)}>
        {cinemas.map((c) => (
          <option key={c.id} value={c.id}>{c.name}</option>
        ))}
      </select>
    </label>
  );
}

function LanguageToggle() {
  const { lang, setLang, t } = useI18n();
  const other = lang === "fr" ? "en" : "fr";
  return (
    <button type="button" className="tool-button" lang={other} aria-label={t("nav.switchLanguage")} onClick={() => setLang(other)}>
      {other.toUpperCase()}
    </button>
  );
}

function ThemeToggle() {
  const { t } = useI18n();
  const { theme, toggle } = useTheme();
  return (
    <button type="button" className="tool-button" aria-pressed={theme === "dark"} aria-label={t("nav.darkTheme")} onClick={toggle}>
      <span aria-hidden="true">{theme === "dark" ? "☾" : "☀"}</span>
    </button>
  );
}

function FeedLink() {
  const { t } = useI18n();
  const unread = useUnread();
  return (
    <Link href="/notifications" className="tool-button feed-link" aria-label={t("nav.notifications", { count: unread })}>
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2"><path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" /><path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" /></svg>
      {unread > 0 && <span className="badge" aria-hidden="true">{unread > 99 ? "99+" : unread}</span>}
    </Link>
  );
}

function AccountLink() {
  const { t } = useI18n();
  const { user, status } = useSession();
  if (status === "loading") return <span className="tool-placeholder" aria-hidden="true" />;
  if (!user) return <Link href="/signin" className="button small">{t("nav.signIn")}</Link>;
  return (
    <Link href="/account" className="button small secondary" aria-label={t("nav.account", { name: user.displayName })}>
      {initials(user.displayName)}
    </Link>
  );
}

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join("") || "?";
}
