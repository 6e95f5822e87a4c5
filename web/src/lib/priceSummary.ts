// The price summary of a booking (pure): lines per seat, discount, VAT included in the total.
// French cinema prices include VAT: net = round(gross / (1 + rate)), VAT = gross − net.
import type { VatRate } from "../api/types";

export interface SummaryLine {
  label: string;
  amount: number;
}

export interface PriceSummary {
  lines: SummaryLine[];
  subtotal: number;
  discount: number;
  total: number;
  vatRatePermille: number | null;
  vat: number | null;
  net: number | null;
}

/** The rate in force on a day (YYYY-MM-DD): the latest validFrom not after it. */
export function vatRateOn(rates: VatRate[] | undefined, day: string): number | null {
  if (!rates || rates.length === 0) return null;
  const valid = rates.filter((r) => r.validFrom <= day).sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1));
  return valid.length > 0 ? valid[0].ratePermille : null;
}

export function vatIncluded(gross: number, ratePermille: number): { net: number; vat: number } {
  const net = Math.round((gross * 1000) / (1000 + ratePermille));
  return { net, vat: gross - net };
}

export function summarize(lines: SummaryLine[], discount: number, vatRatePermille: number | null): PriceSummary {
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const applied = Math.max(0, Math.min(discount, subtotal));
  const total = subtotal - applied;
  const vat = vatRatePermille === null ? null : vatIncluded(total, vatRatePermille);
  return {
    lines,
    subtotal,
    discount: applied,
    total,
    vatRatePermille,
    vat: vat ? vat.vat : null,
    net: vat ? vat.net : null,
  };
}
