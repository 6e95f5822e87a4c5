import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const p = await load("lib/prefetch.ts");

test("a prefetched value is taken without a second load, also by a render that replaces the first", async () => {
  let loads = 0;
  const loader = () => { loads += 1; return Promise.resolve({ n: loads }); };
  p.prefetch("k1", loader);
  await Promise.resolve();
  await Promise.resolve();
  assert.deepEqual(p.takeSettled("k1"), { n: 1 });
  // The first render was thrown away: the next one takes the same value, nothing is asked again.
  assert.deepEqual(p.takeSettled("k1"), { n: 1 });
  assert.deepEqual(await p.takePrefetched("k1", loader), { n: 1 });
  assert.equal(loads, 1);
});

test("a taken entry is gone after the linger time: a later visit loads fresh data", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  let loads = 0;
  const loader = () => { loads += 1; return Promise.resolve(loads); };
  p.prefetch("k2", loader);
  assert.equal(await p.takePrefetched("k2", loader), 1);
  t.mock.timers.tick(p.LINGER_MS + 1);
  assert.equal(p.takeSettled("k2"), undefined);
  assert.equal(await p.takePrefetched("k2", loader), 2);
  assert.equal(loads, 2);
});

test("a failed prefetch is forgotten: the page asks itself", async () => {
  p.prefetch("k3", () => Promise.reject(new Error("down")));
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(await p.takePrefetched("k3", () => Promise.resolve("fresh")), "fresh");
});
