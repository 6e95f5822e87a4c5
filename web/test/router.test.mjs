import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const r = await load("app/router.ts");

test("matchPath reads parameters and refuses other shapes", () => {
  assert.deepEqual(r.matchPath("/films/:id", "/films/42"), { id: "42" });
  assert.deepEqual(r.matchPath("/films/:id", "/films/a%20b/"), { id: "a b" });
  assert.equal(r.matchPath("/films/:id", "/films"), null);
  assert.equal(r.matchPath("/films/:id", "/films/1/seats"), null);
  assert.deepEqual(r.matchPath("/staff/*", "/staff/films/3"), { rest: "films/3" });
  assert.deepEqual(r.matchPath("/", "/"), {});
});

test("resolve takes the first matching route", () => {
  const routes = [{ path: "/films", value: "browse" }, { path: "/films/:id", value: "film" }, { path: "/*", value: "404" }];
  assert.equal(r.resolve(routes, "/films").value, "browse");
  assert.equal(r.resolve(routes, "/films/7").value, "film");
  assert.equal(r.resolve(routes, "/nope/x").value, "404");
});

test("query strings round-trip, empty values left out, keys sorted", () => {
  assert.deepEqual(r.parseQuery("?q=nuit%20blanche&genre=Drame"), { q: "nuit blanche", genre: "Drame" });
  assert.equal(r.buildQuery({ q: "a b", empty: "", none: undefined, off: false, page: 2 }), "?page=2&q=a+b");
  assert.equal(r.href("/films", {}), "/films");
});

test("client routes exclude the API, docs, assets and other origins", () => {
  const o = "http://x";
  assert.equal(r.isClientRoute(new URL("http://x/films/1"), o), true);
  assert.equal(r.isClientRoute(new URL("http://x/api/catalog/films"), o), false);
  assert.equal(r.isClientRoute(new URL("http://x/docs"), o), false);
  assert.equal(r.isClientRoute(new URL("http://x/sw.js"), o), false);
  assert.equal(r.isClientRoute(new URL("http://y/films"), o), false);
});
