import { FormEvent, ReactNode, useEffect, useId, useRef, useState } from "react";
import { schedulingApi } from "../../api/scheduling";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage, problemLine } from "../../components/ErrorMessage";
import { useI18n } from "../../i18n/i18n";
import { Confirm } from "../Confirm";
import { CheckResult, planningApi, unsupportedField } from "./api";
import { addDays, DAY_MINUTES, hhmm, hhmmOf, parseHhmm, percent, zonedToUtc } from "./calendar";
import { usePlanT } from "./i18n";
import type { BoardContext, Placed } from "./model";

/** A modal (native <dialog>: focus kept inside, Escape closes) with a heading and a close button. */
function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const { pt } = usePlanT();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby={id} className="card plan-dialog" onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <div className="plan-dialog-head">
        <h2 id={id}>{title}</h2>
        <button type="button" className="button secondary small" onClick={onClose}>{pt("close")}</button>
      </div>
      {children}
    </dialog>
  );
}

function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  if (typeof error === "string") return <p className="field-error" role="alert">{error}</p>;
  return <ErrorMessage error={error} />;
}

/** The dry-run check of a slot, rerun (debounced) when it changes; null while incomplete. */
function useDryRun(input: { filmId: string; auditoriumId: string; startsAt: string | null; excludeScreeningId?: string } | null) {
  const [state, setState] = useState<{ key: string; result?: CheckResult; error?: unknown } | null>(null);
  const key = input && input.startsAt ? `${input.filmId}|${input.auditoriumId}|${input.startsAt}` : "";
  useEffect(() => {
    if (!input || !input.startsAt || !input.filmId || !input.auditoriumId) {
      setState(null);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      planningApi.check({ filmId: input.filmId, auditoriumId: input.auditoriumId, startsAt: input.startsAt!, excludeScreeningId: input.excludeScreeningId }, controller.signal)
        .then((result) => setState({ key, result }), (error: unknown) => { if (!controller.signal.aborted) setState({ key, error }); });
    }, 250);
    return () => { window.clearTimeout(timer); controller.abort(); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state && state.key === key ? state : null;
}

function CheckView({ state, tz, id }: { state: ReturnType<typeof useDryRun>; tz: string; id: string }) {
  const { pt } = usePlanT();
  const { t } = useI18n();
  if (!state) return <p id={id} className="hint" role="status">{pt("checking")}</p>;
  if (state.error) return <p id={id} className="field-error" role="alert">{problemLine(state.error, t)}</p>;
  const r = state.result!;
  if (r.conflicts.length === 0) return <p id={id} className="plan-ok" role="status">{pt("free", { start: hhmmOf(r.startsAt, tz), end: hhmmOf(r.endsAt, tz) })}</p>;
  return (
    <div id={id} role="alert" className="plan-conflicts">
      <p className="field-error">{pt("check.conflicts")}</p>
      <ul>
        {r.conflicts.map((c) => <li key={c.id}>{c.filmTitle}, {c.auditoriumName}, {hhmmOf(c.startsAt, tz)}–{hhmmOf(c.endsAt, tz)} {pt("busyTail")}</li>)}
      </ul>
    </div>
  );
}

/** Date and minutes of a board slot (24:30 on Monday is 00:30 on Tuesday). */
function slotDate(week: string, day: number, minutes: number) {
  return { date: addDays(week, day + Math.floor(minutes / DAY_MINUTES)), time: hhmm(minutes) };
}

export function DetailsDialog({ ctx, item, onClose, onMoved }: { ctx: BoardContext; item: Placed; onClose: () => void; onMoved: (text: string) => void }) {
  const { pt } = usePlanT();
  const { s } = item;
  const aud = ctx.board.auditoriums.find((a) => a.id === item.auditoriumId);
  const start = slotDate(ctx.week, item.day, item.start);
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.time);
  const [auditoriumId, setAuditoriumId] = useState(item.auditoriumId);
  const [filmId, setFilmId] = useState(s.filmId);
  const [error, setError] = useState<unknown>(null);
  const [filmError, setFilmError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState(pt("cancel.defaultReason"));
  const [busy, setBusy] = useState(false);
  const minutes = parseHhmm(time);
  const startsAt = date && minutes !== null ? zonedToUtc(date, minutes, ctx.tz) : null;
  const otherAuditorium = auditoriumId !== item.auditoriumId;
  const changed = startsAt !== null && (startsAt !== new Date(s.startsAt).toISOString().replace(/\.\d{3}Z$/, "Z") || otherAuditorium);
  const dry = useDryRun(changed ? { filmId: s.filmId, auditoriumId, startsAt, excludeScreeningId: s.id } : null);
  const blockedAuditorium = otherAuditorium && !ctx.canMoveAuditorium;
  const ids = { date: useId(), time: useId(), aud: useId(), film: useId(), check: useId(), reason: useId() };

  const move = async (e: FormEvent) => {
    e.preventDefault();
    if (!startsAt || blockedAuditorium) return;
    setError(null);
    setBusy(true);
    try {
      const r = await planningApi.check({ filmId: s.filmId, auditoriumId, startsAt, excludeScreeningId: s.id });
      if (r.conflicts.length) {
        setError(pt("busy", { what: r.conflicts.map((c) => `${c.filmTitle} ${hhmmOf(c.startsAt, ctx.tz)}–${hhmmOf(c.endsAt, ctx.tz)}`).join(", ") }) + " " + pt("busyTail"));
        return;
      }
      await planningApi.move(s.id, otherAuditorium ? { startsAt, auditoriumId } : { startsAt });
      const name = ctx.board.auditoriums.find((a) => a.id === auditoriumId)?.name ?? "";
      onMoved(pt("moved", { day: date, time, auditorium: name }));
    } catch (err) {
      setError(unsupportedField(err, "auditoriumId") ? pt("noAuditoriumMove") : err);
    } finally {
      setBusy(false);
    }
  };

  const changeFilm = async (e: FormEvent) => {
    e.preventDefault();
    setFilmError(null);
    if (!ctx.canChangeFilm || filmId === s.filmId) return;
    setBusy(true);
    try {
      const r = await planningApi.check({ filmId, auditoriumId: item.auditoriumId, startsAt: s.startsAt, excludeScreeningId: s.id });
      if (r.conflicts.length) {
        setFilmError(r.conflicts.map((c) => `${c.filmTitle} ${hhmmOf(c.startsAt, ctx.tz)}–${hhmmOf(c.endsAt, ctx.tz)}`).join(", ") + " " + pt("busyTail"));
        return;
      }
      await planningApi.move(s.id, { filmId });
      onMoved(pt("film.changed"));
    } catch (err) {
      setFilmError(unsupportedField(err, "filmId") ? pt("noFilmChange") : String((err as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    setBusy(true);
    try {
      const r = await planningApi.cancel(s.id, reason.trim() || pt("cancel.defaultReason"));
      const text = r.cancelledBookings === 1 ? pt("cancel.doneOne") : pt("cancel.done", { n: r.cancelledBookings });
      setCancelling(false);
      onMoved(text);
    } catch (err) {
      setCancelling(false);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const whenValues = { day: ctx.dayName(item.day), time: hhmm(item.start) };
  return (
    <Modal title={s.filmTitle} onClose={onClose}>
      <p>{pt("when", { day: ctx.dayName(item.day), start: hhmm(item.start), end: hhmm(item.end) })} · {aud?.name} · {s.format} {s.version}</p>
      <p>{pt("fill", { pct: percent(s.fillRate), sold: s.sold, capacity: aud?.capacity ?? 0, held: s.held })}</p>
      <Problem error={error} />
      <form onSubmit={move} className="stack plan-form">
        <h3>{pt("move.title")}</h3>
        <div className="plan-fields">
          <div className="field"><label htmlFor={ids.date}>{pt("move.date")}</label>
            <input id={ids.date} type="date" value={date} onChange={(e) => setDate(e.target.value)} required /></div>
          <div className="field"><label htmlFor={ids.time}>{pt("move.time")}</label>
            <input id={ids.time} type="time" step={900} value={time} onChange={(e) => setTime(e.target.value)} required /></div>
          <div className="field"><label htmlFor={ids.aud}>{pt("move.auditorium")}</label>
            <select id={ids.aud} value={auditoriumId} onChange={(e) => setAuditoriumId(e.target.value)}>
              {ctx.board.auditoriums.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
            </select></div>
        </div>
        {blockedAuditorium ? <p className="field-error" role="alert">{pt("noAuditoriumMove")}</p> : changed ? <CheckView state={dry} tz={ctx.tz} id={ids.check} /> : null}
        <div><button type="submit" className="button" disabled={!changed || busy || blockedAuditorium || Boolean(dry?.result?.conflicts.length)}>{pt("move.submit")}</button></div>
      </form>
      <form onSubmit={changeFilm} className="stack plan-form">
        <h3>{pt("film.title")}</h3>
        {!ctx.canChangeFilm ? <p className="hint">{pt("noFilmChange")}</p> : null}
        <div className="field"><label htmlFor={ids.film}>{pt("film.film")}</label>
          <select id={ids.film} value={filmId} onChange={(e) => setFilmId(e.target.value)} disabled={!ctx.canChangeFilm}>
            {!ctx.films.some((f) => f.id === s.filmId) ? <option value={s.filmId}>{s.filmTitle}</option> : null}
            {ctx.films.map((f) => <option key={f.id} value={f.id}>{f.title} ({f.runtimeMinutes} min)</option>)}
          </select></div>
        {filmError ? <p className="field-error" role="alert">{filmError}</p> : null}
        <div><button type="submit" className="button" disabled={!ctx.canChangeFilm || filmId === s.filmId || busy}>{pt("film.submit")}</button></div>
      </form>
      <div className="plan-form">
        <button type="button" className="button danger" onClick={() => setCancelling(true)}>{pt("cancel.open")}</button>
      </div>
      {cancelling ? (
        <Confirm busy={busy} onCancel={() => setCancelling(false)} onConfirm={cancel}
          message={s.bookings === 1
            ? pt("cancel.confirmOne", { film: s.filmTitle, ...whenValues, sold: s.sold })
            : typeof s.bookings === "number"
            ? pt("cancel.confirmBookings", { film: s.filmTitle, ...whenValues, bookings: s.bookings, sold: s.sold })
            : pt("cancel.confirm", { film: s.filmTitle, ...whenValues, sold: s.sold })}>
          <div className="field">
            <label htmlFor={ids.reason}>{pt("cancel.reason")}</label>
            <input id={ids.reason} value={reason} onChange={(e) => setReason(e.target.value)} required />
          </div>
        </Confirm>
      ) : null}
    </Modal>
  );
}

export function CreateDialog({ ctx, initial, onClose, onCreated }: {
  ctx: BoardContext; initial: { day: number; auditoriumId: string; minutes: number }; onClose: () => void; onCreated: () => void;
}) {
  const { pt } = usePlanT();
  const start = slotDate(ctx.week, initial.day, initial.minutes);
  const [filmId, setFilmId] = useState(ctx.films[0]?.id ?? "");
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.time);
  const [auditoriumId, setAuditoriumId] = useState(initial.auditoriumId);
  const [format, setFormat] = useState("2D");
  const [version, setVersion] = useState("VF");
  const [price, setPrice] = useState("10.00");
  const [priceCardId, setPriceCardId] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const cards = useAsync(() => schedulingApi.priceCards(ctx.cinema.id), [ctx.cinema.id]);
  const minutes = parseHhmm(time);
  const startsAt = date && minutes !== null ? zonedToUtc(date, minutes, ctx.tz) : null;
  const dry = useDryRun(filmId && auditoriumId ? { filmId, auditoriumId, startsAt } : null);
  const ids = { film: useId(), date: useId(), time: useId(), aud: useId(), format: useId(), version: useId(), price: useId(), card: useId(), check: useId() };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!startsAt || !filmId) return;
    setError(null);
    setBusy(true);
    try {
      const r = await planningApi.check({ filmId, auditoriumId, startsAt });
      if (r.conflicts.length) {
        setError(pt("busy", { what: r.conflicts.map((c) => `${c.filmTitle} ${hhmmOf(c.startsAt, ctx.tz)}–${hhmmOf(c.endsAt, ctx.tz)}`).join(", ") }) + " " + pt("busyTail"));
        return;
      }
      await planningApi.create({
        filmId, auditoriumId, startsAt, format, version, currency: ctx.cinema.currency || "EUR",
        priceAmount: Math.round(Number(price.replace(",", ".")) * 100) || 0, priceCardId: priceCardId || undefined,
      });
      onCreated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={pt("create.title")} onClose={onClose}>
      {ctx.films.length === 0 ? <p className="field-error">{pt("create.noFilm")}</p> : null}
      <form onSubmit={submit} className="stack plan-form">
        <div className="field"><label htmlFor={ids.film}>{pt("create.film")}</label>
          <select id={ids.film} value={filmId} onChange={(e) => setFilmId(e.target.value)} required>
            {ctx.films.map((f) => <option key={f.id} value={f.id}>{f.title} ({f.runtimeMinutes} min)</option>)}
          </select></div>
        <div className="plan-fields">
          <div className="field"><label htmlFor={ids.date}>{pt("move.date")}</label>
            <input id={ids.date} type="date" value={date} onChange={(e) => setDate(e.target.value)} required /></div>
          <div className="field"><label htmlFor={ids.time}>{pt("move.time")}</label>
            <input id={ids.time} type="time" step={900} value={time} onChange={(e) => setTime(e.target.value)} required /></div>
          <div className="field"><label htmlFor={ids.aud}>{pt("move.auditorium")}</label>
            <select id={ids.aud} value={auditoriumId} onChange={(e) => setAuditoriumId(e.target.value)}>
              {ctx.board.auditoriums.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
            </select></div>
        </div>
        <div className="plan-fields">
          <div className="field"><label htmlFor={ids.format}>{pt("create.format")}</label>
            <select id={ids.format} value={format} onChange={(e) => setFormat(e.target.value)}>
              {["2D", "3D", "IMAX"].map((f) => <option key={f}>{f}</option>)}
            </select></div>
          <div className="field"><label htmlFor={ids.version}>{pt("create.version")}</label>
            <select id={ids.version} value={version} onChange={(e) => setVersion(e.target.value)}>
              {["VF", "VO", "VOSTFR"].map((v) => <option key={v}>{v}</option>)}
            </select></div>
          <div className="field"><label htmlFor={ids.price}>{pt("create.price")}</label>
            <input id={ids.price} inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} required pattern="[0-9]+([.,][0-9]{1,2})?" /></div>
          <div className="field"><label htmlFor={ids.card}>{pt("create.priceCard")}</label>
            <select id={ids.card} value={priceCardId} onChange={(e) => setPriceCardId(e.target.value)}>
              <option value="">{pt("create.noCard")}</option>
              {(cards.data?.items ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select></div>
        </div>
        {filmId ? <CheckView state={dry} tz={ctx.tz} id={ids.check} /> : null}
        <Problem error={error} />
        <div><button type="submit" className="button" disabled={busy || !filmId || Boolean(dry?.result?.conflicts.length)}>{pt("create.submit")}</button></div>
      </form>
    </Modal>
  );
}
