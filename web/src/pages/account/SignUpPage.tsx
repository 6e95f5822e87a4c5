import { FormEvent, useState } from "react";
import { authApi } from "../../api/auth";
import { ApiProblem } from "../../api/problem";
import { Link } from "../../app/Link";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";

export default function SignUpPage() {
  const { t, lang } = useI18n();
  useTitle(t("signup.title"));
  const [form, setForm] = useState({ displayName: "", email: "", password: "" });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await authApi.register({ ...form, email: form.email.trim(), language: lang });
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const field = (name: string) => (error instanceof ApiProblem ? error.fieldMessage(name) : undefined);
  if (done) {
    return (
      <div className="page narrow">
        <h1>{t("signup.checkMail")}</h1>
        <p role="status">{t("signup.sent", { email: form.email })}</p>
        <Link className="button" href="/signin">{t("nav.signIn")}</Link>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t("signup.title")}</h1>
      <form onSubmit={submit} noValidate>
        <Field label={t("account.name")} autoComplete="name" required value={form.displayName} onChange={set("displayName")} error={field("displayName")} />
        <Field label={t("account.email")} type="email" autoComplete="email" required value={form.email} onChange={set("email")} error={field("email")} />
        <Field label={t("account.password")} type="password" autoComplete="new-password" required value={form.password} onChange={set("password")}
          error={field("password")} hint={t("signup.passwordHint")} />
        {error ? <ErrorMessage error={error} /> : null}
        <button type="submit" className="button" disabled={busy}>{t("signup.submit")}</button>
      </form>
      <p>{t("signup.haveAccount")} <Link href="/signin">{t("nav.signIn")}</Link></p>
    </div>
  );
}
