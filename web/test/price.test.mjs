import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const p = await load("lib/priceSummary.ts");
const pricing = await load("lib/pricing.ts");
const { imageSources } = await load("lib/images.ts");

test("VAT is included in the total: net + VAT = gross", () => {
  assert.deepEqual(p.vatIncluded(1200, 55), { net: 1137, vat: 63 });
  const s = p.summarize([{ label: "A1", amount: 1200 }, { label: "A2", amount: 900 }], 300, 55);
  assert.equal(s.subtotal, 2100);
  assert.equal(s.total, 1800);
  assert.equal(s.net + s.vat, 1800);
});

test("a discount never exceeds the subtotal; no VAT rate, no VAT line", () => {
  const s = p.summarize([{ label: "A1", amount: 500 }], 900, null);
  assert.equal(s.discount, 500);
  assert.equal(s.total, 0);
  assert.equal(s.vat, null);
});

test("the VAT rate in force is the latest one not after the day", () => {
  const rates = [{ ratePermille: 55, validFrom: "2020-01-01" }, { ratePermille: 100, validFrom: "2027-01-01" }];
  assert.equal(p.vatRateOn(rates, "2026-12-05"), 55);
  assert.equal(p.vatRateOn(rates, "2027-01-01"), 100);
  assert.equal(p.vatRateOn([], "2026-12-05"), null);
});

test("seat prices: the most specific rule wins, ties to the lower amount, adults fall back", () => {
  const rules = [
    { audience: "child", amount: 700 },
    { audience: "child", seatKind: "premium", amount: 900 },
    { audience: "adult", days: [3], amount: 800 },
    { audience: "adult", days: [3], amount: 750 },
  ];
  const ctx = { seatKind: "standard", weekday: 3, localTime: "20:00", basePrice: 1200 };
  assert.equal(pricing.seatPrice(rules, "child", ctx), 700);
  assert.equal(pricing.seatPrice(rules, "child", { ...ctx, seatKind: "premium" }), 900);
  assert.equal(pricing.seatPrice(rules, "adult", ctx), 750);
  assert.equal(pricing.seatPrice(rules, "adult", { ...ctx, weekday: 4 }), 1200);
  assert.equal(pricing.seatPrice(rules, "senior", ctx), null);
});

test("local weekday and time of an instant in the cinema's zone", () => {
  assert.deepEqual(pricing.localParts("2026-12-06T23:30:00Z", "Europe/Paris"), { weekday: 1, localTime: "00:30", day: "2026-12-07" });
});

test("srcset from TMDB sizes, the fallback at least the preferred width", () => {
  const s = imageSources({ w185: "/a", w342: "/b", w780: "/c", original: "/o" }, 300);
  assert.equal(s.src, "/b");
  assert.equal(s.srcSet, "/a 185w, /b 342w, /c 780w");
  assert.equal(imageSources({}), null);
  assert.deepEqual(imageSources({ original: "/o" }), { src: "/o", srcSet: "" });
});
