import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const r = await load("staff/alerts/rules.ts");

test("recipients are split, trimmed and deduplicated; each has its channel", () => {
  assert.deepEqual(r.parseRecipients(" a@x.fr,\n+33612345678 ; a@x.fr\n\n"), ["a@x.fr", "+33612345678"]);
  assert.equal(r.channelOf("ops@cinema.fr"), "email");
  assert.equal(r.channelOf("+33612345678"), "sms");
  assert.equal(r.channelOf("0612345678"), null);
  assert.equal(r.channelOf("5153d120-0428-4447-a8ca-f1920118c744"), "inapp");
});

test("a rule is checked as the service does", () => {
  assert.deepEqual(r.checkRule("Full", ["a@x.fr"], ["email"]), []);
  const problems = r.checkRule(" ", ["a@x.fr", "nobody", "+33612345678"], ["email"]);
  assert.deepEqual(problems.map((p) => p.field + ":" + p.kind), ["name:empty", "recipients:invalid", "recipients:channel"]);
  assert.deepEqual(r.checkRule("x", [], []).map((p) => p.kind), ["count", "empty"]);
});

test("alert deliveries are those of notifications.alert.* events", () => {
  const d = (eventType) => ({ id: eventType, eventId: "e", eventType, channel: "email", recipient: "a@x.fr", status: "sent", createdAt: "" });
  const kept = r.alertDeliveries([d("notifications.alert.occupancy"), d("payments.refund.succeeded"), d("notifications.alert.parked")]);
  assert.deepEqual(kept.map((k) => k.alertKind), ["occupancy", "parked"]);
});
