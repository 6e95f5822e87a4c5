import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const b = await load("pages/browse/browseQuery.ts");
const { moveItem } = await load("pages/library/moveItem.ts");
const { safeNext } = await load("pages/account/safeNext.ts");
const { interpolate } = await load("i18n/interpolate.ts");

test("the browse URL keeps filters and the stack of keyset cursors", () => {
  const q = { q: "nuit", genre: "Drame", cursors: "c1,c2", junk: "x" };
  assert.deepEqual(b.apiQuery(q), { limit: b.PAGE_SIZE, q: "nuit", genre: "Drame", cursor: "c2" });
  assert.deepEqual(b.nextPageQuery(q, "c3"), { cursors: "c1,c2,c3" });
  assert.deepEqual(b.previousPageQuery(q), { cursors: "c1" });
  assert.deepEqual(b.previousPageQuery({ cursors: "c1" }), { cursors: undefined });
  assert.deepEqual(b.filterChange("genre", "Comédie"), { genre: "Comédie", cursors: undefined });
});

test("moveItem reorders without touching the original", () => {
  const list = ["a", "b", "c"];
  assert.deepEqual(moveItem(list, 0, 2), ["b", "c", "a"]);
  assert.deepEqual(moveItem(list, 2, 1), ["a", "c", "b"]);
  assert.deepEqual(moveItem(list, 0, 5), ["a", "b", "c"]);
  assert.deepEqual(list, ["a", "b", "c"]);
});

test("safeNext only allows paths of the app", () => {
  assert.equal(safeNext("/tickets"), "/tickets");
  assert.equal(safeNext("//evil.example"), "/");
  assert.equal(safeNext("https://evil.example"), "/");
  assert.equal(safeNext("/api/auth/logout"), "/");
  assert.equal(safeNext(undefined), "/");
});

test("interpolate fills known placeholders only", () => {
  assert.equal(interpolate("Row {row} seat {number}", { row: "C", number: 7 }), "Row C seat 7");
  assert.equal(interpolate("{a} {b}", { a: 1 }), "1 {b}");
});

test("interpolate picks the singular or the plural by the number", () => {
  const films = "{n|# film|# films} chosen";
  assert.equal(interpolate(films, { n: 1 }), "1 film chosen");
  assert.equal(interpolate(films, { n: 3 }), "3 films chosen");
  assert.equal(interpolate(films, { n: 0 }), "0 films chosen");
  assert.equal(interpolate(films, { n: 0 }, "fr"), "0 film chosen", "French: 0 is singular");
  assert.equal(interpolate(films, {}), films, "unknown placeholder kept");
});
