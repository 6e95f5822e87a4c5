// Compiles a pure TypeScript module of src/ with esbuild (the Debian binary) into a temporary .mjs
// and imports it: the unit tests run on the real sources, in milliseconds, without a build.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hs-web-test-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

export async function load(source) {
  const out = path.join(tmp, source.replace(/[^\w]+/g, "_") + ".mjs");
  execFileSync("esbuild", [path.join(web, "src", source), "--bundle", "--format=esm", "--platform=node",
    "--target=node18", `--outfile=${out}`, "--log-level=error"], { env: { ...process.env, NODE_PATH: "/usr/share/nodejs" } });
  return import(pathToFileURL(out).href);
}
