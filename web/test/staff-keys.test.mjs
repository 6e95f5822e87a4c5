import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const keys = await load("staff/operations/keys.ts");

const key = (kid, status, activatesAt, extra = {}) => ({ kid, status, createdAt: activatesAt, activatesAt, ...extra });
const list = [
  key("old", "retired", "2026-12-01T10:00:00Z"),
  key("now", "active", "2026-12-05T10:00:00Z"),
  key("next", "pending", "2026-12-05T10:02:00Z"),
  key("before", "verifying", "2026-12-04T10:00:00Z", { supersededAt: "2026-12-05T10:00:00Z" }),
];

test("keys are listed newest first (by when they sign)", () => {
  assert.deepEqual(keys.orderKeys(list).map((k) => k.kid), ["next", "now", "before", "old"]);
});

test("the table shows every published key and only the newest others unless asked for all", () => {
  const many = [...list, ...Array.from({ length: 8 }, (_, i) => key(`x${i}`, i % 2 ? "expired" : "retired", `2026-11-0${i + 1}T10:00:00Z`))];
  const shown = keys.visibleKeys(many, false, 3);
  assert.deepEqual(shown.map((k) => k.kid), ["next", "now", "before", "old", "x7", "x6"]);
  assert.equal(keys.visibleKeys(many, true, 3).length, many.length);
});

test("after withdrawing the pending key the signing key is unchanged", () => {
  const after = keys.afterWithdrawal(list, { withdrawn: { ...list[2], status: "retired" }, signing: list[1] });
  assert.equal(after.find((k) => k.kid === "next").status, "retired");
  assert.equal(keys.signingKey(after).kid, "now");
});

test("after withdrawing the signing key a new key signs and nothing else is active", () => {
  const fresh = key("fresh", "active", "2026-12-05T11:00:00Z");
  const after = keys.afterWithdrawal(list, { withdrawn: { ...list[1], status: "retired" }, signing: fresh });
  assert.deepEqual(after.filter((k) => k.status === "active").map((k) => k.kid), ["fresh"]);
  assert.equal(after[0].kid, "fresh");
  assert.equal(after.find((k) => k.kid === "now").status, "retired");
});

test("the panel looks again just after a pending key starts signing, within a horizon", () => {
  const now = Date.parse("2026-12-05T10:01:00Z");
  assert.equal(keys.nextChange(list, now), 61_000);
  assert.equal(keys.nextChange(list, Date.parse("2026-12-05T10:05:00Z")), 0);
  assert.equal(keys.nextChange(list, Date.parse("2026-12-05T09:00:00Z")), null);
  assert.equal(keys.nextChange([list[1]], now), null);
});

test("a refused call is tried again (a token of the new key may be refused for a few seconds), other failures are not", async () => {
  const waits = [];
  const sleep = async (ms) => { waits.push(ms); };
  let calls = 0;
  const flaky = async () => {
    calls++;
    if (calls < 3) throw Object.assign(new Error("refused"), { status: 401 });
    return "ok";
  };
  assert.equal(await keys.withRetry(flaky, { attempts: 5, delayMs: 100, sleep }), "ok");
  assert.deepEqual(waits, [100, 100]);

  calls = 0;
  const forbidden = async () => { calls++; throw Object.assign(new Error("no"), { status: 403 }); };
  await assert.rejects(keys.withRetry(forbidden, { sleep }), /no/);
  assert.equal(calls, 1);

  calls = 0;
  const always = async () => { calls++; throw Object.assign(new Error("refused"), { status: 401 }); };
  await assert.rejects(keys.withRetry(always, { attempts: 3, sleep }), /refused/);
  assert.equal(calls, 3);
  assert.ok(keys.isForbidden({ status: 403 }) && !keys.isForbidden(null) && keys.isRefused({ status: 401 }));
});
