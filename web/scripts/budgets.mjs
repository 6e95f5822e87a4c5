#!/usr/bin/env node
// The web app's size budgets (issue 17), checked on the built files in web/dist:
//   - the JavaScript the home page loads — the entry script of index.html and everything it
//     imports statically (modulepreloads included), not the lazy chunks — ≤ 90 KB gzip-compressed;
//   - the CSS the home page loads (its stylesheets, and the CSS bundles of those scripts) ≤ 20 KB;
//   - Chart.js and the staff area (src/staff/) are not in the home page's graph (they may exist
//     as lazy chunks), nor in the service worker's precache list.
// Reads dist/meta.json (esbuild's metafile, written by web/build.mjs) and dist/index.html.
// Prints a table; exits 1 when a budget is exceeded or a check fails, 2 when dist is missing.
// Sizes are gzip level 9 of the file's bytes (what the gateway's precompressed .gz holds), with
// Brotli shown for information. Budgets can be changed for an experiment with
// HS_BUDGET_JS_KB / HS_BUDGET_CSS_KB.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = process.env.HS_WEB_DIST ? path.resolve(process.env.HS_WEB_DIST) : path.join(web, "dist");
const JS_BUDGET = Number(process.env.HS_BUDGET_JS_KB ?? 90) * 1024;
const CSS_BUDGET = Number(process.env.HS_BUDGET_CSS_KB ?? 20) * 1024;

const chartInput = /(^|\/)chart\.js\/|(^|\/)chart(\.umd)?(\.min)?\.js$|chartjs/i;
const staffInput = /(^|\/)src\/staff\//;

function fail(message, code = 1) {
  console.error(`budgets: ${message}`);
  process.exit(code);
}

for (const file of ["meta.json", "index.html"]) {
  if (!fs.existsSync(path.join(dist, file))) fail(`${path.join(dist, file)} is missing: build with node web/build.mjs`, 2);
}
const meta = JSON.parse(fs.readFileSync(path.join(dist, "meta.json"), "utf8"));
const html = fs.readFileSync(path.join(dist, "index.html"), "utf8");

