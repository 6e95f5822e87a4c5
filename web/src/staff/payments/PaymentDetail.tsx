import { FormEvent, useMemo, useState } from "react";
import { Link } from "../../app/Link";
import { useToast } from "../../app/toasts";
import { useAsync } from "../../app/useAsync";
import { ErrorMessage } from "../../components/ErrorMessage";
import { formatMoney, minorDigits } from "../../lib/money";
import { newKey } from "../../lib/idempotency";
import { Confirm } from "../Confirm";
import { isMissingEndpoint, paymentsApi, RefundRequest, StaffBooking, StaffInvoice, StaffPayment } from "./api";
import { usePayT } from "./i18n";
import { buildTimeline, parseAmount, RecordedRefund, remainingToRefund, TimelineItem } from "./timeline";

interface Loaded {
  payment: StaffPayment;
  invoices: StaffInvoice[];
  booking: StaffBooking | null;
  timeline: TimelineItem[] | null;
  signals: { createdAt: string; rule: string; action: string; detail: string }[];
}

/** One payment: what it is, its timeline (attempts, 3-D Secure, webhooks, refunds, invoice), and refunds. */
export function PaymentDetail({ paymentId }: { paymentId: string }) {
  const { pt, locale } = usePayT();
  const [refunds, setRefunds] = useState<RecordedRefund[]>([]);
  const state = useAsync<Loaded>(async (signal) => {
    const payment = await paymentsApi.payment(paymentId, signal);
    const [invoices, booking, timeline, signals] = await Promise.all([
      paymentsApi.invoices(payment.bookingId, signal).then((p) => p.items, () => [] as StaffInvoice[]),
      paymentsApi.booking(payment.bookingId, signal).catch(() => null),
      paymentsApi.timeline(paymentId, signal).then((t) => t.items, (e: unknown) => {
        if (isMissingEndpoint(e)) return null;
        throw e;
      }),
      paymentsApi.fraudSignals(undefined, signal).then(
        (p) => p.items.filter((s) => s.bookingId.toLowerCase() === payment.bookingId.toLowerCase()), () => []),
    ]);
    return { payment, invoices, booking, timeline, signals };
  }, [paymentId]);
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  const items = useMemo(() => {
    const d = state.data;
    if (!d) return [];
    if (d.timeline) return d.timeline;
    return buildTimeline(d.payment, d.invoices, d.signals, refunds, {
      created: (provider, amount) => pt("tl.created", { provider, amount }),
      succeeded: pt("tl.succeeded"),
      failed: (reason) => pt("tl.failed", { reason }),
      pending: pt("tl.pending"),
      refund: (amount, reason) => pt("tl.refund", { amount, reason }),
      creditNote: (number, amount) => pt("tl.creditNote", { number, amount }),
      invoice: (number, amount) => pt("tl.invoice", { number, amount }),
      fraud: (rule, action) => pt("tl.fraud", { rule, action }),
      money,
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.data, refunds, locale]);
  if (state.error) return <><BackLink /><ErrorMessage error={state.error} onRetry={state.reload} /></>;
  if (!state.data) return <><BackLink /><h1>{pt("detail.title")}</h1><p className="muted" aria-busy="true">{pt("common.loading")}</p></>;
  const { payment, booking, invoices } = state.data;
  const remaining = remainingToRefund(payment, invoices);
  return (
    <>
      <BackLink />
      <h1>{pt("detail.heading", { id: payment.id.slice(0, 8).toLowerCase() })}</h1>
      <dl className="card staff-people-dl">
        <dt>{pt("pay.col.status")}</dt><dd><span className="tag" data-testid="payment-status">{pt(`pay.status.${payment.status}`)}</span></dd>
        <dt>{pt("pay.col.amount")}</dt><dd>{money(payment.amount, payment.currency)}{payment.discount ? ` (${pt("detail.discount", { amount: money(payment.discount, payment.currency), code: payment.promoCode ?? "" })})` : ""}</dd>
        <dt>{pt("detail.remaining")}</dt><dd>{money(remaining, payment.currency)}</dd>
        <dt>{pt("detail.provider")}</dt><dd>{payment.provider}</dd>
        <dt>{pt("pay.col.date")}</dt><dd>{new Date(payment.createdAt).toLocaleString(locale)}</dd>
        <dt>{pt("pay.col.user")}</dt><dd><Link href={`/staff/payments?user=${payment.userId}`}>{payment.userId}</Link></dd>
        <dt>{pt("detail.booking")}</dt>
        <dd>{booking ? `${booking.filmTitle ?? ""} · ${booking.cinemaName ?? ""} · ${booking.startsAt ? new Date(booking.startsAt).toLocaleString(locale) : ""} · ${booking.status}` : payment.bookingId}</dd>
      </dl>
      <section className="section" aria-labelledby="tl-heading">
        <h2 id="tl-heading">{pt("tl.title")}</h2>
        {!state.data.timeline && <p className="hint">{pt("tl.rebuilt")}</p>}
        <ol className="staff-timeline" aria-label={pt("tl.title")}>
          {items.map((item, i) => (
            <li key={i} data-kind={item.kind}>
              <time dateTime={item.at}>{new Date(item.at).toLocaleString(locale)}</time>{" "}
              <span className="tag">{kindLabel(pt, item.kind)}</span> <span>{item.summary}</span>
              {item.details && Object.keys(item.details).length > 0 && (
                <details>
                  <summary>{pt("tl.details")}</summary>
                  <dl className="staff-people-dl">
                    {Object.entries(item.details).map(([k, v]) => (
                      <div key={k} style={{ display: "contents" }}><dt>{k}</dt><dd>{typeof v === "string" ? v : JSON.stringify(v)}</dd></div>
                    ))}
                  </dl>
                </details>
              )}
            </li>
          ))}
        </ol>
      </section>
      <RefundForm payment={payment} booking={booking} remaining={remaining}
        onRefunded={(r) => { setRefunds((list) => [...list, r]); state.reload(); }} />
    </>
  );
}

function kindLabel(pt: ReturnType<typeof usePayT>["pt"], kind: string): string {
  const known = ["created", "attempt", "3ds", "webhook", "succeeded", "failed", "refund", "invoice", "fraud"];
  return known.includes(kind) ? pt(`tl.kind.${kind}` as "tl.kind.created") : kind;
}

function BackLink() {
  const { pt } = usePayT();
  return <p><Link href="/staff/payments">{pt("detail.back")}</Link></p>;
}

type Mode = "full" | "amount" | "seats";

function RefundForm({ payment, booking, remaining, onRefunded }: {
  payment: StaffPayment; booking: StaffBooking | null; remaining: number; onRefunded: (r: RecordedRefund) => void;
}) {
  const { pt, locale } = usePayT();
  const toast = useToast();
  const [mode, setMode] = useState<Mode>("amount");
  const [amountText, setAmountText] = useState("");
  const [seatIds, setSeatIds] = useState<string[]>([]);
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState<{ body: RefundRequest; amount: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [formError, setFormError] = useState("");
  const [key, setKey] = useState(() => newKey());
  const money = (minor: number) => formatMoney(minor, payment.currency, locale);
  const seats = booking?.seats ?? [];
  if (remaining <= 0) return <section className="section card"><h2>{pt("refund.title")}</h2><p>{pt("refund.nothing")}</p></section>;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError("");
    if (!reason.trim()) { setFormError(pt("refund.needReason")); return; }
    if (mode === "full") { setConfirming({ body: { reason: reason.trim() }, amount: remaining }); return; }
    if (mode === "seats") {
      if (seatIds.length === 0) { setFormError(pt("refund.needSeats")); return; }
      const amount = seats.filter((s) => seatIds.includes(s.seatId)).reduce((n, s) => n + (s.price ?? 0), 0);
      setConfirming({ body: { reason: reason.trim(), seatIds }, amount });
      return;
    }
    const amount = parseAmount(amountText, minorDigits(payment.currency));
    if (amount === null || amount <= 0 || amount > remaining) { setFormError(pt("refund.badAmount", { max: money(remaining) })); return; }
    setConfirming({ body: { reason: reason.trim(), amount, goodwill: true }, amount });
  };
  const refund = async () => {
    if (!confirming) return;
    setBusy(true);
    setError(null);
    try {
      const r = await paymentsApi.refund(payment.id, confirming.body, key);
      toast(pt("refund.done", { amount: money(r.amount) }), "success");
      onRefunded({ at: new Date().toISOString(), amount: r.amount, currency: r.currency, reason: r.reason, covers: r.covers });
      setAmountText(""); setReason(""); setSeatIds([]);
      setKey(newKey());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };
  return (
    <section className="section card stack" aria-labelledby="refund-heading">
      <h2 id="refund-heading">{pt("refund.title")}</h2>
      <form className="stack" onSubmit={submit} noValidate>
        <fieldset className="staff-people-fieldset">
          <legend>{pt("refund.kind")}</legend>
          {(["full", "amount", "seats"] as const).map((m) => (
            <label key={m} className="staff-people-choice">
              <input type="radio" name="refund-mode" value={m} checked={mode === m} onChange={() => setMode(m)} disabled={m === "seats" && seats.length === 0} />
              {m === "full" ? pt("refund.full", { amount: money(remaining) }) : pt(`refund.${m}`)}
            </label>
          ))}
        </fieldset>
        {mode === "amount" && (
          <div className="field">
            <label htmlFor="refund-amount">{pt("refund.amountLabel", { currency: payment.currency })}</label>
            <input id="refund-amount" inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} aria-describedby="refund-amount-hint" />
            <small id="refund-amount-hint" className="hint">{pt("refund.amountHint", { max: money(remaining) })}</small>
          </div>
        )}
        {mode === "seats" && (
          <fieldset className="staff-people-fieldset">
            <legend>{pt("refund.seatsLabel")}</legend>
            {seats.map((s) => (
              <label key={s.seatId} className="staff-people-choice">
                <input type="checkbox" checked={seatIds.includes(s.seatId)}
                  onChange={(e) => setSeatIds((ids) => e.target.checked ? [...ids, s.seatId] : ids.filter((x) => x !== s.seatId))} />
                {pt("refund.seat", { row: s.row, number: s.number })}{s.price !== undefined ? ` · ${money(s.price)}` : ""}
              </label>
            ))}
          </fieldset>
        )}
        <div className="field">
          <label htmlFor="refund-reason">{pt("refund.reason")}</label>
          <input id="refund-reason" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} />
        </div>
        {formError && <p className="field-error" role="alert">{formError}</p>}
        {error ? <ErrorMessage error={error} /> : null}
        <div><button type="submit" className="button danger">{pt("refund.submit")}</button></div>
      </form>
      {confirming && (
        <Confirm busy={busy} onCancel={() => setConfirming(null)} onConfirm={refund}
          message={pt(mode === "seats" ? "refund.confirmSeats" : "refund.confirm", { amount: money(confirming.amount), id: payment.id.slice(0, 8).toLowerCase() })}>
          <p>{pt("refund.confirmReason", { reason: confirming.body.reason })}</p>
          {mode === "full" && <p>{pt("refund.confirmFull")}</p>}
        </Confirm>
      )}
    </section>
  );
}
