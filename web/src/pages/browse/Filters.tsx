import { FormEvent, ReactNode, useEffect, useState } from "react";
import { catalogApi } from "../../api/catalog";
import type { Query } from "../../app/router";
import { setQuery } from "../../app/useLocation";
import { useAsync } from "../../app/useAsync";
import { MessageKey, useI18n } from "../../i18n/i18n";
import { useCinema } from "../../app/cinema";
import { filterChange, screeningKeys } from "./browseQuery";

const languages = ["fr", "en", "es", "it", "de", "ja", "ko"];
const formats = ["2D", "3D", "IMAX", "4DX", "Dolby Atmos"];
const certifications = ["U", "10", "12", "16", "18"];
const sorts = ["title", "popularity", "release", "relevance"];
const versions = ["VF", "VO", "VOSTFR"];
const timesOfDay = ["morning", "afternoon", "evening", "night"];

export function Filters({ query }: { query: Query }) {
  const { t } = useI18n();
  const categories = useAsync(() => catalogApi.categories(), []);
  const genres = (categories.data?.items ?? []).filter((c) => c.kind === "genre");
  const collections = (categories.data?.items ?? []).filter((c) => c.kind === "collection");
  const change = (key: string) => (value: string) => setQuery(filterChange(key, value), { replace: false });
  return (
    <aside className="filters" aria-label={t("browse.filters")}>
      <SearchBox value={query.q ?? ""} />
      <Select label={t("browse.sort")} value={query.sort ?? ""} onChange={change("sort")}
        options={sorts.map((s) => ({ value: s, label: t(`sort.${s}` as MessageKey) }))} empty={t("browse.sortDefault")} />
      <Select label={t("browse.genre")} value={query.genre ?? ""} onChange={change("genre")}
        options={genres.map((g) => ({ value: g.name, label: g.name }))} empty={t("browse.any")} />
      {collections.length > 0 && (
        <Select label={t("browse.category")} value={query.category ?? ""} onChange={change("category")}
          options={collections.map((c) => ({ value: c.slug, label: c.name }))} empty={t("browse.any")} />
      )}
      <ScreeningFilters query={query} change={change} />
      <Disclosure initiallyOpen={Boolean(query.language || query.format || query.subtitles || query.certification)}
        summary={t("browse.more")}>
        <Select label={t("browse.language")} value={query.language ?? ""} onChange={change("language")}
          options={languages.map((l) => ({ value: l, label: languageName(l, t) }))} empty={t("browse.any")} />
        <Select label={t("browse.subtitles")} value={query.subtitles ?? ""} onChange={change("subtitles")}
          options={languages.map((l) => ({ value: l, label: languageName(l, t) }))} empty={t("browse.any")} />
        <Select label={t("browse.format")} value={query.format ?? ""} onChange={change("format")}
          options={formats.map((f) => ({ value: f, label: f }))} empty={t("browse.any")} />
        <Select label={t("browse.certification")} value={query.certification ?? ""} onChange={change("certification")}
          options={certifications.map((c) => ({ value: c, label: c === "U" ? t("browse.allAges") : `-${c}` }))} empty={t("browse.any")} />
      </Disclosure>
      <button type="button" className="link-button" onClick={() => setQuery(Object.fromEntries(Object.keys(query).map((k) => [k, undefined])))}>
        {t("browse.reset")}
      </button>
    </aside>
  );
}

/** Where, when and how the film plays: one of its screenings meets them all. */
function ScreeningFilters({ query, change }: { query: Query; change: (key: string) => (value: string) => void }) {
  const { t } = useI18n();
  const { cinemas } = useCinema();
  return (
    <Disclosure initiallyOpen={screeningKeys.some((key) => Boolean(query[key]))} summary={t("browse.screenings")}>
      <Select label={t("browse.cinema")} value={query.cinemaId ?? ""} onChange={change("cinemaId")}
        options={cinemas.map((c) => ({ value: c.id, label: c.name }))} empty={t("browse.any")} />
      <Select label={t("browse.version")} value={query.version ?? ""} onChange={change("version")}
        options={versions.map((v) => ({ value: v, label: t(`version.${v}` as MessageKey) }))} empty={t("browse.any")} />
      <Select label={t("browse.timeOfDay")} value={query.timeOfDay ?? ""} onChange={change("timeOfDay")}
        options={timesOfDay.map((v) => ({ value: v, label: t(`time.${v}` as MessageKey) }))} empty={t("browse.any")} />
      <DateField label={t("browse.showingFrom")} value={query.showingFrom ?? ""} onChange={change("showingFrom")} />
      <DateField label={t("browse.showingTo")} value={query.showingTo ?? ""} onChange={change("showingTo")} />
      <div className="field check">
        <input id="f-wheelchair" type="checkbox" checked={query.accessibility === "wheelchair"}
          onChange={(e) => change("accessibility")(e.target.checked ? "wheelchair" : "")} />
        <label htmlFor="f-wheelchair">{t("browse.wheelchair")}</label>
      </div>
    </Disclosure>
  );
}

/** Open when the page opens with one of its filters set; then the user's to open and close (clearing
 * its last filter does not fold it away under the pointer). */
function Disclosure({ initiallyOpen, summary, children }: { initiallyOpen: boolean; summary: string; children: ReactNode }) {
  const [open] = useState(initiallyOpen);
  return (
    <details open={open}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

function languageName(code: string, t: (k: MessageKey) => string): string {
  return t(`lang.${code}` as MessageKey);
}

function SearchBox({ value }: { value: string }) {
  const { t } = useI18n();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ ...filterChange("q", text.trim()), sort: text.trim() ? "relevance" : undefined });
  };
  return (
    <form role="search" onSubmit={submit} className="field">
      <label htmlFor="search-q">{t("browse.search")}</label>
      <div className="row" style={{ flexWrap: "nowrap" }}>
        <input id="search-q" type="search" value={text} onChange={(e) => setText(e.target.value)} style={{ flex: 1, minWidth: 0 }} />
        <button type="submit" className="button small">{t("browse.go")}</button>
      </div>
    </form>
  );
}

interface SelectProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  empty: string;
}

function Select({ label, value, onChange, options, empty }: SelectProps) {
  const id = "f-" + label.replace(/\W+/g, "-").toLowerCase();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{empty}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

function DateField({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const id = "f-" + label.replace(/\W+/g, "-").toLowerCase();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="date" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
