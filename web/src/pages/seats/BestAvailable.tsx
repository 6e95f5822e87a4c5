import { FormEvent, useState } from "react";
import { schedulingApi } from "../../api/scheduling";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";

/** "Best available for N seats" (optionally with a wheelchair place and its companion seat). */
export function BestAvailable({ screeningId, onFound }: { screeningId: string; onFound: (ids: string[]) => void }) {
  const { t } = useI18n();
  const [count, setCount] = useState(2);
  const [wheelchair, setWheelchair] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const page = await schedulingApi.bestAvailable(screeningId, count, wheelchair);
      onFound(page.items.map((s) => s.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="stack" aria-labelledby="best-title">
      <h2 id="best-title">{t("seats.best")}</h2>
      <div className="row">
        <label className="row" style={{ gap: "0.4rem" }}>
          {t("seats.howMany")}
          <select value={count} onChange={(e) => setCount(Number(e.target.value))}>
            {Array.from({ length: 10 }, (_, i) => <option key={i + 1} value={i + 1}>{i + 1}</option>)}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={wheelchair} onChange={(e) => setWheelchair(e.target.checked)} />
          {t("seats.wheelchair")}
        </label>
      </div>
      <button type="submit" className="button secondary" disabled={busy}>{t("seats.findBest")}</button>
      {error ? <ErrorMessage error={error} /> : null}
      <hr />
    </form>
  );
}
