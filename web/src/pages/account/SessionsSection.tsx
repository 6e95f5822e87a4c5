import { authApi } from "../../api/auth";
import { navigate } from "../../app/navigation";
import { useSession } from "../../app/session";
import { useToast } from "../../app/toasts";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage, problemLine } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";
import { formatDateTime } from "../../lib/dates";

/** My sessions (device, address, last use): end one, or all of them ("sign out everywhere"). */
export function SessionsSection() {
  const { t, locale } = useI18n();
  const toast = useToast();
  const { ended } = useSession();
  const { data, error, reload } = useAsync(() => authApi.sessions(), []);
  const revoke = async (id: string, current: boolean) => {
    try {
      await authApi.revokeSession(id);
      if (current) {
        ended();
        navigate("/signin");
      } else reload();
    } catch (e) {
      toast(problemLine(e, t), "error");
    }
  };
  const everywhere = async () => {
    try {
      const answer = await authApi.logoutAll();
      toast(t("account.everywhereDone", { count: answer.revokedSessions }), "success");
    } catch (e) {
      toast(problemLine(e, t), "error");
    } finally {
      ended();
      navigate("/signin");
    }
  };
  return (
    <section className="card stack section" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t("account.sessions")}</h2>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      <ul className="plain-list">
        {data?.items.map((s) => (
          <li key={s.id}>
            <span>
              <strong>{describeAgent(s.userAgent) || t("account.unknownDevice")}</strong>
              {s.current && <span className="tag"> {t("account.thisDevice")}</span>}
              <br />
              <small className="muted">{s.clientAddress} · {t("account.lastUsed", { date: formatDateTime(s.lastUsedAt, locale) })}</small>
            </span>
            <button type="button" className="button small secondary" onClick={() => revoke(s.id, s.current)}
              aria-label={t("account.endSessionOf", { device: describeAgent(s.userAgent) || t("account.unknownDevice") })}>
              {t("account.endSession")}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="button danger" onClick={everywhere}>{t("account.everywhere")}</button>
    </section>
  );
}

function describeAgent(agent?: string): string {
  if (!agent) return "";
  const browser = /Firefox\//.test(agent) ? "Firefox" : /Edg\//.test(agent) ? "Edge" : /Chrome\//.test(agent) ? "Chrome" : /Safari\//.test(agent) ? "Safari" : "";
  const os = /Android/.test(agent) ? "Android" : /iPhone|iPad/.test(agent) ? "iOS" : /Windows/.test(agent) ? "Windows" : /Mac OS/.test(agent) ? "macOS" : /Linux/.test(agent) ? "Linux" : "";
  return [browser, os].filter(Boolean).join(" · ") || agent.slice(0, 40);
}
