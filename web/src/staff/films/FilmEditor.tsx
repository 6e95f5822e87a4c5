import { FormEvent, useEffect, useState } from "react";
import { Link } from "../../app/Link";
import { ApiProblem } from "../../api/problem";
import { useAsync } from "../../app/useAsync";
import { useToast } from "../../app/toasts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { splitList, staffApi, StaffFilm } from "../api";
import { useStaffT } from "../i18n";
import { categoriesApi } from "../categories/api";
import { useCatalogT } from "../categories/i18n";
import { buildTree, flatten } from "../categories/tree";
import { CastLine, castText, knownFormats, mergeFormats, parseCast, possibleVersions, splitFormats, trailerFromUrl, trailerUrl } from "./filmFields";
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
      <FilmCategories film={film} onChange={setData} />
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
  const { ct } = useCatalogT();
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
      ) : null}
      {film.tmdbId ? (
        <p className="muted">{ct("fx.protectedNote")}</p>
      ) : (
        <p className="muted">{st("film.notImported")}</p>
      )}
      {error ? <ErrorMessage error={error} /> : null}
    </section>
  );
}

function formOf(film: StaffFilm) {
  const formats = splitFormats(film.formats);
  return {
    title: film.title,
    synopsis: film.synopsis ?? "",
    synopsisEn: film.synopsisEn ?? "",
    runtimeMinutes: String(film.runtimeMinutes ?? 0),
    genres: (film.genres ?? []).join(", "),
    certification: film.certification ?? "",
    cast: castText(film.cast),
    trailer: trailerUrl(film.trailers?.[0]),
    audioLanguages: (film.audioLanguages ?? []).join(", "),
    subtitleLanguages: (film.subtitleLanguages ?? []).join(", "),
    formatsChecked: formats.checked,
    otherFormats: formats.other,
  };
}

type Form = ReturnType<typeof formOf>;
type TextKey = Exclude<keyof Form, "formatsChecked">;

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Only what changed goes to the API: an unchanged imported field must not become a local edit. */
function changes(film: StaffFilm, before: Form, form: Form): { body: Record<string, unknown>; castOrTrailer: boolean } {
  const body: Record<string, unknown> = {};
  if (form.title.trim() !== before.title) body.title = form.title.trim();
  if (form.synopsis !== before.synopsis) body.synopsis = form.synopsis;
  if (form.synopsisEn !== before.synopsisEn) body.synopsisEn = form.synopsisEn;
  if (form.runtimeMinutes !== before.runtimeMinutes) body.runtimeMinutes = Number(form.runtimeMinutes) || 0;
  if (!sameList(splitList(form.genres), splitList(before.genres))) body.genres = splitList(form.genres);
  if (form.certification.trim() !== before.certification) body.certification = form.certification.trim();
  if (!sameList(splitList(form.audioLanguages), splitList(before.audioLanguages))) body.audioLanguages = splitList(form.audioLanguages);
  if (!sameList(splitList(form.subtitleLanguages), splitList(before.subtitleLanguages))) body.subtitleLanguages = splitList(form.subtitleLanguages);
  const formats = mergeFormats(form.formatsChecked, form.otherFormats);
  if (!sameList(formats, mergeFormats(before.formatsChecked, before.otherFormats))) body.formats = formats;
  let castOrTrailer = false;
  if (form.cast.trim() !== before.cast.trim()) {
    body.cast = parseCast(form.cast, (film.cast ?? []).map((c) => ({ name: c.name, personId: c.personId })));
    castOrTrailer = true;
  }
  if (form.trailer.trim() !== before.trailer) {
    const rest = (film.trailers ?? []).slice(1);
    const t = form.trailer.trim() ? trailerFromUrl(form.trailer, film.title) : null;
    body.trailers = t ? [t, ...rest] : rest;
    castOrTrailer = true;
  }
  return { body, castOrTrailer };
}

const unknownCastOrTrailer = (e: unknown) =>
  e instanceof ApiProblem && e.status === 422 && e.errors.length > 0 &&
  e.errors.every((x) => (x.field === "cast" || x.field === "trailers") && /not a known field/i.test(x.message));

