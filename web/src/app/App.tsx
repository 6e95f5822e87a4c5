import { useI18n } from "../i18n/i18n";
import { CinemaProvider } from "./cinema";
import { ErrorBoundary } from "./ErrorBoundary";
import { Header } from "./Header";
import { Link } from "./Link";
import { RouteView } from "./RouteView";
import { SessionProvider } from "./session";
import { ThemeProvider } from "./theme";
import { ToastProvider } from "./toasts";
import { UnreadProvider } from "./unread";
import { I18nProvider } from "../i18n/i18n";
import { OfflineBanner } from "./OfflineBanner";

export function App() {
  return (
    <I18nProvider>
      <ThemeProvider>
        <ToastProvider>
          <SessionProvider>
            <CinemaProvider>
              <UnreadProvider>
                <Layout />
              </UnreadProvider>
            </CinemaProvider>
          </SessionProvider>
        </ToastProvider>
      </ThemeProvider>
    </I18nProvider>
  );
}

function Layout() {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">{t("nav.skip")}</a>
      <Header />
      <OfflineBanner />
      <main id="main" tabIndex={-1}>
        <ErrorBoundary>
          <RouteView />
        </ErrorBoundary>
      </main>
      <footer className="site-footer">
        <nav aria-label={t("nav.footer")}>
          <Link href="/faq">{t("nav.faq")}</Link>
          <Link href="/account/notifications">{t("nav.preferences")}</Link>
          <a href="/docs">{t("nav.api")}</a>
        </nav>
        <p>© Homestudio</p>
      </footer>
    </>
  );
}
