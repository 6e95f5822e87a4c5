import { FormEvent, useEffect, useState } from "react";
import { Link } from "../../app/Link";
import { useAsync } from "../../app/useAsync";
import { useToast } from "../../app/toasts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { splitList, staffApi, StaffFilm } from "../api";
import { useStaffT } from "../i18n";
import { ImageUpload } from "./ImageUpload";

/** One film: lifecycle (publish, archive), TMDB re-sync with the protected fields, metadata, images. */
export function FilmEditor({ filmId }: { filmId: string }) {
  const { st } = useStaffT();
  const { data: film, error, reload, setData } = useAsync(() => staffApi.film(filmId), [filmId]);
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!film) return <p className="muted" aria-busy="true">{st("common.loading")}</p>;
  return (
    <>
      <p><Link href="/staff/films">← {st("film.back")}</Link></p>
      <h1>{film.title}</h1>
      <Lifecycle film={film} onChange={setData} />
      <Metadata film={film} onChange={setData} />
      <section className="card stack section" aria-labelledby="images-title">
        <h2 id="images-title">{st("images.title")}</h2>
        <ImageUpload film={film} kind="poster" onChange={setData} />
        <ImageUpload film={film} kind="backdrop" onChange={setData} />
      </section>
    </>
  );
}

function Lifecycle({ film, onChange }: { film: StaffFilm; onChange: (f: StaffFilm) => void }) {
  const { st } = useStaffT();
  const toast = useToast();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<StaffFilm>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await action());
      toast(done, "success");
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const protectedFields = film.localEdits ?? [];
  return (
    <section className="card stack section" aria-labelledby="life-title">
      <h2 id="life-title">{st("film.statusLabel", { status: st(`films.status.${film.status}`) })}</h2>
      <div style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem" }}>
        {film.status !== "published" && (
          <button type="button" className="button" disabled={busy} onClick={() => run(() => staffApi.publish(film.id), st("film.published"))}>
            {st("film.publish")}
          </button>
        )}
        {film.status === "published" && (
          <button type="button" className="button danger" disabled={busy} onClick={() => run(() => staffApi.archive(film.id), st("film.archived"))}>
            {st("film.archive")}
          </button>
        )}
        {film.tmdbId ? (
          <>
            <button type="button" className="button secondary" disabled={busy} onClick={() => run(() => staffApi.sync(film.id, false), st("film.synced"))}>
              {st("film.sync")}
            </button>
            <button type="button" className="button secondary" disabled={busy} onClick={() => run(() => staffApi.sync(film.id, true), st("film.synced"))}>
              {st("film.syncOverwrite")}
            </button>
          </>
        ) : null}
      </div>
      {film.tmdbId ? (
        protectedFields.length > 0 ? (
          <div>
            <h3 id="protected-title" style={{ fontSize: "1rem" }}>{st("film.protected")}</h3>
            <ul aria-labelledby="protected-title" style={{ display: "flex", flexWrap: "wrap", gap: "0.4rem", listStyle: "none", padding: 0 }}>
              {protectedFields.map((f) => <li key={f} className="tag">{f}</li>)}
            </ul>
          </div>
        ) : (
          <p className="muted">{st("film.noProtected")}</p>
        )
      ) : (
        <p className="muted">{st("film.notImported")}</p>
      )}
      {error ? <ErrorMessage error={error} /> : null}
    </section>
  );
}

function formOf(film: StaffFilm) {
  return {
    title: film.title,
    synopsis: film.synopsis ?? "",
    synopsisEn: film.synopsisEn ?? "",
    runtimeMinutes: String(film.runtimeMinutes ?? 0),
    genres: (film.genres ?? []).join(", "),
    certification: film.certification ?? "",
    audioLanguages: (film.audioLanguages ?? []).join(", "),
    subtitleLanguages: (film.subtitleLanguages ?? []).join(", "),
    formats: (film.formats ?? []).join(", "),
  };
}

function Metadata({ film, onChange }: { film: StaffFilm; onChange: (f: StaffFilm) => void }) {
  const { st } = useStaffT();
  const toast = useToast();
  const [form, setForm] = useState(() => formOf(film));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setForm(formOf(film)), [film]);
  const set = (key: keyof ReturnType<typeof formOf>) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await staffApi.editFilm(film.id, {
        title: form.title.trim(),
        synopsis: form.synopsis,
        synopsisEn: form.synopsisEn,
        runtimeMinutes: Number(form.runtimeMinutes) || 0,
        genres: splitList(form.genres),
        certification: form.certification.trim() || undefined,
        audioLanguages: splitList(form.audioLanguages),
        subtitleLanguages: splitList(form.subtitleLanguages),
        formats: splitList(form.formats),
      });
      onChange(saved);
      toast(st("film.saved"), "success");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card stack section" aria-labelledby="meta-title">
      <h2 id="meta-title">{st("film.metadata")}</h2>
      <form onSubmit={save}>
        <Field label={st("film.fieldTitle")} value={form.title} onChange={set("title")} required />
        <div className="field">
          <label htmlFor="film-synopsis">{st("film.synopsis")}</label>
          <textarea id="film-synopsis" rows={4} value={form.synopsis} onChange={set("synopsis")} />
        </div>
        <div className="field">
          <label htmlFor="film-synopsis-en">{st("film.synopsisEn")}</label>
          <textarea id="film-synopsis-en" rows={4} value={form.synopsisEn} onChange={set("synopsisEn")} />
        </div>
        <Field label={st("film.runtime")} type="number" min={0} inputMode="numeric" value={form.runtimeMinutes} onChange={set("runtimeMinutes")} />
        <Field label={st("film.genres")} value={form.genres} onChange={set("genres")} />
        <Field label={st("film.certification")} value={form.certification} onChange={set("certification")} />
        <Field label={st("film.audio")} value={form.audioLanguages} onChange={set("audioLanguages")} />
        <Field label={st("film.subtitles")} value={form.subtitleLanguages} onChange={set("subtitleLanguages")} />
        <Field label={st("film.formats")} value={form.formats} onChange={set("formats")} />
        {error ? <ErrorMessage error={error} /> : null}
        <button type="submit" className="button" disabled={busy}>{st("film.save")}</button>
      </form>
    </section>
  );
}
