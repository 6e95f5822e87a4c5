import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const k = await load("staff/dashboard/kpi.ts");

test("periods: today starts at local midnight; sales end now, screenings at the period's end", () => {
  const now = new Date(2026, 11, 5, 15, 30); // Saturday 5 Dec 2026, 15:30 local
  const today = k.periodRange("today", now, "sales");
  assert.equal(today.from.getTime(), new Date(2026, 11, 5).getTime());
  assert.equal(today.to.getTime(), now.getTime() + 60_000);
  assert.equal(k.periodRange("today", now, "screenings").to.getTime(), new Date(2026, 11, 6).getTime());
  assert.equal(k.periodRange("week", now).from.getTime(), new Date(2026, 10, 30).getTime()); // Monday 30 Nov
  assert.equal(k.periodRange("week", now, "screenings").to.getTime(), new Date(2026, 11, 7).getTime());
  assert.equal(k.periodRange("month", now).from.getTime(), new Date(2026, 11, 1).getTime());
  assert.equal(k.periodRange("quarter", now).from.getTime(), new Date(2026, 9, 1).getTime());
  assert.equal(k.periodRange("year", now, "screenings").to.getTime(), new Date(2027, 0, 1).getTime());
  assert.equal(k.periodRange("last-7-days", now).from.getTime(), new Date(2026, 10, 28, 15, 30).getTime());
  // A Sunday belongs to the week that started the Monday before.
  assert.equal(k.periodRange("week", new Date(2026, 11, 6, 9)).from.getTime(), new Date(2026, 10, 30).getTime());
  assert.equal(k.iso(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678))), "2026-01-02T03:04:05Z");
});

test("report sums stay per currency, and rows can be kept by group", () => {
  const table = { columns: ["cinema", "currency", "payments", "gross", "net"], rows: [
    ["Lumière", "EUR", 2, 2300, 1800], ["Lumière", "CHF", 1, 1500, 1500], ["Rex", "EUR", 1, 1000, 1000]] };
  assert.deepEqual(k.sumByCurrency(table, ["payments", "net"]), { EUR: { payments: 3, net: 2800 }, CHF: { payments: 1, net: 1500 } });
  assert.deepEqual(k.sumByCurrency(table, ["net"], k.rowsWhere(table, "cinema", "Rex")), { EUR: { net: 1000 } });
  const s = k.revenueSeries({ columns: ["day", "currency", "net"], rows: [["2026-12-02", "EUR", 5], ["2026-12-01", "EUR", 7], ["2026-12-02", "CHF", 3]] });
  assert.deepEqual(s.days, ["2026-12-01", "2026-12-02"]);
  assert.deepEqual(s.net, { CHF: [0, 3], EUR: [7, 5] });
});

test("fill rates: totals, weekdays (Monday first), at risk and sold out", () => {
  const item = (key, sold, capacity, screenings = 1) => ({ key, label: key, screenings, capacity, sold, fillRate: sold / capacity });
  assert.deepEqual(k.totalFill([item("a", 2, 10), item("b", 8, 10)]), { screenings: 2, capacity: 20, sold: 10, fillRate: 0.5 });
  const w = k.byWeekday([item("2026-11-30", 5, 10), item("2026-12-07", 1, 10), item("2026-12-06", 10, 10)]);
  assert.equal(w[0].sold, 6); // two Mondays
  assert.equal(w[0].fillRate, 0.3);
  assert.equal(w[6].fillRate, 1); // Sunday
  assert.equal(w[3].capacity, 0);
  const { atRisk, soldOut } = k.classify([item("low", 1, 10), item("ok", 5, 10), item("full", 10, 10), item("empty-room", 0, 0)]);
  assert.deepEqual(atRisk.map((s) => s.key), ["low"]);
  assert.deepEqual(soldOut.map((s) => s.key), ["full"]);
});

test("the next layout keeps saved items' settings, in the catalogue's order, ids unique", () => {
  const saved = { period: "week", items: [
    { id: "fill", kind: "card", metric: "fill-rate" },
    { id: "revenue-chart", kind: "chart", metric: "revenue-over-time", view: "table", width: 2 },
    { id: "card-revenue", kind: "chart", metric: "fill-rate-by-film" }] };
  const next = k.nextLayout(saved, { period: "today", cinemaId: "C1", cards: ["fill-rate", "revenue"], charts: ["revenue-over-time", "fill-rate-by-film"] });
  assert.equal(next.period, "today");
  assert.equal(next.cinemaId, "C1");
  assert.deepEqual(next.items.map((i) => i.metric), ["revenue", "fill-rate", "revenue-over-time", "fill-rate-by-film"]);
  assert.equal(next.items[2].view, "table");
  assert.equal(new Set(next.items.map((i) => i.id)).size, 4);
  assert.equal(k.nextLayout(saved, { period: "week", cinemaId: "", cards: [], charts: [] }).cinemaId, undefined);
  assert.equal(k.exportName("revenue-day", { from: new Date(Date.UTC(2026, 11, 1)), to: new Date(Date.UTC(2026, 11, 5, 12)) }, "csv"),
    "homestudio-revenue-day-2026-12-01-2026-12-05.csv");
});