function Metadata({ film, onChange }: { film: StaffFilm; onChange: (f: StaffFilm) => void }) {
  const { st } = useStaffT();
  const { ct } = useCatalogT();
  const toast = useToast();
  const [form, setForm] = useState(() => formOf(film));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [castIgnored, setCastIgnored] = useState(false);
  useEffect(() => setForm(formOf(film)), [film]);
  const set = (key: TextKey) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const trailerBad = form.trailer.trim() !== "" && form.trailer.trim() !== formOf(film).trailer && !trailerFromUrl(form.trailer);
  const toggleFormat = (f: string) =>
    setForm({ ...form, formatsChecked: form.formatsChecked.includes(f) ? form.formatsChecked.filter((x) => x !== f) : [...form.formatsChecked, f] });
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (trailerBad) return;
    const { body, castOrTrailer } = changes(film, formOf(film), form);
    if (Object.keys(body).length === 0) {
      toast(st("film.saved"), "success");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      let saved: StaffFilm;
      try {
        saved = await staffApi.editFilm(film.id, body);
      } catch (err) {
        // Until the catalog takes cast and trailers (requested), it refuses them as unknown fields:
        // save the rest and say so.
        if (!castOrTrailer || !unknownCastOrTrailer(err)) throw err;
        delete body.cast;
        delete body.trailers;
        saved = Object.keys(body).length ? await staffApi.editFilm(film.id, body) : film;
        setCastIgnored(true);
        onChange(saved);
        toast(st("film.saved"), "success");
        return;
      }
      // A catalog that ignored them would answer without them: tell the truth then too.
      const castStuck = body.cast === undefined || castText(saved.cast).trim() === castText(body.cast as CastLine[]).trim();
      const trailerStuck = body.trailers === undefined || (saved.trailers?.length ?? 0) === (body.trailers as unknown[]).length;
      setCastIgnored(castOrTrailer && !(castStuck && trailerStuck));
      onChange(saved);
      toast(st("film.saved"), "success");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const trailer = film.trailers?.[0];
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
        <div className="field">
          <label htmlFor="film-cast">{ct("fx.cast")}</label>
          <textarea id="film-cast" rows={5} value={form.cast} onChange={set("cast")} aria-describedby="film-cast-hint" />
          <small id="film-cast-hint" className="hint">{ct("fx.castHint")}</small>
        </div>
        <Field label={ct("fx.trailer")} type="url" inputMode="url" value={form.trailer} onChange={set("trailer")}
          error={trailerBad ? ct("fx.trailerBad") : undefined} />
        {trailer && trailerUrl(trailer) ? (
          <p><a href={trailerUrl(trailer)} target="_blank" rel="noopener noreferrer">{ct("fx.trailerOpen", { name: trailer.name })}</a></p>
        ) : null}
        {castIgnored && <p role="status"><strong>{ct("fx.noCastApi")}</strong></p>}
        <fieldset className="fx-fieldset">
          <legend>{ct("fx.languages")}</legend>
          <Field label={ct("fx.audio")} value={form.audioLanguages} onChange={set("audioLanguages")} />
          <Field label={ct("fx.subtitles")} value={form.subtitleLanguages} onChange={set("subtitleLanguages")} />
          <p className="muted" aria-live="polite">
            {ct("fx.versions", { list: possibleVersions(splitList(form.audioLanguages), splitList(form.subtitleLanguages), film.originalLanguage).join(", ") || "—" })}
          </p>
          <fieldset className="fx-fieldset">
            <legend>{ct("fx.formats")}</legend>
            <div className="fx-checks">
              {knownFormats.map((f) => (
                <label key={f} className="fx-check">
                  <input type="checkbox" checked={form.formatsChecked.includes(f)} onChange={() => toggleFormat(f)} /> {f}
                </label>
              ))}
            </div>
          </fieldset>
        </fieldset>
        {error ? <ErrorMessage error={error} /> : null}
        <button type="submit" className="button" disabled={busy || trailerBad}>{st("film.save")}</button>
      </form>
    </section>
  );
}

function FilmCategories({ film, onChange }: { film: StaffFilm; onChange: (f: StaffFilm) => void }) {
  const { ct } = useCatalogT();
  const toast = useToast();
  const { data, error: loadError, reload } = useAsync((signal) => categoriesApi.list(signal), []);
  const [chosen, setChosen] = useState<string[]>(film.categories ?? []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setChosen(film.categories ?? []), [film]);
  const all = data ? flatten(buildTree(data.items)) : [];
  const toggle = (slug: string) => setChosen(chosen.includes(slug) ? chosen.filter((s) => s !== slug) : [...chosen, slug]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onChange(await categoriesApi.setFilmCategories(film.id, chosen));
      toast(ct("fx.categoriesSaved"), "success");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card stack section" aria-labelledby="fcat-title">
      <h2 id="fcat-title">{ct("fx.categories")}</h2>
      {loadError ? <ErrorMessage error={loadError} onRetry={reload} /> : null}
      {data && all.length === 0 ? <p>{ct("cat.none")}</p> : null}
      {all.length > 0 && (
        <form onSubmit={save}>
          <fieldset className="fx-fieldset">
            <legend>{ct("fx.categoriesHint")}</legend>
            <ul className="plain-list fx-cats">
              {all.map((c) => (
                <li key={c.id} style={{ paddingLeft: `${c.depth * 1.25}rem` }}>
                  <label className="fx-check">
                    <input type="checkbox" checked={chosen.includes(c.slug)} onChange={() => toggle(c.slug)} /> {c.name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          {error ? <ErrorMessage error={error} /> : null}
          <button type="submit" className="button" disabled={busy}>{ct("fx.saveCategories")}</button>
        </form>
      )}
      <p><Link href="/staff/films/categories">{ct("fx.manageCategories")}</Link></p>
    </section>
  );
}
