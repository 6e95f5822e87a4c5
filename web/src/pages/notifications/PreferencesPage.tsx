import { FormEvent, useEffect, useState } from "react";
import { notificationsApi } from "../../api/notifications";
import type { Channel, Frequency, Preferences } from "../../api/types";
import { useToast } from "../../app/toasts";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PageSkeleton } from "../../components/Skeleton";
import { useTitle } from "../../components/useTitle";
import { MessageKey, useI18n } from "../../i18n/i18n";
import { PushSection } from "./PushSection";

const channels: Channel[] = ["email", "sms", "push", "inapp"];
const categories = ["bookings", "reminders", "security", "marketing"];
const frequencies: Frequency[] = ["immediate", "daily", "weekly"];

/** Channel × category, frequency, quiet hours, language and time zone; then Web Push for this browser. */
export default function PreferencesPage() {
  const { t } = useI18n();
  useTitle(t("prefs.title"));
  const toast = useToast();
  const { data, error, reload } = useAsync(() => notificationsApi.preferences(), []);
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  useEffect(() => setPrefs(data ?? null), [data]);
  if (error) return <div className="page"><ErrorMessage error={error} onRetry={reload} /></div>;
  if (!prefs) return <PageSkeleton />;
  const cats = prefs.categories ?? {};
  const choice = (cat: string) => cats[cat] ?? { channels: [], frequency: "immediate" as Frequency };
  const toggle = (cat: string, channel: Channel) => {
    const current = choice(cat);
    const list = current.channels.includes(channel) ? current.channels.filter((c) => c !== channel) : [...current.channels, channel];
    setPrefs({ ...prefs, categories: { ...cats, [cat]: { ...current, channels: list } } });
  };
  const frequency = (cat: string, f: Frequency) => setPrefs({ ...prefs, categories: { ...cats, [cat]: { ...choice(cat), frequency: f } } });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaveError(null);
    try {
      // Absent or null means "unchanged" to the API: quiet hours are cleared with empty times.
      const body = { ...prefs, quietHours: prefs.quietHours ?? { start: "", end: "" } };
      setPrefs(await notificationsApi.savePreferences(body));
      toast(t("prefs.saved"), "success");
    } catch (err) {
      setSaveError(err);
    }
  };
  return (
    <div className="page">
      <h1>{t("prefs.title")}</h1>
      <form onSubmit={save} className="stack">
        <div className="table-wrap">
          <table className="pref-table">
            <caption className="visually-hidden">{t("prefs.matrix")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("prefs.category")}</th>
                {channels.map((c) => <th key={c} scope="col">{t(`channel.${c}` as MessageKey)}</th>)}
                <th scope="col">{t("prefs.frequency")}</th>
              </tr>
            </thead>
            <tbody>
              {categories.map((cat) => (
                <tr key={cat}>
                  <th scope="row">{t(`category.${cat}` as MessageKey)}</th>
                  {channels.map((c) => (
                    <td key={c}>
                      <input type="checkbox" checked={choice(cat).channels.includes(c)} onChange={() => toggle(cat, c)}
                        aria-label={t("prefs.cell", { category: t(`category.${cat}` as MessageKey), channel: t(`channel.${c}` as MessageKey) })} />
                    </td>
                  ))}
                  <td>
                    <select value={choice(cat).frequency} onChange={(e) => frequency(cat, e.target.value as Frequency)}
                      aria-label={t("prefs.frequencyOf", { category: t(`category.${cat}` as MessageKey) })}>
                      {frequencies.map((f) => <option key={f} value={f}>{t(`frequency.${f}` as MessageKey)}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <fieldset>
          <legend>{t("prefs.quietHours")}</legend>
          <label className="check">
            <input type="checkbox" checked={Boolean(prefs.quietHours)}
              onChange={(e) => setPrefs({ ...prefs, quietHours: e.target.checked ? { start: "22:00", end: "08:00" } : null })} />
            {t("prefs.quietOn")}
          </label>
          {prefs.quietHours && (
            <div className="row">
              <label>{t("prefs.from")} <input type="time" value={prefs.quietHours.start} onChange={(e) => setPrefs({ ...prefs, quietHours: { ...prefs.quietHours!, start: e.target.value } })} /></label>
              <label>{t("prefs.to")} <input type="time" value={prefs.quietHours.end} onChange={(e) => setPrefs({ ...prefs, quietHours: { ...prefs.quietHours!, end: e.target.value } })} /></label>
            </div>
          )}
        </fieldset>
        <div className="row">
          <label>{t("prefs.language")}{" "}
            <select value={prefs.language ?? "fr"} onChange={(e) => setPrefs({ ...prefs, language: e.target.value as "fr" | "en" })}>
              <option value="fr">Français</option>
              <option value="en">English</option>
            </select>
          </label>
          <label>{t("prefs.timeZone")}{" "}
            <input value={prefs.timeZone ?? ""} onChange={(e) => setPrefs({ ...prefs, timeZone: e.target.value })} placeholder="Europe/Paris" />
          </label>
          <label>{t("prefs.phone")}{" "}
            <input type="tel" value={prefs.phone ?? ""} onChange={(e) => setPrefs({ ...prefs, phone: e.target.value || undefined })} placeholder="+33…" />
          </label>
        </div>
        {saveError ? <ErrorMessage error={saveError} /> : null}
        <button type="submit" className="button">{t("prefs.save")}</button>
      </form>
      <PushSection />
    </div>
  );
}