// Metafile output keys are relative to esbuild's working directory (web/); index.html's URLs to dist.
const outputs = meta.outputs ?? {};
const keyOfUrl = (url) => {
  const clean = url.split(/[?#]/)[0].replace(/^\//, "");
  const abs = path.join(dist, clean);
  const candidates = [path.relative(web, abs), path.relative(process.cwd(), abs), abs].map((p) => p.split(path.sep).join("/"));
  return candidates.find((k) => k in outputs) ?? null;
};
const distPath = (key) => path.resolve(web, key);
const shown = (key) => path.relative(dist, distPath(key)).split(path.sep).join("/");

const attr = (tag, name) => (tag.match(new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, "i")) || [])[1];
const tags = (name) => html.match(new RegExp(`<${name}\\b[^>]*>`, "gi")) ?? [];
const scripts = tags("script").filter((t) => attr(t, "src")).map((t) => attr(t, "src"));
const links = tags("link");
const preloads = links.filter((t) => /modulepreload/i.test(attr(t, "rel") ?? "")).map((t) => attr(t, "href"));
const stylesheets = links.filter((t) => /(^|\s)stylesheet(\s|$)/i.test(attr(t, "rel") ?? "")).map((t) => attr(t, "href"));
const localUrl = (u) => u && !/^[a-z]+:|^\/\//i.test(u);

if (!scripts.length) fail("index.html loads no script");
if (/<script\b(?![^>]*\bsrc=)[^>]*>\s*\S/i.test(html)) console.warn("budgets: index.html has an inline script (the CSP forbids it)");

// The home page's static graph: its scripts and modulepreloads, then their static imports.
const graph = new Set();
const queue = [...scripts, ...preloads].filter(localUrl).map((u) => {
  const key = keyOfUrl(u);
  if (!key) fail(`index.html loads ${u}, which is not an output of the metafile (stale dist? rebuild)`);
  return key;
});
while (queue.length) {
  const key = queue.shift();
  if (graph.has(key)) continue;
  graph.add(key);
  for (const imp of outputs[key]?.imports ?? []) {
    if (imp.kind === "import-statement" && !imp.external && imp.path in outputs) queue.push(imp.path);
  }
}
const jsFiles = [...graph].filter((k) => !k.endsWith(".css"));
const cssFiles = new Set(stylesheets.filter(localUrl).map((u) => keyOfUrl(u) ?? u));
for (const key of graph) {
  if (outputs[key]?.cssBundle) cssFiles.add(outputs[key].cssBundle);
  if (key.endsWith(".css")) cssFiles.add(key);
}

const sizes = new Map();
function size(key) {
  if (!sizes.has(key)) {
    const file = key in outputs ? distPath(key) : path.join(dist, key.replace(/^\//, ""));
    if (!fs.existsSync(file)) fail(`${file} is missing (stale dist? rebuild)`);
    const data = fs.readFileSync(file);
    sizes.set(key, {
      raw: data.length,
      gzip: zlib.gzipSync(data, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return sizes.get(key);
}

const inputsOf = (key) => Object.keys(outputs[key]?.inputs ?? {});
const has = (key, re) => inputsOf(key).some((i) => re.test(i)) || re.test(outputs[key]?.entryPoint ?? "");
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + " KB";
const pad = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s.padEnd(n));

const problems = [];
const rows = [];
let jsTotal = { raw: 0, gzip: 0, brotli: 0 };
for (const key of jsFiles) {
  const s = size(key);
  rows.push([shown(key), s, "home (static)"]);
  for (const k of Object.keys(jsTotal)) jsTotal[k] += s[k];
}
let cssTotal = { raw: 0, gzip: 0, brotli: 0 };
for (const key of cssFiles) {
  const s = size(key);
  rows.push([key in outputs ? shown(key) : key, s, "home (css)"]);
  for (const k of Object.keys(cssTotal)) cssTotal[k] += s[k];
}
// Lazy chunks: the largest few, and every Chart.js or staff chunk; the rest summed on one line.
const lazy = Object.keys(outputs).filter((k) => !graph.has(k) && !cssFiles.has(k) && /\.(js|css)$/.test(k));
const tagged = (key) => [has(key, chartInput) ? "Chart.js" : "", has(key, staffInput) ? "staff" : ""].filter(Boolean);
const byGzip = [...lazy].sort((a, b) => size(b).gzip - size(a).gzip);
const listed = byGzip.filter((k, i) => i < 6 || tagged(k).length);
for (const key of listed) {
  rows.push([shown(key), size(key), "lazy" + (tagged(key).length ? ` (${tagged(key).join(", ")})` : "")]);
}
const rest = byGzip.filter((k) => !listed.includes(k));
if (rest.length) {
  const sum = (f) => rest.reduce((n, k) => n + size(k)[f], 0);
  rows.push([`${rest.length} more lazy chunks`, { raw: sum("raw"), gzip: sum("gzip"), brotli: sum("brotli") }, "lazy"]);
}

console.log(`web budgets: ${path.relative(process.cwd(), dist) || dist} (sizes: raw, gzip -9, brotli 11)`);
console.log(`${pad("file", 44)} ${"raw".padStart(10)} ${"gzip".padStart(10)} ${"brotli".padStart(10)}  loaded`);
for (const [name, s, how] of rows) console.log(`${pad(name, 44)} ${kb(s.raw)} ${kb(s.gzip)} ${kb(s.brotli)}  ${how}`);
console.log("-".repeat(90));

const verdict = (ok) => (ok ? "ok" : "OVER BUDGET");
console.log(`${pad("JavaScript of the home page", 44)} ${kb(jsTotal.raw)} ${kb(jsTotal.gzip)} ${kb(jsTotal.brotli)}  ` +
  `budget ${(JS_BUDGET / 1024).toFixed(0)} KB gzip: ${verdict(jsTotal.gzip <= JS_BUDGET)}`);
console.log(`${pad("CSS of the home page", 44)} ${kb(cssTotal.raw)} ${kb(cssTotal.gzip)} ${kb(cssTotal.brotli)}  ` +
  `budget ${(CSS_BUDGET / 1024).toFixed(0)} KB gzip: ${verdict(cssTotal.gzip <= CSS_BUDGET)}`);
// For information: the home route's own lazy chunk and what it imports statically, which the
// browser also downloads at / (not counted in the budget, which is the entry's static graph).
const homeRoute = Object.keys(outputs).find((k) => /(^|\/)pages\/home\/HomePage\.[jt]sx?$/.test(outputs[k].entryPoint ?? ""));
if (homeRoute) {
  const extra = new Set();
  const todo = [homeRoute];
  while (todo.length) {
    const key = todo.shift();
    if (graph.has(key) || extra.has(key)) continue;
    extra.add(key);
    for (const imp of outputs[key]?.imports ?? []) if (imp.kind === "import-statement" && imp.path in outputs) todo.push(imp.path);
  }
  const gz = [...extra].filter((k) => !k.endsWith(".css")).reduce((n, k) => n + size(k).gzip, 0);
  console.log(`${pad("+ the home route's lazy chunks (info)", 44)} ${" ".repeat(10)} ${kb(gz)} ${" ".repeat(10)}  ` +
    `${extra.size} file(s); with them ${((jsTotal.gzip + gz) / 1024).toFixed(1)} KB gzip at /`);
}
if (jsTotal.gzip > JS_BUDGET) problems.push(`home page JavaScript ${(jsTotal.gzip / 1024).toFixed(1)} KB gzip > ${JS_BUDGET / 1024} KB`);
if (cssTotal.gzip > CSS_BUDGET) problems.push(`home page CSS ${(cssTotal.gzip / 1024).toFixed(1)} KB gzip > ${CSS_BUDGET / 1024} KB`);

function separate(label, re) {
  const inHome = jsFiles.filter((k) => has(k, re));
  const chunks = lazy.filter((k) => has(k, re));
  if (inHome.length) problems.push(`${label} is in the home page's graph: ${inHome.map(shown).join(", ")}`);
  const where = chunks.length ? `lazy chunk(s) ${chunks.map(shown).join(", ")}` : "not in the bundle (yet)";
  console.log(`${pad(label + " in the home page's graph", 44)} ${inHome.length ? "YES: " + inHome.map(shown).join(", ") : "no"}; ${where}`);
  return chunks;
}
const chartChunks = separate("Chart.js", chartInput);
const staffChunks = separate("staff area", staffInput);

// The service worker must not precache them either (a moviegoer would download them).
const swFile = path.join(dist, "sw.js");
if (fs.existsSync(swFile)) {
  const sw = fs.readFileSync(swFile, "utf8");
  const cached = [...chartChunks, ...staffChunks].filter((k) => sw.includes(shown(k)));
  console.log(`${pad("staff/Chart.js chunks precached by sw.js", 44)} ${cached.length ? "YES: " + cached.map(shown).join(", ") : "no"}`);
  if (cached.length) problems.push(`sw.js precaches ${cached.map(shown).join(", ")}`);
}

if (problems.length) {
  console.error("\nbudgets: FAILED\n  - " + problems.join("\n  - "));
  process.exit(1);
}
console.log("budgets: passed");
