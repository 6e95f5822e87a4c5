import { useRef, useState } from "react";
import { Link } from "../../app/Link";
import { api } from "../../api/instance";
import { describe, ErrorMessage } from "../../components/ErrorMessage";
import { isMissingRoute } from "../categories/api";
import type { Page } from "../../api/types";
import { useI18n } from "../../i18n/i18n";
import { staffApi, StaffFilm } from "../api";
import { useCatalogT } from "../categories/i18n";

interface Outcome {
  id: string;
  title: string;
  ok: boolean;
  reason?: string;
  protectedFields: string[];
}

/** Every TMDB-imported film (drafts and published), all pages. */
async function importedFilms(): Promise<StaffFilm[]> {
  const films: StaffFilm[] = [];
  for (const status of ["draft", "published"]) {
    let cursor: string | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const page = await api.get<Page<StaffFilm>>("/api/catalog/films", { limit: 100, status, cursor });
      films.push(...page.items.filter((f) => f.tmdbId));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
  }
  return films;
}

interface BulkAnswer {
  synced: number;
  failed: { id: string; title: string; detail: string }[];
}

/** "Re-sync all": POST /films/sync (the catalog re-syncs every imported film, four at a time, hand
 * edits kept), then a row per film with the fields local edits protect. Against a catalog without
 * that endpoint, each imported film is re-synced in turn with progress. */
export function BulkResync() {
  const { ct } = useCatalogT();
  const { t } = useI18n();
  const [total, setTotal] = useState<number | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [running, setRunning] = useState(false);
  const [oneByOne, setOneByOne] = useState(false);
  const [summary, setSummary] = useState("");
  const [error, setError] = useState<unknown>(null);
  const stop = useRef(false);
  const finish = (done: Outcome[]) => {
    const failed = done.filter((o) => !o.ok).length;
    setSummary(ct("sync.done", { ok: done.length - failed, failed }));
  };
  const eachInTurn = async () => {
    setOneByOne(true);
    const done: Outcome[] = [];
    const films = await importedFilms();
    setTotal(films.length);
    for (const film of films) {
      if (stop.current) break;
      try {
        const synced = await staffApi.sync(film.id, false);
        done.push({ id: film.id, title: synced.title, ok: true, protectedFields: synced.localEdits ?? [] });
      } catch (e) {
        done.push({ id: film.id, title: film.title, ok: false, reason: describe(e, t).detail ?? describe(e, t).title, protectedFields: film.localEdits ?? [] });
      }
      setOutcomes([...done]);
    }
    if (films.length) finish(done);
  };
  const start = async () => {
    stop.current = false;
    setRunning(true);
    setOutcomes([]);
    setSummary("");
    setError(null);
    setTotal(null);
    try {
      let answer: BulkAnswer;
      try {
        answer = await api.post<BulkAnswer>("/api/catalog/films/sync", { overwrite: false });
      } catch (e) {
        if (!isMissingRoute(e)) throw e;
        await eachInTurn();
        return;
      }
      const films = await importedFilms();
      const failedIds = new Map(answer.failed.map((f) => [f.id.toLowerCase(), f]));
      const done: Outcome[] = answer.failed.map((f) => ({
        id: f.id, title: f.title, ok: false, reason: f.detail,
        protectedFields: films.find((x) => x.id.toLowerCase() === f.id.toLowerCase())?.localEdits ?? [],
      }));
      for (const film of films) {
        if (!failedIds.has(film.id.toLowerCase())) done.push({ id: film.id, title: film.title, ok: true, protectedFields: film.localEdits ?? [] });
      }
      setTotal(answer.synced + answer.failed.length);
      setOutcomes(done);
      if (answer.synced + answer.failed.length > 0) finish(done);
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };
  const failed = outcomes.filter((o) => !o.ok).length;
  return (
    <section className="card stack section" aria-labelledby="resync-title">
      <h2 id="resync-title">{ct("sync.title")}</h2>
      <p className="muted">{ct(oneByOne ? "sync.introOneByOne" : "sync.intro")}</p>
      <div className="tpl-actions">
        <button type="button" className="button secondary" onClick={start} disabled={running}>{ct("sync.start")}</button>
        {running && oneByOne && <button type="button" className="button secondary" onClick={() => { stop.current = true; }}>{ct("sync.stop")}</button>}
      </div>
      {running && !oneByOne && (
        <p aria-live="polite">
          <label htmlFor="resync-running">{ct("sync.running")}</label>{" "}
          <progress id="resync-running" />
        </p>
      )}
      {error ? <ErrorMessage error={error} /> : null}
      {total !== null && total === 0 && <p>{ct("sync.none")}</p>}
      {oneByOne && total !== null && total > 0 && (
        <>
          <label htmlFor="resync-progress">{ct("sync.progress")}</label>
          <progress id="resync-progress" max={total} value={outcomes.length} style={{ width: "100%" }} />
          <p aria-live="polite">
            {ct("sync.status", { done: outcomes.length, total })}
            {failed > 0 ? ` · ${ct("sync.failed", { n: failed })}` : ""}
          </p>
        </>
      )}
      {summary && <p role="status"><strong>{summary}</strong></p>}
      {outcomes.length > 0 && (
        <div className="table-wrap">
          <table className="pref-table">
            <thead>
              <tr>
                <th scope="col">{ct("sync.film")}</th>
                <th scope="col">{ct("sync.result")}</th>
                <th scope="col">{ct("sync.protected")}</th>
              </tr>
            </thead>
            <tbody>
              {outcomes.map((o) => (
                <tr key={o.id}>
                  <td><Link href={`/staff/films/${o.id}`}>{o.title}</Link></td>
                  <td className={o.ok ? undefined : "field-error"}>{o.ok ? ct("sync.ok") : ct("sync.error", { reason: o.reason ?? "" })}</td>
                  <td>{o.protectedFields.length ? o.protectedFields.join(", ") : ct("sync.nothing")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
