import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./compile.mjs";

const tpl = await load("staff/templates/model.ts");
const tree = await load("staff/categories/tree.ts");
const ff = await load("staff/films/filmFields.ts");

test("template errors: the API's 'line N:' becomes a line and a message", () => {
  assert.deepEqual(tpl.partErrors([
    { field: "body", message: "line 4: syntax error (unfinishedName)" },
    { field: "html", message: "only e-mail templates have an HTML part" },
  ]), [
    { field: "body", line: 4, message: "syntax error (unfinishedName)" },
    { field: "html", message: "only e-mail templates have an HTML part" },
  ]);
  assert.equal(tpl.lineStart("a\nbb\nccc", 1), 0);
  assert.equal(tpl.lineStart("a\nbb\nccc", 3), 5);
  assert.equal(tpl.lineStart("a\nbb", 9), 4);
  assert.equal(tpl.lineCount("a\nb\n"), 3);
});

test("template rows: by kind, the newest version per channel and locale, filtered", () => {
  const item = (kind, channel, locale, version) => ({ kind, channel, locale, version, author: "x", createdAt: "" });
  const rows = tpl.templateRows([item("b.k", "email", "fr", 1), item("a.k", "sms", "en", 2), item("b.k", "email", "en", 3), item("b.k", "email", "fr", 2)]);
  assert.deepEqual(rows.map((r) => r.kind), ["a.k", "b.k"]);
  assert.deepEqual(rows[1].cells.email, { fr: 2, en: 3 });
  assert.deepEqual(tpl.templateRows([item("b.k", "email", "fr", 1)], "A."), []);
});

test("categories tree: nested by parent (ids in any case), sorted, cycles and orphans made roots", () => {
  const items = [
    { id: "A", name: "Festival", slug: "festival", kind: "collection" },
    { id: "b", name: "Cannes", slug: "cannes", kind: "collection", parentId: "a" },
    { id: "c", name: "Berlin", slug: "berlin", kind: "collection", parentId: "A" },
    { id: "d", name: "Orphan", slug: "orphan", kind: "genre", parentId: "zz" },
    { id: "e", name: "Loop1", slug: "l1", kind: "genre", parentId: "f" },
    { id: "f", name: "Loop2", slug: "l2", kind: "genre", parentId: "e" },
  ];
  const roots = tree.buildTree(items);
  const flat = tree.flatten(roots);
  assert.equal(flat.length, 6);
  const festival = roots.find((n) => n.slug === "festival");
  assert.deepEqual(festival.children.map((n) => n.name), ["Berlin", "Cannes"]);
  assert.equal(festival.children[0].depth, 1);
  assert.ok(roots.some((n) => n.slug === "orphan"));
  assert.deepEqual([...tree.subtreeIds(festival)].sort(), ["a", "b", "c"]);
  assert.ok(tree.sameId("A", "a"));
});

test("film fields: cast lines, trailer links, formats", () => {
  assert.equal(ff.castText([{ name: "Ada", character: "Queen" }, { name: "Bob" }]), "Ada — Queen\nBob");
  assert.deepEqual(ff.parseCast("Ada — Queen\n\nBob - Jester\nCyd", [{ name: "ada", personId: 7 }]), [
    { name: "Ada", character: "Queen", personId: 7, order: 0 },
    { name: "Bob", character: "Jester", order: 1 },
    { name: "Cyd", order: 2 },
  ]);
  assert.deepEqual(ff.trailerFromUrl("https://www.youtube.com/watch?v=abc_123-X", "T", "en"), { site: "YouTube", key: "abc_123-X", name: "T", language: "en" });
  assert.equal(ff.trailerFromUrl("https://youtu.be/xyz").key, "xyz");
  assert.deepEqual(ff.trailerFromUrl("https://vimeo.com/12345").site, "Vimeo");
  assert.equal(ff.trailerFromUrl("javascript:alert(1)"), null);
  assert.equal(ff.trailerFromUrl("https://example.com/v=1"), null);
  assert.equal(ff.trailerUrl({ site: "YouTube", key: "k" }), "https://www.youtube.com/watch?v=k");
  assert.deepEqual(ff.mergeFormats(["IMAX", "2D"], "Laser, imax, Laser"), ["2D", "IMAX", "Laser"]);
  assert.deepEqual(ff.splitFormats(["imax", "2D", "Laser"]), { checked: ["2D", "IMAX"], other: "Laser" });
  assert.deepEqual(ff.possibleVersions(["fr", "en"], ["fr"], "en"), ["VF", "VO", "VOSTFR"]);
  assert.deepEqual(ff.possibleVersions(["fr"], ["en"], "fr"), ["VF"]);
  assert.deepEqual(ff.possibleVersions(["EN"], [], "en"), ["VO"]);
});
