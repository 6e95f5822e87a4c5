import { FormEvent, useMemo, useState } from "react";
import { catalogApi } from "../../api/catalog";
import { schedulingApi } from "../../api/scheduling";
import { Link } from "../../app/Link";
import { useToast } from "../../app/toasts";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { formatMoney, minorDigits } from "../../lib/money";
import type { SectionProps } from "../section";
import { PromoCapabilities, PromoCode, promoCapabilities, promosApi } from "./api";
import { usePromoT } from "./i18n";
import { emptyPromoForm, PromoField, PromoForm, promoBody, promoState } from "./promoForm";

/** /staff/promos: the promo codes with their rules, uses and state; create one with all its rules; pause/resume. */
export default function PromosSection(_props: SectionProps) {
  const { mt } = usePromoT();
  const caps = useAsync(() => promoCapabilities(), []);
  const list = useAsync((signal) => promosApi.list(signal), []);
  const report = useAsync((signal) => promosApi.report(undefined, undefined, signal).catch(() => null), []);
  return (
    <>
      <h1>{mt("promo.title")}</h1>
      <PromoList codes={list.data?.items} error={list.error} reload={() => { list.reload(); report.reload(); }} caps={caps.data}
        usage={report.data ?? null} />
      <CreatePromo caps={caps.data} onCreated={() => { list.reload(); report.reload(); }} />
    </>
  );
}

