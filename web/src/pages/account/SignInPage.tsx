import { FormEvent, useState } from "react";
import { Link } from "../../app/Link";
import { navigate } from "../../app/navigation";
import type { PageProps } from "../../app/routes";
import { useSession } from "../../app/session";
import { useToast } from "../../app/toasts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useTitle } from "../../components/useTitle";
import { useI18n } from "../../i18n/i18n";
import { safeNext } from "./safeNext";

export default function SignInPage({ query }: PageProps) {
  const { t } = useI18n();
  useTitle(t("signin.title"));
  const { signIn } = useSession();
  const toast = useToast();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(email.trim(), password);
      toast(t("signin.welcome", { name: user.displayName }), "success");
      navigate(safeNext(query.next), { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <div className="page narrow">
      <h1>{t("signin.title")}</h1>
      <form onSubmit={submit} noValidate>
        <Field label={t("account.email")} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field label={t("account.password")} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error ? <ErrorMessage error={error} /> : null}
        <button type="submit" className="button" disabled={busy}>{t("signin.submit")}</button>
      </form>
      <p><Link href="/forgot-password">{t("signin.forgot")}</Link></p>
      <p>{t("signin.noAccount")} <Link href={`/signup${query.next ? "?next=" + encodeURIComponent(query.next) : ""}`}>{t("signup.title")}</Link></p>
    </div>
  );
}
