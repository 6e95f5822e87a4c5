#!/usr/bin/env node
// Builds the web app into web/dist (run from the repo root or web/):
//   1. type check (tsc --noEmit -p web), non-zero exit on any error;
//   2. bundle src/main.tsx with esbuild (ESM code splitting, content-hashed names) into dist/assets,
//      writing the esbuild metafile to dist/meta.json (the budget script sums the home page from it);
//   3. index.html (no inline script or style: CSP script-src 'self'; style-src 'self'),
//      sw.js (the service worker, with the list of files to precache), manifest, favicon;
//   4. a .gz and a .br sibling for every text file of 1 KB or more.
// Everything comes from Debian packages: esbuild and tsc binaries, React under /usr/share/nodejs.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const web = path.dirname(fileURLToPath(import.meta.url));
// Built into a private folder, then swapped in for dist at the end: the gateway never serves a half
// built dist, and two builds at once (one per terminal) do not mix their files.
const finalDist = path.join(web, "dist");
const scratch = `.dist-${process.pid}`;
const dist = path.join(web, scratch);
const assets = path.join(dist, "assets");
const nodePath = "/usr/share/nodejs";

function step(name, fn) {
  const started = Date.now();
  const result = fn();
  console.log(`web build: ${name} (${Date.now() - started} ms)`);
  return result;
}

function typeCheck() {
  try {
    execFileSync("tsc", ["--noEmit", "-p", web], { stdio: "inherit" });
  } catch {
    console.error("web build: type errors (see above)");
    process.exit(1);
  }
}

function bundle() {
  process.on("exit", () => fs.rmSync(dist, { recursive: true, force: true }));
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(assets, { recursive: true });
  const args = [
    "src/boot.ts", "src/main.tsx", "--bundle", "--splitting", "--format=esm", "--minify",
    "--target=es2020,chrome90,firefox90,safari14", "--jsx=automatic", "--legal-comments=none",
    "--define:process.env.NODE_ENV=\"production\"", `--outdir=${assets}`,
    "--entry-names=[name]-[hash]", "--chunk-names=[name]-[hash]", "--asset-names=[name]-[hash]",
    `--metafile=${path.join(dist, "meta.json")}`, "--log-level=warning",
  ];
  try {
    execFileSync("esbuild", args, { cwd: web, stdio: "inherit", env: { ...process.env, NODE_PATH: nodePath } });
  } catch {
    console.error("web build: esbuild failed");
    process.exit(1);
  }
  // The metafile names outputs relative to web/: name them as they will be, under dist/.
  const metaFile = path.join(dist, "meta.json");
  fs.writeFileSync(metaFile, fs.readFileSync(metaFile, "utf8").replaceAll(`"${scratch}/`, '"dist/'));
  return JSON.parse(fs.readFileSync(metaFile, "utf8"));
}

/** Output paths relative to dist, e.g. "assets/main-ABC.js". */
const rel = (p) => path.relative(finalDist, path.resolve(web, p)).split(path.sep).join("/");

function entryOutputs(meta) {
  const [js, out] = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === "src/main.tsx");
  const css = out.cssBundle ?? Object.keys(meta.outputs).find((p) => p.endsWith(".css"));
  const preload = out.imports.filter((i) => i.kind === "import-statement").map((i) => rel(i.path));
  const boot = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === "src/boot.ts")?.[0];
  return { js: rel(js), css: css ? rel(css) : null, preload, boot: boot ? rel(boot) : null };
}

function writeIndex(entry) {
  const template = fs.readFileSync(path.join(web, "src/index.html"), "utf8");
  const head = [
    entry.boot ? `<script type="module" async src="/${entry.boot}"></script>` : "",
    entry.css ? `<link rel="stylesheet" href="/${entry.css}">` : "",
    ...entry.preload.map((p) => `<link rel="modulepreload" href="/${p}">`),
    `<script type="module" src="/${entry.js}"></script>`,
  ].filter(Boolean).join("\n    ");
  fs.writeFileSync(path.join(dist, "index.html"), template.replace("<!--ASSETS-->", head));
}

/** The files the service worker precaches: the shell and every moviegoer chunk (never staff or charts). */
function precacheList(meta) {
  const staff = (o) => (o.entryPoint ?? "").startsWith("src/staff/") || Object.keys(o.inputs).some((i) => i.includes("chart.js"));
  const files = Object.entries(meta.outputs)
    .filter(([p, o]) => !p.endsWith(".map") && !staff(o))
    .map(([p]) => "/" + rel(p));
  return ["/", "/manifest.webmanifest", "/favicon.svg", ...files.sort()];
}

function writeRootFiles(meta) {
  for (const name of fs.readdirSync(path.join(web, "public"))) {
    fs.copyFileSync(path.join(web, "public", name), path.join(dist, name));
  }
  const list = precacheList(meta);
  const version = createHash("sha256").update(list.join("\n")).digest("hex").slice(0, 12);
  const sw = fs.readFileSync(path.join(web, "src/sw/sw.js"), "utf8")
    .replace("\"__VERSION__\"", JSON.stringify(version))
    .replace("[] /*__PRECACHE__*/", JSON.stringify(list));
  fs.writeFileSync(path.join(dist, "sw.js"), sw);
}

const textFile = /\.(html|js|css|json|svg|webmanifest|txt|map)$/;

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

function compress() {
  for (const file of [...walk(dist)]) {
    if (!textFile.test(file)) continue;
    const data = fs.readFileSync(file);
    if (data.length < 1024) continue;
    fs.writeFileSync(file + ".gz", zlib.gzipSync(data, { level: 9 }));
    fs.writeFileSync(file + ".br", zlib.brotliCompressSync(data, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }));
  }
}

function swapIn() {
  const old = path.join(web, `.dist-old-${process.pid}`);
  if (fs.existsSync(finalDist)) fs.renameSync(finalDist, old);
  fs.renameSync(dist, finalDist);
  fs.rmSync(old, { recursive: true, force: true });
}

function report(entry) {
  const size = (p) => fs.statSync(path.join(finalDist, p)).size;
  const gz = (p) => (fs.existsSync(path.join(finalDist, p + ".gz")) ? size(p + ".gz") : size(p));
  const kb = (n) => (n / 1024).toFixed(1) + " KB";
  console.log(`web build: entry ${entry.js} ${kb(size(entry.js))} (${kb(gz(entry.js))} gzip)` +
    (entry.css ? `, ${entry.css} ${kb(gz(entry.css))} gzip` : ""));
}

step("type check", typeCheck);
const meta = step("bundle", bundle);
const entry = entryOutputs(meta);
step("html, service worker, manifest", () => {
  writeIndex(entry);
  writeRootFiles(meta);
});
step("precompress", compress);
swapIn();
report(entry);
