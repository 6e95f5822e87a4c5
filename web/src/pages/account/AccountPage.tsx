import { Link } from "../../app/Link";
import { navigate } from "../../app/navigation";
import { useSession } from "../../app/session";
import { useToast } from "../../app/toasts";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";
import { PasswordForm, ProfileForm } from "./AccountForms";
import { SessionsSection } from "./SessionsSection";

export default function AccountPage() {
  const { t } = useI18n();
  useTitle(t("account.title"));
  const { user, signOut } = useSession();
  const toast = useToast();
  if (!user) return null;
  const out = async () => {
    await signOut().catch(() => undefined);
    toast(t("account.signedOut"), "success");
    navigate("/");
  };
  return (
    <div className="page">
      <h1>{t("account.title")}</h1>
      <section className="card stack" aria-labelledby="profile-title">
        <h2 id="profile-title">{t("account.profile")}</h2>
        <p><strong>{user.displayName}</strong> · {user.email}</p>
        {user.emailVerified === false && <p className="error-text">{t("account.unverified")}</p>}
        <ProfileForm user={user} />
        <div className="row">
          <Link href="/tickets">{t("nav.tickets")}</Link>
          <Link href="/favourites">{t("nav.favourites")}</Link>
          <Link href="/lists">{t("nav.lists")}</Link>
          <Link href="/history">{t("nav.history")}</Link>
          <Link href="/notifications">{t("nav.notificationsFeed")}</Link>
          <Link href="/account/notifications">{t("nav.preferences")}</Link>
        </div>
        <button type="button" className="button secondary" onClick={out}>{t("account.signOut")}</button>
      </section>
      <section className="card stack section" aria-labelledby="password-title">
        <h2 id="password-title">{t("account.passwordTitle")}</h2>
        <PasswordForm user={user} />
      </section>
      <SessionsSection />
    </div>
  );
}
