// The price of a seat for an audience from the screening's price card (pure), as scheduling computes
// it: the most specific matching rule (seat kind, format, weekdays, local time window, audience),
// ties to the lower amount; adults fall back to the screening's price; another audience without a
// rule has no price (the API refuses it). The hold's answer is the authority: this is the preview.
import type { Audience, PriceRule, SeatKind } from "../api/types";

export interface PriceContext {
  seatKind: SeatKind;
  format?: string;
  /** ISO weekday 1 (Monday) … 7 in the cinema's time zone, and "HH:MM" local start time. */
  weekday: number;
  localTime: string;
  basePrice: number;
}

function matches(rule: PriceRule, audience: Audience, c: PriceContext): boolean {
  if (rule.audience !== audience) return false;
  if (rule.seatKind && rule.seatKind !== c.seatKind) return false;
  if (rule.format && rule.format !== c.format) return false;
  if (rule.days && rule.days.length > 0 && !rule.days.includes(c.weekday)) return false;
  if (rule.from && c.localTime < rule.from) return false;
  if (rule.to && c.localTime >= rule.to) return false;
  return true;
}

function specificity(rule: PriceRule): number {
  return [rule.seatKind, rule.format, rule.days?.length ? rule.days : undefined, rule.from ?? rule.to].filter(
    (v) => v !== undefined,
  ).length;
}

export function seatPrice(rules: PriceRule[], audience: Audience, context: PriceContext): number | null {
  const candidates = rules.filter((r) => matches(r, audience, context));
  if (candidates.length === 0) return audience === "adult" ? context.basePrice : null;
  candidates.sort((a, b) => specificity(b) - specificity(a) || a.amount - b.amount);
  return candidates[0].amount;
}

/** Weekday (ISO) and "HH:MM" of an instant in a time zone. */
export function localParts(iso: string, timeZone: string): { weekday: number; localTime: string; day: string } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    year: "numeric", month: "2-digit", day: "2-digit",
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  return {
    weekday: weekdays.indexOf(get("weekday")) + 1,
    localTime: `${get("hour")}:${get("minute")}`,
    day: `${get("year")}-${get("month")}-${get("day")}`,
  };
}