function PromoList({ codes, error, reload, caps, usage }: {
  codes?: PromoCode[]; error: unknown; reload: () => void; caps?: PromoCapabilities; usage: { columns: string[]; rows: (string | number)[][] } | null;
}) {
  const { mt, locale } = usePromoT();
  const toast = useToast();
  const [actionError, setActionError] = useState<unknown>(null);
  const [open, setOpen] = useState<string | null>(null);
  const discounts = useMemo(() => {
    const map = new Map<string, string>();
    if (!usage) return map;
    const c = usage.columns.indexOf("code"), cur = usage.columns.indexOf("currency"), d = usage.columns.indexOf("discounts");
    for (const row of usage.rows) {
      const code = String(row[c]);
      const text = formatMoney(Number(row[d]), String(row[cur]), locale);
      map.set(code, map.has(code) ? `${map.get(code)}, ${text}` : text);
    }
    return map;
  }, [usage, locale]);
  const toggle = async (p: PromoCode, pause: boolean) => {
    setActionError(null);
    if (!caps?.pause) return;
    try {
      await promosApi.setPaused(p.code, pause, caps.pause);
      toast(mt(pause ? "promo.pausedDone" : "promo.resumedDone", { code: p.code }), "success");
      reload();
    } catch (e) {
      setActionError(e);
    }
  };
  const discount = (p: PromoCode) => (p.kind === "percent" ? `${p.value} %` : formatMoney(p.value, p.currency ?? "EUR", locale));
  const when = (iso?: string) => (iso ? new Date(iso).toLocaleString(locale, { dateStyle: "short", timeStyle: "short" }) : "…");
  return (
    <section className="section card stack" aria-labelledby="promo-list">
      <h2 id="promo-list">{mt("promo.list")}</h2>
      {caps && !caps.pause && <p className="hint">{mt("promo.noPause")}</p>}
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {actionError ? <ErrorMessage error={actionError} /> : null}
      {codes && codes.length === 0 ? <p>{mt("promo.none")}</p> : null}
      {codes && codes.length > 0 && (
        <div className="table-wrap">
          <table className="pref-table staff-people-table">
            <caption className="visually-hidden">{mt("promo.list")}</caption>
            <thead>
              <tr>
                <th scope="col">{mt("promo.code")}</th><th scope="col">{mt("promo.discount")}</th><th scope="col">{mt("promo.window")}</th>
                <th scope="col">{mt("promo.uses")}</th><th scope="col">{mt("promo.rules")}</th><th scope="col">{mt("promo.state")}</th>
                <th scope="col">{mt("promo.given")}</th><th scope="col">{mt("promo.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {codes.map((p) => {
                const state = promoState(p);
                const rules = [
                  p.perUserLimit ? mt("promo.rule.perUser", { n: p.perUserLimit }) : "",
                  p.minAmount ? mt("promo.rule.min", { amount: formatMoney(p.minAmount, p.currency ?? "EUR", locale) }) : "",
                  p.filmIds?.length ? mt("promo.rule.films", { n: p.filmIds.length }) : "",
                  p.cinemaIds?.length ? mt("promo.rule.cinemas", { n: p.cinemaIds.length }) : "",
                  p.screeningIds?.length ? mt("promo.rule.screenings", { n: p.screeningIds.length }) : "",
                ].filter(Boolean);
                return (
                  <tr key={p.code} data-code={p.code}>
                    <th scope="row" style={{ whiteSpace: "nowrap" }}>{p.code}</th>
                    <td>{discount(p)}</td>
                    <td>{when(p.validFrom)} → {when(p.validUntil)}</td>
                    <td>{p.redeemed ?? 0}{p.maxRedemptions ? ` / ${p.maxRedemptions}` : ""}</td>
                    <td>{rules.join(" · ") || mt("promo.rule.none")}</td>
                    <td><span className="tag">{mt(`promo.state.${state}`)}</span></td>
                    <td>{discounts.get(p.code) ?? "—"}</td>
                    <td>
                      <span className="staff-people-actions">
                        {state === "paused"
                          ? <button type="button" className="button small" disabled={!caps?.pause} onClick={() => toggle(p, false)} aria-label={mt("promo.resume", { code: p.code })}>{mt("promo.resumeShort")}</button>
                          : <button type="button" className="button small secondary" disabled={!caps?.pause} onClick={() => toggle(p, true)} aria-label={mt("promo.pause", { code: p.code })}>{mt("promo.pauseShort")}</button>}
                        {caps?.redemptions && (
                          <button type="button" className="button small secondary" aria-expanded={open === p.code}
                            onClick={() => setOpen(open === p.code ? null : p.code)} aria-label={mt("promo.redemptionsOf", { code: p.code })}>{mt("promo.redemptionsShort")}</button>
                        )}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {open && <Redemptions code={open} />}
      {usage === null && <p className="hint">{mt("promo.noReport")}</p>}
    </section>
  );
}

function Redemptions({ code }: { code: string }) {
  const { mt, locale } = usePromoT();
  const list = useAsync((signal) => promosApi.redemptions(code, signal), [code]);
  return (
    <div className="stack">
      <h3>{mt("promo.redemptionsOf", { code })}</h3>
      {list.error ? <ErrorMessage error={list.error} onRetry={list.reload} /> : null}
      {list.data && list.data.items.length === 0 ? <p>{mt("promo.noRedemption")}</p> : null}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="pref-table">
            <thead><tr><th scope="col">{mt("promo.when")}</th><th scope="col">{mt("promo.discount")}</th><th scope="col">{mt("promo.payment")}</th><th scope="col">{mt("promo.state")}</th></tr></thead>
            <tbody>
              {list.data.items.map((r, i) => (
                <tr key={r.paymentId ?? i}>
                  <td>{r.redeemedAt ? new Date(r.redeemedAt).toLocaleString(locale) : ""}</td>
                  <td>{r.discount !== undefined ? formatMoney(r.discount, r.currency ?? "EUR", locale) : ""}</td>
                  <td>{r.paymentId ? <Link href={`/staff/payments/${r.paymentId}`}>{r.paymentId.slice(0, 8).toLowerCase()}</Link> : ""}</td>
                  <td>{r.status ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function CreatePromo({ caps, onCreated }: { caps?: PromoCapabilities; onCreated: () => void }) {
  const { mt } = usePromoT();
  const toast = useToast();
  const [form, setForm] = useState<PromoForm>(emptyPromoForm);
  const [errors, setErrors] = useState<Partial<Record<PromoField, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [filmQuery, setFilmQuery] = useState("");
  const films = useAsync((signal) => catalogApi.films({ limit: 50, q: filmQuery.trim() || undefined }, signal), [filmQuery]);
  const cinemas = useAsync(() => (caps?.cinemaIds ? schedulingApi.cinemas() : Promise.resolve(null)), [caps?.cinemaIds]);
  const set = <K extends PromoField>(key: K, value: PromoForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const toggleIn = (key: "filmIds" | "cinemaIds", value: string, on: boolean) =>
    setForm((f) => ({ ...f, [key]: on ? [...f[key], value] : f[key].filter((x) => x !== value) }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const { body, errors: found } = promoBody(form, minorDigits(form.currency.trim().toUpperCase() || "EUR"));
    setErrors(found);
    if (!body) return;
    try {
      const created = await promosApi.create(body);
      toast(mt("promo.created", { code: created.code }), "success");
      setForm(emptyPromoForm);
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  const fieldError = (k: PromoField) => errors[k] ? <small id={`promo-${k}-error`} className="field-error">{mt(`promo.err.${errors[k]}` as "promo.err.code")}</small> : null;
  const described = (k: PromoField, hint = false) => [hint ? `promo-${k}-hint` : "", errors[k] ? `promo-${k}-error` : ""].filter(Boolean).join(" ") || undefined;
  const input = (k: Exclude<PromoField, "filmIds" | "cinemaIds" | "kind">, label: string, props: Record<string, unknown> = {}, hint?: string) => (
    <div className="field">
      <label htmlFor={`promo-${k}`}>{label}</label>
      <input id={`promo-${k}`} value={form[k]} onChange={(e) => set(k, e.target.value)} aria-invalid={Boolean(errors[k]) || undefined}
        aria-describedby={described(k, Boolean(hint))} {...props} />
      {hint && <small id={`promo-${k}-hint`} className="hint">{hint}</small>}
      {fieldError(k)}
    </div>
  );
  return (
    <section className="section card stack" aria-labelledby="promo-new">
      <h2 id="promo-new">{mt("promo.new")}</h2>
      <form className="stack" onSubmit={submit} noValidate>
        <div className="staff-people-grid">
          {input("code", mt("promo.code"), { autoCapitalize: "characters", spellCheck: false }, mt("promo.codeHint"))}
          <div className="field">
            <label htmlFor="promo-kind">{mt("promo.kind")}</label>
            <select id="promo-kind" value={form.kind} onChange={(e) => set("kind", e.target.value as PromoForm["kind"])}>
              <option value="percent">{mt("promo.kind.percent")}</option>
              <option value="fixed">{mt("promo.kind.fixed")}</option>
            </select>
          </div>
          {input("value", form.kind === "percent" ? mt("promo.valuePercent") : mt("promo.valueAmount"), { inputMode: "decimal" })}
          {input("currency", mt("promo.currency"), { maxLength: 3 }, mt("promo.currencyHint"))}
          {input("validFrom", mt("promo.validFrom"), { type: "datetime-local" })}
          {input("validUntil", mt("promo.validUntil"), { type: "datetime-local" })}
          {input("maxRedemptions", mt("promo.maxRedemptions"), { inputMode: "numeric" }, mt("promo.emptyUnlimited"))}
          {input("perUserLimit", mt("promo.perUserLimit"), { inputMode: "numeric" }, mt("promo.emptyUnlimited"))}
          {input("minAmount", mt("promo.minAmount"), { inputMode: "decimal" }, mt("promo.minHint"))}
        </div>
        <fieldset className="staff-people-fieldset">
          <legend>{mt("promo.films")}</legend>
          <p className="hint">{mt("promo.filmsHint")}</p>
          <div className="field">
            <label htmlFor="promo-film-q">{mt("promo.filmSearch")}</label>
            <input id="promo-film-q" type="search" value={filmQuery} onChange={(e) => setFilmQuery(e.target.value)} />
          </div>
          {films.error ? <ErrorMessage error={films.error} onRetry={films.reload} /> : null}
          <ul className="plain-list staff-people-checks">
            {(films.data?.items ?? []).map((f) => (
              <li key={f.id}>
                <label className="staff-people-choice">
                  <input type="checkbox" checked={form.filmIds.includes(f.id)} onChange={(e) => toggleIn("filmIds", f.id, e.target.checked)} />
                  {f.title}
                </label>
              </li>
            ))}
          </ul>
          {form.filmIds.length > 0 && <p role="status">{mt("promo.filmsChosen", { n: form.filmIds.length })}</p>}
        </fieldset>
        <fieldset className="staff-people-fieldset">
          <legend>{mt("promo.cinemas")}</legend>
          {caps?.cinemaIds ? (
            <ul className="plain-list staff-people-checks">
              {(cinemas.data?.items ?? []).map((c) => (
                <li key={c.id}>
                  <label className="staff-people-choice">
                    <input type="checkbox" checked={form.cinemaIds.includes(c.id)} onChange={(e) => toggleIn("cinemaIds", c.id, e.target.checked)} />
                    {c.name}
                  </label>
                </li>
              ))}
            </ul>
          ) : <p className="hint">{mt("promo.noCinemas")}</p>}
          <div className="field">
            <label htmlFor="promo-screeningIds">{mt("promo.screenings")}</label>
            <textarea id="promo-screeningIds" rows={2} value={form.screeningIds} onChange={(e) => set("screeningIds", e.target.value)}
              aria-describedby={described("screeningIds", true)} aria-invalid={Boolean(errors.screeningIds) || undefined} />
            <small id="promo-screeningIds-hint" className="hint">{mt("promo.screeningsHint")}</small>
            {fieldError("screeningIds")}
          </div>
        </fieldset>
        {error ? <ErrorMessage error={error} /> : null}
        <div><button type="submit" className="button">{mt("promo.create")}</button></div>
      </form>
    </section>
  );
}
