import { FormEvent, useState } from "react";
import { authApi } from "../../api/auth";
import { ApiProblem } from "../../api/problem";
import { Link } from "../../app/Link";
import type { PageProps } from "../../app/routes";
import { useSession } from "../../app/session";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";

/** The link of the reset e-mail: {webURL}/reset-password?token=… (every session ends). */
export default function ResetPasswordPage({ query }: PageProps) {
  const { t } = useI18n();
  useTitle(t("reset.title"));
  const { ended } = useSession();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mismatch = confirm.length > 0 && confirm !== password;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setError(null);
    try {
      await authApi.confirmReset(query.token ?? "", password);
      ended();
      setDone(true);
    } catch (err) {
      setError(err);
    }
  };
  if (done) {
    return (
      <div className="page narrow">
        <h1>{t("reset.title")}</h1>
        <p role="status">{t("reset.done")}</p>
        <Link className="button" href="/signin">{t("nav.signIn")}</Link>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t("reset.title")}</h1>
      {!query.token && <p className="error-text">{t("reset.noToken")}</p>}
      <form onSubmit={submit} noValidate>
        <Field label={t("reset.newPassword")} type="password" autoComplete="new-password" required value={password}
          onChange={(e) => setPassword(e.target.value)} hint={t("signup.passwordHint")}
          error={error instanceof ApiProblem ? error.fieldMessage("newPassword") : undefined} />
        <Field label={t("reset.confirm")} type="password" autoComplete="new-password" required value={confirm}
          onChange={(e) => setConfirm(e.target.value)} error={mismatch ? t("reset.mismatch") : undefined} />
        {error ? <ErrorMessage error={error} /> : null}
        <button type="submit" className="button" disabled={!query.token}>{t("reset.submit")}</button>
      </form>
    </div>
  );
}
