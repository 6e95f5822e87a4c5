import { useState } from "react";
import { Link } from "../../app/Link";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import type { SectionProps } from "../section";
import { templatesApi } from "./api";
import { useTemplatesT } from "./i18n";
import { channels, templateRows } from "./model";
import { TemplateEditorPage } from "./TemplateEditor";

/** /staff/templates: the list; /staff/templates/<kind>/<channel>: both languages' editors. */
export default function TemplatesSection({ parts }: SectionProps) {
  if (parts.length >= 2) return <TemplateEditorPage key={parts[0] + "/" + parts[1]} kind={parts[0]} channel={parts[1]} />;
  return <TemplatesList />;
}

function TemplatesList() {
  const { tt } = useTemplatesT();
  const [filter, setFilter] = useState("");
  const { data, error, loading, reload } = useAsync((signal) => templatesApi.list(signal), []);
  const rows = data ? templateRows(data.items, filter) : [];
  return (
    <>
      <h1>{tt("tpl.title")}</h1>
      <p className="muted">{tt("tpl.intro")}</p>
      <section className="card stack section" aria-labelledby="tpl-list-title">
        <h2 id="tpl-list-title" className="visually-hidden">{tt("tpl.title")}</h2>
        <div className="field">
          <label htmlFor="tpl-filter">{tt("tpl.filter")}</label>
          <input id="tpl-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
        {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
        {loading && !data ? <p className="muted" aria-busy="true">…</p> : null}
        {data && rows.length === 0 ? <p>{tt("tpl.none")}</p> : null}
        {rows.length > 0 && (
          <div className="table-wrap">
            <table className="pref-table tpl-table">
              <thead>
                <tr>
                  <th scope="col">{tt("tpl.kind")}</th>
                  {channels.map((c) => <th key={c} scope="col">{tt(`tpl.channel.${c}`)}</th>)}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.kind}>
                    <th scope="row"><code>{row.kind}</code></th>
                    {channels.map((c) => {
                      const cell = row.cells[c];
                      return (
                        <td key={c}>
                          {cell ? (
                            <Link href={`/staff/templates/${encodeURIComponent(row.kind)}/${c}`}
                              aria-label={tt("tpl.cell", { kind: row.kind, channel: tt(`tpl.channel.${c}`) })}>
                              {Object.keys(cell).sort().reverse().map((l) => tt("tpl.version", { locale: l, version: cell[l] })).join(" · ")}
                            </Link>
                          ) : "—"}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
