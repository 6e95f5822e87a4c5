import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const h = await load("lib/holdTimer.ts");
const idem = await load("lib/idempotency.ts");

test("hold countdown: label, warning, expiry", () => {
  const end = "2026-12-05T12:10:00Z";
  const at = (iso) => Date.parse(iso);
  assert.deepEqual(h.holdState(end, at("2026-12-05T12:00:00Z")), { remainingMs: 600000, expired: false, warning: false, label: "10:00" });
  assert.equal(h.holdState(end, at("2026-12-05T12:08:30Z")).warning, true);
  assert.equal(h.holdState(end, at("2026-12-05T12:09:59.800Z")).label, "0:01");
  const over = h.holdState(end, at("2026-12-05T12:11:00Z"));
  assert.equal(over.expired, true);
  assert.equal(over.label, "0:00");
});

test("one extension, only while the hold lasts", () => {
  const live = h.holdState("2026-12-05T12:10:00Z", Date.parse("2026-12-05T12:05:00Z"));
  assert.equal(h.canExtend(live, false), true);
  assert.equal(h.canExtend(live, true), false);
  assert.equal(h.canExtend({ ...live, expired: true }, false), false);
});

function memoryStore() {
  const m = new Map();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, v), removeItem: (k) => m.delete(k) };
}

test("an attempt keeps its idempotency key; another body is another attempt", () => {
  const store = memoryStore();
  let n = 0;
  const random = () => "key-" + ++n;
  const body = { bookingId: "b1", paymentMethod: "tok_visa" };
  const first = idem.attemptKey(store, "b1", body, random);
  assert.equal(idem.attemptKey(store, "b1", { ...body }, random), first);
  const other = idem.attemptKey(store, "b1", { ...body, paymentMethod: "tok_3ds" }, random);
  assert.notEqual(other, first);
  idem.forgetAttempt(store, "b1");
  assert.notEqual(idem.attemptKey(store, "b1", body, random), first);
});
