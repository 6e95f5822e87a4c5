import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const { ApiClient, queryString } = await load("api/client.ts");
// Bundled separately, problem.ts would have its own classes: compare by name.

function json(status, body, type = "application/json") {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": type } });
}

/** A fake fetch answering from a list of handlers, recording each call. */
function fakeFetch(handler) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, method: init.method, headers: init.headers, body: init.body });
    return handler(url, init, calls.length);
  };
  return { fetch, calls };
}

test("query strings leave out empty values", () => {
  assert.equal(queryString({ a: 1, b: "", c: undefined, d: "x y" }), "?a=1&d=x+y");
});

test("state-changing calls carry the CSRF cookie, GETs do not; the token goes as Bearer", async () => {
  const { fetch, calls } = fakeFetch(() => json(200, { ok: true }));
  const client = new ApiClient({ fetch, readCookie: (n) => (n === "hs_csrf" ? "csrf-1" : undefined) });
  client.setToken("tok");
  await client.get("/api/x", { a: 1 });
  await client.post("/api/y", { z: 1 }, { idempotencyKey: "k1" });
  assert.equal(calls[0].url, "/api/x?a=1");
  assert.equal(calls[0].headers["X-CSRF-Token"], undefined);
  assert.equal(calls[0].headers.Authorization, "Bearer tok");
  assert.equal(calls[1].headers["X-CSRF-Token"], "csrf-1");
  assert.equal(calls[1].headers["Idempotency-Key"], "k1");
  assert.equal(calls[1].body, "{\"z\":1}");
});

test("a 401 refreshes once with {} and the CSRF header, then retries with the new token", async () => {
  const { fetch, calls } = fakeFetch((url, init) => {
    if (url === "/api/auth/refresh") return json(200, { accessToken: "new", expiresIn: 900 });
    return init.headers.Authorization === "Bearer new" ? json(200, { me: 1 }) : json(401, { title: "Unauthorized", status: 401 }, "application/problem+json");
  });
  const tokens = [];
  const client = new ApiClient({ fetch, readCookie: () => "csrf-2", onToken: (t) => tokens.push(t) });
  client.setToken("old");
  assert.deepEqual(await client.get("/api/auth/me"), { me: 1 });
  const refresh = calls.find((c) => c.url === "/api/auth/refresh");
  assert.equal(refresh.body, "{}");
  assert.equal(refresh.headers["X-CSRF-Token"], "csrf-2");
  assert.equal(client.accessToken, "new");
  assert.deepEqual(tokens, ["old", "new"]);
});

test("concurrent 401s share one refresh; a failed refresh ends the session", async () => {
  let refreshes = 0;
  const { fetch } = fakeFetch((url) => {
    if (url === "/api/auth/refresh") {
      refreshes++;
      return json(401, { title: "Unauthorized", status: 401 }, "application/problem+json");
    }
    return json(401, { title: "Unauthorized", status: 401 }, "application/problem+json");
  });
  const client = new ApiClient({ fetch, readCookie: () => "c" });
  client.setToken("old");
  const results = await Promise.allSettled([client.get("/a"), client.get("/b")]);
  assert.equal(refreshes, 1);
  assert.ok(results.every((r) => r.status === "rejected" && r.reason.name === "ApiProblem" && r.reason.status === 401));
  assert.equal(client.accessToken, null);
});

test("without a session cookie a 401 is not refreshed", async () => {
  const { fetch, calls } = fakeFetch(() => json(401, { title: "Unauthorized", status: 401 }, "application/problem+json"));
  const client = new ApiClient({ fetch, readCookie: () => undefined });
  await assert.rejects(client.get("/a"), (e) => e.status === 401);
  assert.equal(calls.length, 1);
});

test("problem+json becomes an ApiProblem with code, detail, field errors and Retry-After", async () => {
  const { fetch } = fakeFetch(() => new Response(JSON.stringify({
    type: "https://homestudio.dev/problems/orphan-seat", title: "Unprocessable Content", status: 422, code: "orphan-seat",
    detail: "would leave seat C5 alone", errors: [{ field: "seatIds", message: "orphan" }],
  }), { status: 422, headers: { "Content-Type": "application/problem+json", "Retry-After": "2" } }));
  const client = new ApiClient({ fetch, readCookie: () => undefined });
  await assert.rejects(client.post("/h", {}), (e) => {
    assert.equal(e.name, "ApiProblem");
    assert.equal(e.code, "orphan-seat");
    assert.equal(e.detail, "would leave seat C5 alone");
    assert.equal(e.fieldMessage("seatIds"), "orphan");
    assert.equal(e.retryAfter, 2);
    return true;
  });
});

test("a network failure is a NetworkError; 204 is undefined", async () => {
  const client = new ApiClient({ fetch: async () => { throw new TypeError("Failed to fetch"); }, readCookie: () => undefined });
  await assert.rejects(client.get("/x"), (e) => e.name === "NetworkError");
  const ok = new ApiClient({ fetch: async () => new Response(null, { status: 204 }), readCookie: () => undefined });
  assert.equal(await ok.delete("/x"), undefined);
});

test("an answer asked at start (boot) serves the first identical GET only", async () => {
  const { fetch, calls } = fakeFetch(() => json(200, { from: "network" }));
  const boot = { "/api/x?a=1": Promise.resolve(json(200, { from: "boot" })) };
  const takeBooted = (url) => {
    const answer = boot[url];
    delete boot[url];
    return answer;
  };
  const client = new ApiClient({ fetch, readCookie: () => undefined, takeBooted });
  assert.deepEqual(await client.get("/api/x", { a: 1 }), { from: "boot" });
  assert.deepEqual(await client.get("/api/x", { a: 1 }), { from: "network" });
  assert.equal(calls.length, 1);
});
