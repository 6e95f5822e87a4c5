import { FormEvent, useEffect, useState } from "react";
import { isProblem } from "../../api/problem";
import { schedulingApi } from "../../api/scheduling";
import { navigate } from "../../app/navigation";
import { href } from "../../app/router";
import { useAsync } from "../../app/useAsync";
import { useToast } from "../../app/toasts";
import { ErrorMessage } from "../../components/ErrorMessage";
import type { SectionProps } from "../section";
import { auditoriumApi, AuditoriumSummary } from "./api";
import { useAudT } from "./i18n";
import {
  capacity, fromSeats, newRow, Paint, paints, paintSeat, parseGaps, problems, resizeRow, RowDraft, rowCells, toBody,
} from "./seatmap";

const starter = (): RowDraft[] => [
  { label: "A", seats: 10, gapsAfter: [5], kinds: {}, blocked: [] },
  { label: "B", seats: 10, gapsAfter: [5], kinds: {}, blocked: [] },
  { label: "C", seats: 10, gapsAfter: [5], kinds: { 1: "wheelchair", 2: "companion" }, blocked: [] },
];

/** /staff/auditoriums?cinema=<id>&auditorium=<id|new>: the seat-map editor. */
export default function AuditoriumsSection({ query }: SectionProps) {
  const { at } = useAudT();
  const cinemas = useAsync(() => schedulingApi.cinemas(), []);
  const cinemaId = query.cinema || cinemas.data?.items[0]?.id || "";
  const cinema = cinemas.data?.items.find((c) => c.id === cinemaId);
  const [tick, setTick] = useState(0);
  // The list endpoint tells whether this API can edit an existing auditorium (GET list + PUT came together).
  const list = useAsync(
    () => (cinemaId
      ? auditoriumApi.list(cinemaId).then((r) => ({ items: r.items, editable: true }), (e: unknown) => {
          if (isProblem(e) && (e.status === 404 || e.status === 405)) return { items: [] as AuditoriumSummary[], editable: false };
          throw e;
        })
      : Promise.resolve({ items: [] as AuditoriumSummary[], editable: false })),
    [cinemaId, tick],
  );
  const auditoriums = list.data?.editable ? list.data.items : cinema?.auditoriums ?? [];
  const editable = list.data?.editable ?? false;
  const selected = query.auditorium || "new";
  const go = (next: { cinema?: string; auditorium?: string }) =>
    navigate(href("/staff/auditoriums", { cinema: next.cinema ?? cinemaId, auditorium: next.auditorium ?? selected }), { keepScroll: true });
  return (
    <>
      <h1>{at("title")}</h1>
      <div className="plan-toolbar">
        <div className="field">
          <label htmlFor="aud-cinema">{at("cinema")}</label>
          <select id="aud-cinema" value={cinemaId} onChange={(e) => go({ cinema: e.target.value, auditorium: "new" })}>
            {(cinemas.data?.items ?? []).map((c) => <option key={c.id} value={c.id}>{c.name} ({c.city})</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="aud-pick">{at("auditorium")}</label>
          <select id="aud-pick" value={selected} onChange={(e) => go({ auditorium: e.target.value })}>
            <option value="new">{at("new")}</option>
            {auditoriums.map((a) => <option key={a.id} value={a.id}>{a.name} ({a.capacity})</option>)}
          </select>
        </div>
      </div>
      {cinemas.error ? <ErrorMessage error={cinemas.error} onRetry={cinemas.reload} /> : null}
      {list.error ? <ErrorMessage error={list.error} onRetry={list.reload} /> : null}
      {cinemas.data && cinemas.data.items.length === 0 ? <p>{at("noCinema")}</p> : null}
      {cinemaId && list.data ? (
        <Editor key={`${cinemaId}|${selected}`} cinemaId={cinemaId} auditoriumId={selected === "new" ? null : selected}
          name={auditoriums.find((a) => a.id === selected)?.name ?? ""} editable={editable}
          onCreated={(id) => { setTick((n) => n + 1); go({ auditorium: id }); }} onSaved={() => setTick((n) => n + 1)} />
      ) : null}
    </>
  );
}

function Editor({ cinemaId, auditoriumId, name: initialName, editable, onCreated, onSaved }: {
  cinemaId: string; auditoriumId: string | null; name: string; editable: boolean; onCreated: (id: string) => void; onSaved: () => void;
}) {
  const { at } = useAudT();
  const toast = useToast();
  const seats = useAsync(() => (auditoriumId ? auditoriumApi.seats(auditoriumId) : Promise.resolve(null)), [auditoriumId]);
  const [name, setName] = useState(initialName);
  const [rows, setRows] = useState<RowDraft[]>(() => (auditoriumId ? [] : starter()));
  const [gapsText, setGapsText] = useState<string[]>(() => (auditoriumId ? [] : starter().map((r) => r.gapsAfter.join(", "))));
  const [paint, setPaint] = useState<Paint>("premium");
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (seats.data) {
      const loaded = fromSeats(seats.data.items);
      setRows(loaded);
      setGapsText(loaded.map((r) => r.gapsAfter.join(", ")));
    }
  }, [seats.data]);
  useEffect(() => setName(initialName), [initialName]);
  const readOnly = auditoriumId !== null && !editable;
  const found = problems(name, rows);
  const update = (i: number, row: RowDraft) => setRows((list) => list.map((r, j) => (j === i ? row : r)));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    setError(null);
    setMessage(null);
    if (found.length || readOnly) return;
    setBusy(true);
    try {
      const body = toBody(name, rows);
      if (auditoriumId) {
        await auditoriumApi.replace(auditoriumId, body);
        toast(at("saved"), "success");
        setMessage(at("saved"));
        onSaved();
      } else {
        const created = await auditoriumApi.create(cinemaId, body);
        toast(at("created"), "success");
        onCreated(created.id);
      }
    } catch (err) {
      if (isProblem(err, "auditorium-in-use")) setError(at("inUse"));
      else if (isProblem(err) && (err.status === 404 || err.status === 405) && auditoriumId) setError(at("editUnavailable"));
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  const total = rows.reduce((s, r) => s + r.seats, 0);
  return (
    <form onSubmit={save} className="stack" aria-busy={seats.loading || undefined}>
      {readOnly ? <p className="field-error" role="status">{at("editUnavailable")}</p> : null}
      {seats.error ? <ErrorMessage error={seats.error} onRetry={seats.reload} /> : null}
      <div className="field">
        <label htmlFor="aud-name">{at("name")}</label>
        <input id="aud-name" value={name} onChange={(e) => setName(e.target.value)} required disabled={readOnly} />
      </div>
      <section className="am-box" aria-labelledby="aud-rows">
        <h2 id="aud-rows" className="am-legend">{at("rows")}</h2>
        <div className="table-wrap">
          <table className="pref-table am-rows">
            <thead><tr><th scope="col">{at("row.label")}</th><th scope="col">{at("row.seats")}</th><th scope="col">{at("row.gaps")}</th><th scope="col"><span className="visually-hidden">{at("row.remove", { label: "" })}</span></th></tr></thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td><input disabled={readOnly} aria-label={at("row.labelOf", { n: i + 1 })} value={r.label} size={3} maxLength={4} onChange={(e) => update(i, { ...r, label: e.target.value })} /></td>
                  <td><input disabled={readOnly} aria-label={at("row.seatsOf", { label: r.label })} type="number" min={1} max={60} value={r.seats}
                    onChange={(e) => { const next = resizeRow(r, Number(e.target.value)); update(i, next); }} /></td>
                  <td><input disabled={readOnly} aria-label={at("row.gapsOf", { label: r.label })} value={gapsText[i] ?? ""} size={8}
                    onChange={(e) => { const text = e.target.value; setGapsText((g) => g.map((x, j) => (j === i ? text : x))); update(i, { ...r, gapsAfter: parseGaps(text, r.seats) }); }} /></td>
                  <td><button type="button" disabled={readOnly} className="button secondary small" aria-label={at("row.remove", { label: r.label })}
                    onClick={() => { setRows((list) => list.filter((_, j) => j !== i)); setGapsText((g) => g.filter((_, j) => j !== i)); }}>✕</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button type="button" className="button secondary small" disabled={readOnly} onClick={() => { setRows((list) => [...list, newRow(list)]); setGapsText((g) => [...g, ""]); }}>{at("row.add")}</button>
      </section>
      <fieldset className="fx-fieldset" disabled={readOnly}>
        <legend>{at("paint")}</legend>
        <div className="fx-checks">
          {paints.map((p) => (
            <label key={p} className="fx-check">
              <input type="radio" name="aud-paint" value={p} checked={paint === p} onChange={() => setPaint(p)} />
              <span className={`am-seat am-${p} am-swatch`} aria-hidden="true" />{at(`paint.${p}`)}
            </label>
          ))}
        </div>
        <p className="hint">{at("keys")}</p>
      </fieldset>
      <p>{at("summary", { rows: rows.length, seats: total, sellable: capacity(rows) })}</p>
      <div className="table-wrap">
        <div role="group" aria-label={at("map")} className="am-map">
          <div className="am-screen">{at("screen")}</div>
          {rows.map((r, i) => (
            <div key={i} className="am-row">
              <span className="am-label" aria-hidden="true">{r.label}</span>
              {rowCells(r).map((c) => c.type === "aisle"
                ? <span key={"a" + c.after} className="am-aisle" aria-hidden="true" />
                : (
                  <button key={c.number} type="button" className={`am-seat am-${c.kind}`} disabled={readOnly}
                    aria-label={at("seat", { row: r.label, number: c.number, kind: at(`paint.${c.kind}`) })}
                    onClick={() => update(i, paintSeat(r, c.number, c.kind === paint ? "standard" : paint))}>
                    {c.kind === "blocked" ? "✕" : c.number}
                  </button>
                ))}
            </div>
          ))}
        </div>
      </div>
      {shown && found.length ? <ul className="field-error" role="alert">{found.map((p) => <li key={p}>{at(`problem.${p}`)}</li>)}</ul> : null}
      {typeof error === "string" ? <p className="field-error" role="alert">{error}</p> : error ? <ErrorMessage error={error} /> : null}
      {message ? <p className="plan-ok" role="status">{message}</p> : null}
      <div><button type="submit" className="button" disabled={busy || readOnly}>{auditoriumId ? at("save") : at("create")}</button></div>
    </form>
  );
}
