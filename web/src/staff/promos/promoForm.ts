// The promo-code form → POST /api/payments/promo-codes body (pure, unit-tested). Amounts typed in major
// units ("2.50") become minor units; local datetimes become ISO instants; empty rules are left out.
import { parseAmount } from "../payments/timeline";

export interface PromoForm {
  code: string;
  kind: "percent" | "fixed";
  value: string;
  currency: string;
  validFrom: string;
  validUntil: string;
  maxRedemptions: string;
  perUserLimit: string;
  minAmount: string;
  filmIds: string[];
  cinemaIds: string[];
  screeningIds: string;
}

export interface PromoBody {
  code: string;
  kind: "percent" | "fixed";
  value: number;
  currency?: string;
  validFrom?: string;
  validUntil?: string;
  maxRedemptions?: number;
  perUserLimit?: number;
  minAmount?: number;
  filmIds?: string[];
  cinemaIds?: string[];
  screeningIds?: string[];
}

export type PromoField = keyof PromoForm;

export const emptyPromoForm: PromoForm = {
  code: "", kind: "percent", value: "", currency: "EUR", validFrom: "", validUntil: "", maxRedemptions: "",
  perUserLimit: "", minAmount: "", filmIds: [], cinemaIds: [], screeningIds: "",
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "2026-12-24T18:30" (a datetime-local input, local time) → ISO instant; undefined when empty or invalid. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function positiveInt(text: string): number | null | undefined {
  const t = text.trim();
  if (!t) return undefined;
  return /^\d+$/.test(t) && Number(t) > 0 ? Number(t) : null;
}

/** The body, or the fields that are wrong (error codes the page words). */
export function promoBody(form: PromoForm, digits = 2): { body?: PromoBody; errors: Partial<Record<PromoField, string>> } {
  const errors: Partial<Record<PromoField, string>> = {};
  const code = form.code.trim().toUpperCase();
  if (!/^[A-Z0-9-]{3,32}$/.test(code)) errors.code = "code";
  let value: number | null;
  if (form.kind === "percent") {
    value = /^\d+$/.test(form.value.trim()) ? Number(form.value.trim()) : null;
    if (value === null || value < 1 || value > 100) errors.value = "percent";
  } else {
    value = parseAmount(form.value, digits);
    if (value === null || value <= 0) errors.value = "amount";
  }
  const currency = form.currency.trim().toUpperCase();
  if ((form.kind === "fixed" || form.minAmount.trim()) && !/^[A-Z]{3}$/.test(currency)) errors.currency = "currency";
  const validFrom = localToIso(form.validFrom);
  const validUntil = localToIso(form.validUntil);
  if (form.validFrom && !validFrom) errors.validFrom = "date";
  if (form.validUntil && !validUntil) errors.validUntil = "date";
  if (validFrom && validUntil && Date.parse(validUntil) <= Date.parse(validFrom)) errors.validUntil = "order";
  const maxRedemptions = positiveInt(form.maxRedemptions);
  if (maxRedemptions === null) errors.maxRedemptions = "count";
  const perUserLimit = positiveInt(form.perUserLimit);
  if (perUserLimit === null) errors.perUserLimit = "count";
  let minAmount: number | undefined;
  if (form.minAmount.trim()) {
    const m = parseAmount(form.minAmount, digits);
    if (m === null) errors.minAmount = "amount";
    else minAmount = m;
  }
  const screeningIds = form.screeningIds.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  if (screeningIds.some((s) => !uuid.test(s))) errors.screeningIds = "ids";
  if (Object.keys(errors).length > 0 || value === null) return { errors };
  const body: PromoBody = { code, kind: form.kind, value };
  if (form.kind === "fixed" || minAmount !== undefined) body.currency = currency;
  if (validFrom) body.validFrom = validFrom;
  if (validUntil) body.validUntil = validUntil;
  if (maxRedemptions) body.maxRedemptions = maxRedemptions;
  if (perUserLimit) body.perUserLimit = perUserLimit;
  if (minAmount !== undefined) body.minAmount = minAmount;
  if (form.filmIds.length) body.filmIds = form.filmIds;
  if (form.cinemaIds.length) body.cinemaIds = form.cinemaIds;
  if (screeningIds.length) body.screeningIds = screeningIds;
  return { body, errors };
}

/** Whether a code is usable now, by its window and its uses (a pause flag when the API gives one). */
export function promoState(p: { validFrom?: string; validUntil?: string; maxRedemptions?: number; redeemed?: number; status?: string; paused?: boolean }, now = Date.now()):
  "paused" | "scheduled" | "expired" | "exhausted" | "active" {
  if (p.status === "paused" || p.paused === true) return "paused";
  if (p.validFrom && Date.parse(p.validFrom) > now) return "scheduled";
  if (p.validUntil && Date.parse(p.validUntil) <= now) return "expired";
  if (p.maxRedemptions !== undefined && (p.redeemed ?? 0) >= p.maxRedemptions) return "exhausted";
  return "active";
}
