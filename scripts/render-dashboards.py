"""Renders the Grafana dashboards of deploy/observability/dashboards/ from a live Prometheus.

Not Grafana: a small, honest stand-in for machines without it (scripts/render-dashboards, the
wrapper, explains the options). For each dashboard JSON, every panel's PromQL targets run against
Prometheus's HTTP API — /api/v1/query_range over the window (time series panels), /api/v1/query
at its end (stat panels) — with Grafana's variables substituted; the results are inlined into a
static HTML page laid out on the dashboard's 24-column grid (gridPos), drawn with Debian's
Chart.js (no network at render time), then screenshotted with Playwright's Chromium.

A query that returns no series shows "No data" (what Grafana shows too); a query Prometheus
rejects shows its error. Both are listed on stderr and in <out>/summary.json.
"""

import argparse
import datetime as dt
import html
import json
import math
import pathlib
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
DASHBOARDS = ROOT / "deploy/observability/dashboards"
CHART_JS_CANDIDATES = [
    "/usr/share/nodejs/chart.js/dist/chart.umd.js",  # Chart.js 4
    "/usr/share/nodejs/chart.js/dist/chart.min.js",  # Chart.js 3 (Debian 12: 3.9.1, a UMD build)
    "/usr/share/nodejs/chart.js/dist/chart.js",
]
# Grafana's classic palette, in its order.
PALETTE = ["#7EB26D", "#EAB839", "#6ED0E0", "#EF843C", "#E24D42", "#1F78C1", "#BA43A9", "#705DA0",
           "#508642", "#CCA300", "#447EBC", "#C15C17", "#890F02", "#0A437C", "#6D1F62", "#584477",
           "#B7DBAB", "#F4D598", "#70DBED", "#F9BA8F", "#F29191", "#82B5D8", "#E5A8E2", "#AEA2E0"]
ROW_PX = 30  # Grafana's grid: one unit of gridPos.h is 30 px (plus margins)


class PrometheusDown(Exception):
    pass


def die(msg):
    print(f"render-dashboards: ERROR: {msg}", file=sys.stderr)
    sys.exit(1)


def duration_seconds(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)", text)
    if not m:
        raise argparse.ArgumentTypeError(f"not a duration (e.g. 15s, 1m, 2h): {text}")
    return float(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def name_value(text):
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"not NAME=VALUE: {text}")
    return tuple(text.split("=", 1))


def prom_duration(seconds):
    s = int(round(seconds))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if s >= size and s % size == 0:
            return f"{s // size}{unit}"
    return f"{s}s"


class Prometheus:
    def __init__(self, url, timeout):
        self.url = url.rstrip("/")
        self.timeout = timeout

    def get(self, path, params):
        full = f"{self.url}{path}?{urllib.parse.urlencode(params)}"
        try:
            with urllib.request.urlopen(full, timeout=self.timeout) as r:
                body = json.loads(r.read())
        except urllib.error.HTTPError as e:  # 400/422/503: Prometheus says why in JSON
            try:
                body = json.loads(e.read())
            except ValueError:
                body = None
            if not isinstance(body, dict) or body.get("status") not in ("success", "error"):
                return None, f"HTTP {e.code} {e.reason}"
        except (urllib.error.URLError, OSError) as e:
            raise PrometheusDown(f"{self.url} does not answer: {getattr(e, 'reason', e)}") from e
        except ValueError as e:
            raise PrometheusDown(f"{self.url} answered something that is not Prometheus's JSON: {e}") from e
        if body.get("status") != "success":
            return None, f"{body.get('errorType', 'error')}: {body.get('error', 'unknown error')}"
        return body["data"], None

    def check(self):
        """Fails clearly when nothing (or not Prometheus) listens at the URL."""
        data, err = self.get("/api/v1/status/buildinfo", {})
        if err or not isinstance(data, dict) or "version" not in data:
            raise PrometheusDown(f"{self.url} is not a Prometheus HTTP API ({err or 'no build info'})")
        return data["version"]


