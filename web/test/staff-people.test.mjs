import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const tl = await load("staff/payments/timeline.ts");
const promo = await load("staff/promos/promoForm.ts");
const roles = await load("staff/users/roles.ts");

const words = {
  created: (p, a) => `created ${p} ${a}`, succeeded: "ok", failed: (r) => `failed ${r}`, pending: "3ds",
  refund: (a, r) => `refund ${a} ${r}`, creditNote: (n, a) => `credit ${n} ${a}`, invoice: (n, a) => `invoice ${n} ${a}`,
  fraud: (r, a) => `fraud ${r} ${a}`, money: (m, c) => `${m} ${c}`,
};
const payment = { id: "P1", status: "partially_refunded", amount: 2300, currency: "EUR", createdAt: "2026-12-05T10:00:00Z", provider: "simulated" };
const invoices = [
  { id: "c", number: "AV-1", kind: "credit_note", paymentId: "p1", total: -500, currency: "EUR", issuedAt: "2026-12-05T11:00:00Z" },
  { id: "i", number: "HS-1", kind: "invoice", paymentId: "p1", total: 2300, currency: "EUR", issuedAt: "2026-12-05T10:00:00Z" },
  { id: "x", number: "HS-2", kind: "invoice", paymentId: "other", total: 900, currency: "EUR", issuedAt: "2026-12-05T09:00:00Z" },
];

test("a rebuilt timeline: created, succeeded, invoice at the same instant in that order; refunds after; other payments' invoices left out", () => {
  const items = tl.buildTimeline(payment, invoices, [], [], words);
  assert.deepEqual(items.map((i) => i.kind), ["created", "succeeded", "invoice", "refund"]);
  assert.equal(items[3].summary, "credit AV-1 500 EUR");
});

test("a fraud signal before the payment comes first; a failed payment says why", () => {
  const items = tl.buildTimeline({ ...payment, status: "failed", failureReason: "card_declined" }, [], [
    { createdAt: "2026-12-05T09:59:00Z", rule: "velocity", action: "authentication-required", detail: "" },
  ], [], words);
  assert.deepEqual(items.map((i) => i.kind), ["fraud", "created", "failed"]);
  assert.equal(items[2].summary, "failed card_declined");
});

test("what is left to refund: paid less credit notes; nothing on a refunded or failed payment", () => {
  assert.equal(tl.remainingToRefund(payment, invoices), 1800);
  assert.equal(tl.remainingToRefund({ ...payment, status: "refunded" }, invoices), 0);
  assert.equal(tl.remainingToRefund({ ...payment, status: "failed" }, []), 0);
});

test("amounts typed by a person", () => {
  assert.equal(tl.parseAmount("5"), 500);
  assert.equal(tl.parseAmount("5,5"), 550);
  assert.equal(tl.parseAmount("0.05"), 5);
  assert.equal(tl.parseAmount("5.555"), null);
  assert.equal(tl.parseAmount("-1"), null);
  assert.equal(tl.parseAmount("12", 0), 12);
});

test("a day filter covers the whole local day", () => {
  const from = tl.dayBound("2026-12-05", false), to = tl.dayBound("2026-12-05", true);
  assert.equal(Date.parse(to) - Date.parse(from), 24 * 3600 * 1000);
  assert.equal(tl.dayBound("", false), undefined);
});

test("a promo code with all its rules becomes the API's body", () => {
  const { body, errors } = promo.promoBody({
    ...promo.emptyPromoForm, code: "noel-26", kind: "fixed", value: "2.50", currency: "eur", validFrom: "2026-12-20T00:00",
    validUntil: "2026-12-31T23:59", maxRedemptions: "100", perUserLimit: "1", minAmount: "15", filmIds: ["f1"],
    screeningIds: "3f2c0a9e-1111-4222-8333-944445555666",
  });
  assert.deepEqual(errors, {});
  assert.equal(body.code, "NOEL-26");
  assert.equal(body.value, 250);
  assert.equal(body.minAmount, 1500);
  assert.equal(body.currency, "EUR");
  assert.equal(body.maxRedemptions, 100);
  assert.equal(body.perUserLimit, 1);
  assert.deepEqual(body.filmIds, ["f1"]);
  assert.equal(body.screeningIds.length, 1);
  assert.ok(Date.parse(body.validUntil) > Date.parse(body.validFrom));
  assert.equal(body.cinemaIds, undefined);
});

test("a wrong promo code form names its fields", () => {
  const { body, errors } = promo.promoBody({ ...promo.emptyPromoForm, code: "x", value: "150", validFrom: "2026-12-31T00:00", validUntil: "2026-12-01T00:00", perUserLimit: "0", screeningIds: "nope" });
  assert.equal(body, undefined);
  assert.deepEqual(Object.keys(errors).sort(), ["code", "perUserLimit", "screeningIds", "validUntil", "value"]);
  const percent = promo.promoBody({ ...promo.emptyPromoForm, code: "ABC", value: "20" });
  assert.deepEqual(percent.body, { code: "ABC", kind: "percent", value: 20 });
});

test("a promo code's state", () => {
  const now = Date.parse("2026-12-10T00:00:00Z");
  assert.equal(promo.promoState({ status: "paused" }, now), "paused");
  assert.equal(promo.promoState({ validFrom: "2026-12-20T00:00:00Z" }, now), "scheduled");
  assert.equal(promo.promoState({ validUntil: "2026-12-01T00:00:00Z" }, now), "expired");
  assert.equal(promo.promoState({ maxRedemptions: 2, redeemed: 2 }, now), "exhausted");
  assert.equal(promo.promoState({}, now), "active");
});

function token(perms) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${b64({ alg: "EdDSA" })}.${b64({ perms, role: "x" })}.sig`;
}

test("the roles one may grant follow the token's permissions, as the auth service decides", () => {
  const superAdmin = roles.tokenPermissions(token(["users:manage", "roles:manage"]));
  const admin = roles.tokenPermissions(token(["users:manage"]));
  assert.deepEqual(roles.grantableRoles(superAdmin, "client"), ["super_admin", "admin", "moderator", "client"]);
  assert.deepEqual(roles.grantableRoles(admin, "client"), ["moderator", "client"]);
  assert.deepEqual(roles.grantableRoles(admin, "admin"), []);
  assert.deepEqual(roles.grantableRoles([], "client"), []);
  assert.deepEqual(roles.tokenPermissions("garbage"), []);
  assert.deepEqual(roles.tokenPermissions(null), []);
});

test("a user matches on e-mail, name or whole id, ignoring case", () => {
  const u = { id: "ABC-1", email: "Ada@Example.com", displayName: "Ada Lovelace" };
  assert.ok(roles.matchesUser(u, "ada@example"));
  assert.ok(roles.matchesUser(u, "lovelace"));
  assert.ok(roles.matchesUser(u, "abc-1"));
  assert.ok(!roles.matchesUser(u, "abc"));
  assert.ok(roles.matchesUser(u, " "));
});
