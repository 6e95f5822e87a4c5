import { FormEvent, useState } from "react";
import { authApi } from "../../api/auth";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";

export default function ForgotPasswordPage() {
  const { t } = useI18n();
  useTitle(t("forgot.title"));
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await authApi.requestReset(email.trim());
      setSent(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="page narrow">
      <h1>{t("forgot.title")}</h1>
      {sent ? <p role="status">{t("forgot.sent")}</p> : (
        <form onSubmit={submit} noValidate>
          <p>{t("forgot.text")}</p>
          <Field label={t("account.email")} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          {error ? <ErrorMessage error={error} /> : null}
          <button type="submit" className="button">{t("forgot.submit")}</button>
        </form>
      )}
    </div>
  );
}