# ---- Grafana's variables ----------------------------------------------------------------------

VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::[a-z]+)?\}|([A-Za-z_][A-Za-z0-9_]*)|\[\[([A-Za-z_][A-Za-z0-9_]*)\]\])")


def template_values(board):
    """name → value for the dashboard's own template variables, from what the JSON holds:
    the current selection, else the first option, else the query/constant text; "All" (or a
    multi-value selection) becomes a regex alternation, as Grafana formats it for Prometheus."""
    values = {}
    for var in (board.get("templating") or {}).get("list", []):
        name, kind = var.get("name"), var.get("type")
        if not name or kind == "datasource":
            continue
        current = (var.get("current") or {}).get("value")
        if current is None and var.get("options"):
            current = var["options"][0].get("value")
        if current is None and kind in ("constant", "textbox", "custom"):
            current = (var.get("query") or "").split(",")[0].strip() or None
        if isinstance(current, list):
            current = "|".join(current) if current else None
        if current in ("$__all", "All"):
            current = var.get("allValue") or ".*"
        values[name] = current  # None: no default here; substituted with .* (and said so)
    return values


def substitute(expr, variables, builtins, unknown, fallback=".*"):
    """Grafana's $name, ${name}, ${name:fmt} and [[name]]; a variable without a value becomes
    `fallback` (.* in a query: every value; None: left as written) and is added to `unknown`."""
    def repl(m):
        name = m.group(1) or m.group(2) or m.group(3)
        if name in builtins:
            return builtins[name]
        if variables.get(name) is not None:
            return variables[name]
        unknown.add(name)
        return m.group(0) if fallback is None else fallback
    return VAR.sub(repl, expr)


