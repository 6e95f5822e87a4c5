import { FormEvent, useState } from "react";
import { authApi } from "../../api/auth";
import { ApiProblem } from "../../api/problem";
import type { Language, User } from "../../api/types";
import { useSession } from "../../app/session";
import { useToast } from "../../app/toasts";
import { ErrorMessage, problemLine } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useI18n } from "../../i18n/i18n";

/** Display name and language of the account (PATCH /me); the app follows the chosen language. */
export function ProfileForm({ user }: { user: User }) {
  const { t, setLang } = useI18n();
  const { updated } = useSession();
  const toast = useToast();
  const [name, setName] = useState(user.displayName);
  const [language, setLanguage] = useState<Language>(user.language === "fr" ? "fr" : "en");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const saved = await authApi.updateMe({ displayName: name, language });
      updated(saved);
      if (saved.language === "fr" || saved.language === "en") setLang(saved.language);
      toast(t("account.saved"), "success");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const problem = error instanceof ApiProblem ? error : null;
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <Field label={t("account.name")} autoComplete="name" required maxLength={100} value={name}
        onChange={(e) => setName(e.target.value)} error={problem?.fieldMessage("displayName")} />
      <div className="field">
        <label htmlFor="account-language">{t("account.language")}</label>
        <select id="account-language" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
          <option value="fr">{t("lang.fr")}</option>
          <option value="en">{t("lang.en")}</option>
        </select>
      </div>
      {error && !problem?.fieldMessage("displayName") ? <ErrorMessage error={error} /> : null}
      <div className="row">
        <button type="submit" className="button" disabled={busy}>{t("account.save")}</button>
      </div>
    </form>
  );
}

/**
 * Change the password knowing the current one (POST /me/password): the policy as at sign-up, the
 * other sessions signed out; a forgotten one is changed by an e-mailed link instead.
 */
export function PasswordForm({ user }: { user: User }) {
  const { t } = useI18n();
  const toast = useToast();
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [resetSent, setResetSent] = useState(false);
  const mismatch = confirm.length > 0 && confirm !== password;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setError(null);
    try {
      await authApi.changePassword(current, password);
      setCurrent("");
      setPassword("");
      setConfirm("");
      setDone(true);
    } catch (err) {
      setDone(false);
      setError(err);
    }
  };
  const sendReset = async () => {
    try {
      await authApi.requestReset(user.email);
      setResetSent(true);
    } catch (e) {
      toast(problemLine(e, t), "error");
    }
  };
  const problem = error instanceof ApiProblem ? error : null;
  const wrongCurrent = problem?.code === "wrong-password" ? t("account.wrongPassword") : undefined;
  const newPasswordError = problem?.fieldMessage("newPassword");
  return (
    <>
      <form className="stack" onSubmit={submit} noValidate>
        <Field label={t("account.currentPassword")} type="password" autoComplete="current-password" required
          value={current} onChange={(e) => setCurrent(e.target.value)} error={wrongCurrent} />
        <Field label={t("reset.newPassword")} type="password" autoComplete="new-password" required value={password}
          onChange={(e) => setPassword(e.target.value)} hint={t("signup.passwordHint")} error={newPasswordError} />
        <Field label={t("reset.confirm")} type="password" autoComplete="new-password" required value={confirm}
          onChange={(e) => setConfirm(e.target.value)} error={mismatch ? t("reset.mismatch") : undefined} />
        {error && !wrongCurrent && !newPasswordError ? <ErrorMessage error={error} /> : null}
        {done && <p role="status">{t("account.passwordChanged")}</p>}
        <div className="row">
          <button type="submit" className="button">{t("account.passwordChange")}</button>
        </div>
      </form>
      <p className="hint">{t("account.passwordText")}</p>
      {resetSent ? <p role="status">{t("forgot.sent")}</p> : (
        <div className="row">
          <button type="button" className="button secondary" onClick={sendReset}>{t("account.passwordSend")}</button>
        </div>
      )}
    </>
  );
}
