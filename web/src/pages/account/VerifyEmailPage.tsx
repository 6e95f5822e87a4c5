import { useEffect, useRef, useState } from "react";
import { authApi } from "../../api/auth";
import { Link } from "../../app/Link";
import type { PageProps } from "../../app/routes";
import { useSession } from "../../app/session";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";

/** The link of the welcome e-mail: {webURL}/verify-email?token=… → POST /api/auth/verify-email. */
export default function VerifyEmailPage({ query }: PageProps) {
  const { t } = useI18n();
  useTitle(t("verify.title"));
  const { user } = useSession();
  const [state, setState] = useState<"working" | "done" | "error">("working");
  const [error, setError] = useState<unknown>(null);
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    if (!query.token) {
      setState("error");
      return;
    }
    authApi.verifyEmail(query.token).then(
      () => setState("done"),
      (e: unknown) => {
        setError(e);
        setState("error");
      },
    );
  }, [query.token]);
  return (
    <div className="page narrow">
      <h1>{t("verify.title")}</h1>
      {state === "working" && <p role="status">{t("verify.working")}</p>}
      {state === "done" && (
        <>
          <p role="status">{t("verify.done")}</p>
          <Link className="button" href={user ? "/" : "/signin"}>{user ? t("verify.continue") : t("nav.signIn")}</Link>
        </>
      )}
      {state === "error" && (error ? <ErrorMessage error={error} /> : <p className="error-text">{t("verify.noToken")}</p>)}
    </div>
  );
}