def legend(fmt, metric):
    if not fmt or fmt == "__auto":
        name = metric.get("__name__", "")
        labels = ", ".join(f'{k}="{v}"' for k, v in sorted(metric.items()) if k != "__name__")
        return f"{name}{{{labels}}}" if labels or not name else name
    return re.sub(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", lambda m: metric.get(m.group(1), ""), fmt).strip()


def number(text):
    v = float(text)
    return v if math.isfinite(v) else None  # NaN (0/0), ±Inf: a gap, as in Grafana


# ---- one dashboard ----------------------------------------------------------------------------

def run_panel(prom, panel, variables, builtins, start, end, step, problems, where):
    kind = panel.get("type", "timeseries")
    out = {"id": panel.get("id"), "type": kind, "title": substitute(panel.get("title", ""), variables, builtins, set(), None),
           "gridPos": panel.get("gridPos") or {"x": 0, "y": 0, "w": 12, "h": 8},
           "unit": ((panel.get("fieldConfig") or {}).get("defaults") or {}).get("unit", "short"),
           "description": panel.get("description", ""), "targets": []}
    if kind == "row":
        return out
    for t in panel.get("targets") or []:
        if t.get("hide"):
            continue
        unknown = set()
        expr = substitute(t.get("expr", ""), variables, builtins, unknown)
        target = {"refId": t.get("refId", ""), "expr": expr, "series": [], "error": None}
        if unknown:
            problems["variables"].append(f"{where}: {', '.join(sorted(unknown))} had no value: .* used")
        if not expr.strip():
            target["error"] = "empty query"
        elif kind in ("stat", "gauge", "bargauge"):
            data, err = prom.get("/api/v1/query", {"query": expr, "time": end})
            target["error"] = err
            for r in (data or {}).get("result", []) if data and data.get("resultType") == "vector" else []:
                target["series"].append({"name": legend(t.get("legendFormat"), r["metric"]), "value": number(r["value"][1])})
            if data and data.get("resultType") == "scalar":
                target["series"].append({"name": t.get("legendFormat") or "", "value": number(data["result"][1])})
        else:
            data, err = prom.get("/api/v1/query_range", {"query": expr, "start": start, "end": end, "step": step})
            target["error"] = err
            for r in (data or {}).get("result", []):
                target["series"].append({"name": legend(t.get("legendFormat"), r["metric"]),
                                         "points": [[int(float(ts) * 1000), number(v)] for ts, v in r["values"]]})
        if target["error"]:
            problems["errors"].append(f"{where}: {target['error']}")
        elif not target["series"]:
            problems["nodata"].append(f"{where} [{target['refId']}]: {expr}")
        out["targets"].append(target)
    return out


def render_board(prom, path, args, start, end):
    board = json.loads(path.read_text())
    variables = template_values(board)
    for name, value in args.var:
        variables[name] = value
    window = end - start
    builtins = {"__rate_interval": args.rate_interval, "__interval": prom_duration(args.step),
                "__interval_ms": str(int(args.step * 1000)), "__range": prom_duration(window),
                "__range_s": str(int(window)), "__range_ms": str(int(window * 1000))}
    problems = {"errors": [], "nodata": [], "variables": []}
    panels = []
    for panel in board.get("panels", []):
        # a collapsed row carries its panels inside it
        for p in [panel] + list(panel.get("panels") or []):
            where = f"{path.stem}: {p.get('title')!r}"
            panels.append(run_panel(prom, p, variables, builtins, start, end, args.step, problems, where))
    page = {
        "title": board.get("title", path.stem), "description": board.get("description", ""),
        "file": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
        "prometheus": prom.url, "start": start * 1000, "end": end * 1000, "step": args.step,
        "rateInterval": args.rate_interval, "palette": PALETTE, "rowPx": ROW_PX,
        "variables": {k: v for k, v in variables.items() if v is not None}, "panels": panels,
    }
    return page, problems


HTML = r"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>__TITLE__</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; padding: 12px 14px 16px; background: #f4f5f5; color: #24292e;
         font: 13px/1.35 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
  header { display: flex; justify-content: space-between; align-items: baseline; gap: 16px;
           margin: 0 0 10px; padding-bottom: 8px; border-bottom: 1px solid #d8d9da; }
  header h1 { font-size: 19px; margin: 0; font-weight: 600; }
  header .desc { color: #555; margin-top: 2px; }
  header .meta { text-align: right; color: #555; font-size: 11.5px; white-space: nowrap; }
  .grid { display: grid; grid-template-columns: repeat(24, minmax(0, 1fr));
          grid-auto-rows: minmax(__ROW__px, auto); gap: 8px; }
  .panel { background: #fff; border: 1px solid #d8d9da; border-radius: 3px; padding: 6px 8px 5px;
           display: flex; flex-direction: column; min-width: 0; }
  .panel h2 { font-size: 13px; font-weight: 600; margin: 0 0 4px; white-space: nowrap;
              overflow: hidden; text-overflow: ellipsis; }
  .plot { position: relative; flex: none; }
  .nodata { position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center;
            justify-content: center; color: #8e8e8e; font-size: 15px; text-align: center; padding: 0 12px; }
  .nodata .why { font-size: 11px; margin-top: 3px; }
  .error { color: #c4162a; font-size: 11.5px; }
  .legend { display: flex; flex-wrap: wrap; gap: 1px 12px; margin-top: 3px; font-size: 11px; color: #333; }
  .legend span.sw { display: inline-block; width: 12px; height: 3px; margin: 0 4px 3px 0; vertical-align: middle; }
  .legend .last { color: #777; }
  .stat { flex: 1; display: flex; flex-wrap: wrap; align-items: center; justify-content: center;
          gap: 4px 22px; min-height: 70px; }
  .stat .one { text-align: center; }
  .stat .v { font-size: 34px; font-weight: 600; line-height: 1.1; color: #1a7f37; }
  .stat .many .v { font-size: 22px; }
  .stat .n { font-size: 11px; color: #555; max-width: 320px; overflow-wrap: anywhere; }
  .query { margin-top: auto; padding-top: 4px; font: 9.5px/1.3 "DejaVu Sans Mono", monospace;
           color: #6a737d; overflow-wrap: anywhere; }
  footer { margin-top: 10px; color: #777; font-size: 11px; }
</style>
<script>__CHARTJS__</script>
</head><body>
<header>
  <div><h1 id="title"></h1><div class="desc" id="desc"></div></div>
  <div class="meta" id="meta"></div>
</header>
<div class="grid" id="grid"></div>
<footer id="footer"></footer>
<script>
const PAGE = __DATA__;
const pad = n => String(n).padStart(2, "0");
const hhmm = ms => { const d = new Date(ms); return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()); };
const stamp = ms => { const d = new Date(ms); return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) + " " + hhmm(ms) + " UTC"; };
function trim(v) {  // 3 significant digits at most, no trailing zeros after the point
  const t = Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(2) : v.toPrecision(2);
  return t.includes(".") && !t.includes("e") ? t.replace(/\.?0+$/, "") : t;
}
// Byte ticks on powers of two (1, 2, 4 … 512 KiB/MiB/GiB steps), at most 6.
function byteTicks(axis) {
  if (!(axis.max > 0)) return;
  let step = 1;
  while (axis.max / step > 5) step *= 2;
  axis.max = Math.ceil(axis.max / step) * step;
  axis.ticks = [];
  for (let v = 0; v <= axis.max; v += step) axis.ticks.push({ value: v });
}
// Time ticks on whole minutes: every 1, 2, 5, 10, 15, 30 or 60 min, at most 8.
function timeTicks(axis) {
  const span = (PAGE.end - PAGE.start) / 60000;
  const every = [1, 2, 5, 10, 15, 30, 60, 120, 360, 720, 1440].find(m => span / m <= 8) * 60000;
  const ticks = [];
  for (let t = Math.ceil(PAGE.start / every) * every; t <= PAGE.end; t += every) ticks.push({ value: t });
  axis.ticks = ticks;
}
function fmt(v, unit) {
  if (v === null || v === undefined) return "–";
  const a = Math.abs(v);
  if (unit === "percentunit") return trim(v * 100) + " %";
  if (unit === "percent") return trim(v) + " %";
  if (unit === "s") {
    if (a === 0) return "0 s";
    if (a < 1e-3) return trim(v * 1e6) + " µs";
    if (a < 1) return trim(v * 1e3) + " ms";
    if (a < 60) return trim(v) + " s";
    if (a < 3600) return trim(v / 60) + " min";
    return trim(v / 3600) + " h";
  }
  if (unit === "bytes") {
    const u = ["B", "KiB", "MiB", "GiB", "TiB"]; let i = 0, x = v;
    while (Math.abs(x) >= 1024 && i < u.length - 1) { x /= 1024; i++; }
    return trim(x) + " " + u[i];
  }
  const si = a >= 1e9 ? [1e9, " B"] : a >= 1e6 ? [1e6, " M"] : a >= 1e3 ? [1e3, " K"] : [1, ""];
  const s = trim(v / si[0]) + si[1];
  return unit === "reqps" ? s + " req/s" : s;
}
function noData(errors, when) {
  const nd = el("div", "nodata");
  nd.appendChild(el("div", "", errors.length ? "Query error" : "No data"));
  if (!errors.length) nd.appendChild(el("div", "why", "the query returned no series " + when));
  return nd;
}
function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }

document.getElementById("title").textContent = PAGE.title;
document.getElementById("desc").textContent = PAGE.description;
const vars = Object.entries(PAGE.variables).map(([k, v]) => k + "=" + v).join(", ");
document.getElementById("meta").innerHTML = "";
[["", stamp(PAGE.start) + " → " + hhmm(PAGE.end) + " (" + Math.round((PAGE.end - PAGE.start) / 60000) + " min, step " + PAGE.step + " s)"],
 ["", "Prometheus " + PAGE.prometheus + " · $__rate_interval=" + PAGE.rateInterval + (vars ? " · " + vars : "")],
 ["", "rendered by scripts/render-dashboards from " + PAGE.file + " (not Grafana)"]].forEach(([c, t]) => document.getElementById("meta").appendChild(el("div", c, t)));

const grid = document.getElementById("grid");
let withData = 0, total = 0;
Chart.defaults.font.family = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif';
Chart.defaults.font.size = 10.5;
Chart.defaults.color = "#555";
for (const p of PAGE.panels) {
  if (p.type === "row") continue;
  total++;
  const g = p.gridPos, box = el("section", "panel");
  box.style.gridColumn = (g.x + 1) + " / span " + g.w;
  box.style.gridRow = (g.y + 1) + " / span " + g.h;
  box.appendChild(el("h2", "", p.title));
  const series = p.targets.flatMap(t => t.series);
  const errors = p.targets.filter(t => t.error);
  if (series.length) withData++;
  if (p.type === "stat" || p.type === "gauge" || p.type === "bargauge") {
    const s = el("div", "stat");
    if (!series.length) s.appendChild(noData(errors, "at " + hhmm(PAGE.end) + " UTC")).style.position = "static";
    for (const x of series) {
      const one = el("div", "one" + (series.length > 1 ? " many" : ""));
      one.appendChild(el("div", "v", fmt(x.value, p.unit)));
      one.appendChild(el("div", "n", x.name));
      s.appendChild(one);
    }
    if (series.length > 1) s.classList.add("many");
    box.appendChild(s);
  } else {
    const plot = el("div", "plot");
    plot.style.height = Math.max(90, g.h * PAGE.rowPx - 70) + "px";
    box.appendChild(plot);
    if (series.length) {
      const canvas = el("canvas"); plot.appendChild(canvas);
      let i = 0;
      const datasets = series.map(x => {
        const color = PAGE.palette[i++ % PAGE.palette.length];
        return { label: x.name, data: x.points.map(([t, v]) => ({ x: t, y: v })), borderColor: color,
                 backgroundColor: color, borderWidth: 1.5, pointRadius: 0, spanGaps: false, tension: 0 };
      });
      new Chart(canvas, {
        type: "line", data: { datasets },
        options: { animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
          plugins: { legend: { display: false }, tooltip: { enabled: false } },
          scales: {
            x: { type: "linear", min: PAGE.start, max: PAGE.end, grid: { color: "#eee" }, afterBuildTicks: timeTicks,
                 ticks: { callback: v => hhmm(v), maxRotation: 0, autoSkip: false } },
            y: { beginAtZero: true, grid: { color: "#eee" }, afterBuildTicks: p.unit === "bytes" ? byteTicks : undefined,
                 ticks: { callback: v => fmt(v, p.unit), maxTicksLimit: 5 } } } }
      });
      const lg = el("div", "legend");
      const empty = [];
      datasets.forEach((d, j) => {
        const pts = series[j].points.filter(([, v]) => v !== null);
        if (!pts.length && datasets.length > 1) { empty.push(d.label || "(no label)"); return; }
        const item = el("span");
        const sw = el("span", "sw"); sw.style.background = d.borderColor; item.appendChild(sw);
        item.appendChild(document.createTextNode(d.label || "(no label)"));
        item.appendChild(el("span", "last", " " + (pts.length ? fmt(pts[pts.length - 1][1], p.unit) : "no value")));
        lg.appendChild(item);
      });
      if (empty.length) {  // e.g. a quantile of routes nobody called: NaN all along, nothing drawn
        const more = el("span", "last", "+ " + empty.length + " series with no value in this window" +
          (empty.length <= 4 ? ": " + empty.join(", ") : ""));
        lg.appendChild(more);
      }
      box.appendChild(lg);
    } else {
      plot.appendChild(noData(errors, "from " + hhmm(PAGE.start) + " to " + hhmm(PAGE.end) + " UTC"));
    }
  }
  for (const t of errors) box.appendChild(el("div", "error", (p.targets.length > 1 ? t.refId + ": " : "") + t.error));
  const q = el("div", "query");
  p.targets.forEach(t => q.appendChild(el("div", "", (p.targets.length > 1 ? t.refId + ": " : "") + t.expr)));
  box.appendChild(q);
  grid.appendChild(box);
}
document.getElementById("footer").textContent = withData + " of " + total +
  " panels with data. “No data”: the query returned no series in this window (as in Grafana), e.g. no 5xx at all; legend values are each series' last value.";
document.body.dataset.rendered = "yes";
</script></body></html>
"""


def write_html(page, chart_js, dest):
    data = json.dumps(page, separators=(",", ":")).replace("</", "<\\/")
    text = (HTML.replace("__CHARTJS__", chart_js.replace("</script", "<\\/script"))
            .replace("__TITLE__", html.escape(page["title"])).replace("__ROW__", str(ROW_PX - 8))
            .replace("__DATA__", data))
    dest.write_text(text)


def screenshot(pages, args):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        die("playwright is missing from this Python (scripts/install-deps makes .run/venv): or use --no-screenshot")
    if not pathlib.Path(args.chromium).exists():
        die(f"no Chromium at {args.chromium} (apt-get install chromium; HS_CHROMIUM to choose another): or use --no-screenshot")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, headless=True)
        try:
            context = browser.new_context(viewport={"width": args.width, "height": 300}, device_scale_factor=1)
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            for html_path, png_path in pages:
                errors.clear()
                page.goto(html_path.as_uri())
                page.wait_for_selector("body[data-rendered=yes]", timeout=20000)
                if errors:
                    die(f"{html_path.name}: the page failed in the browser: {errors[0]}")
                page.screenshot(path=str(png_path), full_page=True)
        finally:
            browser.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True, help="Prometheus base URL")
    ap.add_argument("--out", type=pathlib.Path, default=ROOT / ".run/dashboards")
    ap.add_argument("--minutes", type=float, default=30, help="window: the last N minutes (default 30)")
    ap.add_argument("--end", help="end of the window, ISO 8601 UTC (default: now)")
    ap.add_argument("--step", type=duration_seconds, default=15.0, help="query_range step (default 15s)")
    ap.add_argument("--rate-interval", default="1m", help="value of $__rate_interval (default 1m: 4 × the 15 s scrape interval, as Grafana computes it)")
    ap.add_argument("--var", action="append", default=[], type=name_value, help="a template variable's value, NAME=VALUE (repeatable)")
    ap.add_argument("--width", type=int, default=1400, help="viewport width in px (default 1400)")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--no-screenshot", action="store_true", help="write the HTML pages only")
    ap.add_argument("--copy-to", type=pathlib.Path, help="also copy the PNGs into this folder (--docs: docs/observability/images)")
    ap.add_argument("--timeout", type=float, default=15, help="seconds per HTTP request (default 15)")
    ap.add_argument("dashboards", nargs="*", help="names (homestudio-overview or overview) or JSON files; default: all")
    args = ap.parse_args()
    args.rate_interval = prom_duration(duration_seconds(args.rate_interval))

    files = []
    for name in args.dashboards or []:
        p = pathlib.Path(name)
        cands = [p, DASHBOARDS / name, DASHBOARDS / f"{name}.json", DASHBOARDS / f"homestudio-{name}.json"]
        hit = next((c for c in cands if c.is_file()), None)
        hit or die(f"no dashboard {name!r} (in {DASHBOARDS.relative_to(ROOT)}: {', '.join(f.stem for f in sorted(DASHBOARDS.glob('*.json')))})")
        files.append(hit.resolve())
    files = files or sorted(DASHBOARDS.glob("*.json"))

    chart_path = next((c for c in CHART_JS_CANDIDATES if pathlib.Path(c).is_file()), None)
    chart_path or die("Chart.js not found in /usr/share/nodejs/chart.js/dist/ (apt-get install node-chart.js)")
    chart_js = pathlib.Path(chart_path).read_text()

    if args.end:
        end_dt = dt.datetime.fromisoformat(args.end.replace("Z", "+00:00"))
        end = (end_dt if end_dt.tzinfo else end_dt.replace(tzinfo=dt.timezone.utc)).timestamp()
    else:
        end = dt.datetime.now(dt.timezone.utc).timestamp()
    end = math.floor(end / args.step) * args.step  # aligned on the step, as Grafana does
    start = end - args.minutes * 60

    prom = Prometheus(args.url, args.timeout)
    try:
        version = prom.check()
        up, _ = prom.get("/api/v1/query", {"query": "up", "time": end})
        targets = (up or {}).get("result", [])
        if not targets:
            print(f"render-dashboards: WARNING: {prom.url} has no `up` series at the end of the window: "
                  "is it scraping anything (scripts/observe)? Every panel will say No data.", file=sys.stderr)
        elif not any(r["value"][1] == "1" for r in targets):
            print(f"render-dashboards: WARNING: none of the {len(targets)} targets of {prom.url} is up at the end of "
                  "the window: is the suite running (make run; HS_MODE=test for the test suite)?", file=sys.stderr)
        print(f"Prometheus {version} at {prom.url}: {sum(1 for r in targets if r['value'][1] == '1')} of {len(targets)} targets up; "
              f"window {dt.datetime.fromtimestamp(start, dt.timezone.utc):%Y-%m-%d %H:%M:%S} → "
              f"{dt.datetime.fromtimestamp(end, dt.timezone.utc):%H:%M:%S} UTC, step {args.step:g} s", file=sys.stderr)

        args.out.mkdir(parents=True, exist_ok=True)
        summary, shots, failed = {}, [], False
        for path in files:
            page, problems = render_board(prom, path, args, start, end)
            html_path = args.out / f"{path.stem}.html"
            write_html(page, chart_js, html_path)
            shots.append((html_path, args.out / f"{path.stem}.png"))
            panels = [p for p in page["panels"] if p["type"] != "row"]
            with_data = [p["title"] for p in panels if any(t["series"] for t in p["targets"])]
            summary[path.stem] = {"panels": len(panels), "with_data": with_data,
                                  "no_data": [p["title"] for p in panels if p["title"] not in with_data], **problems}
            print(f"  {path.stem}: {len(with_data)}/{len(panels)} panels with data"
                  + (f", {len(problems['errors'])} query errors" if problems["errors"] else ""), file=sys.stderr)
            for line in problems["errors"]:
                print(f"    query error: {line}", file=sys.stderr)
            for line in problems["variables"]:
                print(f"    variable: {line}", file=sys.stderr)
            failed = failed or bool(problems["errors"])
    except PrometheusDown as e:
        die(f"{e}. Start one with `scripts/observe` (make observe; HS_MODE=test scripts/observe for the test suite), or pass --url.")
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")

    if not args.no_screenshot:
        screenshot(shots, args)
    for html_path, png_path in shots:
        print(png_path if not args.no_screenshot else html_path)
    if failed:
        die("some queries were rejected by Prometheus (above); the pages show the errors"
            + (f"; nothing copied to {args.copy_to}" if args.copy_to else ""))
    if args.copy_to and not args.no_screenshot:
        args.copy_to.mkdir(parents=True, exist_ok=True)
        for _, png_path in shots:
            target = args.copy_to / png_path.name
            # A 256-colour palette (libvips): a third of the size, the same to the eye.
            quantized = subprocess.run(
                ["vips", "copy", str(png_path), f"{target}[palette,compression=9,effort=10]"],
                capture_output=True).returncode == 0 if shutil.which("vips") else False
            if not quantized:
                shutil.copyfile(png_path, target)
        print(f"copied {len(shots)} PNGs to {args.copy_to}", file=sys.stderr)


if __name__ == "__main__":
    main()
