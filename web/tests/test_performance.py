"""The performance budgets of issue 17, measured in headless Chromium with the CPU slowed down 4×
(CDP Emulation.setCPUThrottlingRate) on loopback, cold (a new context: empty HTTP cache, no
service worker), with the browser's own performance APIs:
  - Largest Contentful Paint of the home page ≤ 1.5 s;
  - Cumulative Layout Shift of the home page ≤ 0.05 (shifts without recent input, largest
    session window, as web-vitals defines it);
  - the seat map interactive ≤ 1 s after navigation (a free seat rendered, enabled, and the
    main thread answering);
  - no long task over 200 ms while selecting seats.
Figures are printed (pytest -s, or the -rA summary of scripts/browser-tests)."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

import api
import flows
import perf
from conftest import figure

CPU_SLOWDOWN = 4
LCP_BUDGET_MS = 1500
CLS_BUDGET = 0.05
SEATS_BUDGET_MS = 1000
LONG_TASK_BUDGET_MS = 200

SECTION = f"performance (CPU {CPU_SLOWDOWN}x slower, loopback, cold loads)"


class _Figures:
    def __setitem__(self, what: str, value: str) -> None:
        figure(SECTION, what, value)


figures = _Figures()


RUNS = 3  # each figure is the median of 3 cold loads (the machine's 2 cores are shared)


BUSY_LOAD = 1.5 * (os.cpu_count() or 1)  # 1-minute load average above which figures say more about the machine


def load() -> float:
    return os.getloadavg()[0]


def over_budget(message: str, load_before: float) -> None:
    """Fails, unless the machine was too busy for the figures to mean anything: then skips, naming
    the figures and the load (the budgets hold on a quiet machine, as in make test after the Swift tests)."""
    busy = max(load_before, load())
    if busy > BUSY_LOAD:
        pytest.skip(f"machine too busy to judge the budget (load {busy:.1f} on {os.cpu_count()} cores): {message}")
    pytest.fail(f"{message} (load {busy:.1f} on {os.cpu_count()} cores)", pytrace=False)


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def load_home(new_context) -> dict:
    page, _ = perf.throttled_page(new_context(), CPU_SLOWDOWN)
    page.goto("/")
    flows.wait_ready(page)
    page.wait_for_load_state("load")
    page.wait_for_timeout(2500)  # late images, fonts and data shifts count too
    lcp = perf.lcp(page)
    cls, total, shifts = perf.cls(page)
    js = page.evaluate("""() => performance.getEntriesByType('resource')
        .filter(r => r.initiatorType === 'script' || r.name.endsWith('.js'))
        .reduce((n, r) => n + (r.encodedBodySize || r.transferSize || 0), 0)""")
    page.context.close()
    assert lcp, "no largest-contentful-paint entry"
    return {"lcp": lcp["time"], "element": lcp.get("element", "?"), "cls": cls, "shifts": shifts, "js": js}


def test_home_page_lcp_and_cls(new_context, suite):
    load_before = load()
    runs = [load_home(new_context) for _ in range(RUNS)]
    lcp = median([r["lcp"] for r in runs])
    cls = median([r["cls"] for r in runs])
    worst = max(runs, key=lambda r: r["cls"])
    lcps = ", ".join(f"{r['lcp']:.0f}" for r in runs)
    clss = ", ".join(f"{r['cls']:.4f}" for r in runs)
    figures["home LCP"] = (f"{lcp:.0f} ms median of {RUNS} ({lcps}; "
                           f"element {runs[0]['element']}) — budget {LCP_BUDGET_MS} ms")
    figures["home CLS"] = (f"{cls:.4f} median ({clss}) — budget {CLS_BUDGET}; "
                           f"shifts of the worst load: " + "; ".join(f"{x['value']:.4f} {'/'.join(x['sources'])}" for x in worst["shifts"]))
    figures["machine load during the home page loads"] = f"{load_before:.1f} → {load():.1f} (1-minute average, {os.cpu_count()} cores)"
    figures["home JS transferred"] = f"{runs[0]['js'] / 1024:.1f} KB compressed (entry, static imports and the page's lazy chunk)"
    # Layout shifts do not depend on the machine's speed: a CLS over budget always fails.
    assert cls <= CLS_BUDGET, f"home page CLS {cls:.4f} > {CLS_BUDGET}: shifts {worst['shifts']}"
    if lcp > LCP_BUDGET_MS:
        over_budget(f"home page LCP {lcp:.0f} ms > {LCP_BUDGET_MS} ms ({[round(r['lcp']) for r in runs]})", load_before)


def open_seat_map(new_context, screening_id: str):
    page, _ = perf.throttled_page(new_context(), CPU_SLOWDOWN)
    page.goto(f"/screenings/{screening_id}/seats", wait_until="commit")
    # Interactive: a free seat is in the DOM, enabled and visible, and a task posted now runs at
    # once (the main thread is free). Measured in the page, from navigation start.
    ready_ms = page.wait_for_function(
        """(sel) => {
          const seat = document.querySelector(sel);
          if (!seat || seat.disabled || !seat.offsetParent) return false;
          return performance.now();
        }""", arg=flows.FREE_SEAT, polling="raf", timeout=15000).json_value()
    responsive_ms = page.evaluate("() => new Promise(r => setTimeout(() => r(performance.now()), 0))")
    return page, max(ready_ms, responsive_ms)


WATERFALL_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const rows = [['document', nav ? nav.responseEnd : 0]];
  for (const r of performance.getEntriesByType('resource')) {
    const name = new URL(r.name).pathname.replace(/^\\/api\\/([a-z]+)\\/.*$/, (m, s) => 'api ' + s + ' ' + m.split('/').slice(3, 7).join('/').replace(/[0-9A-F-]{36}/gi, '{id}'))
      .replace(/^\\/assets\\//, '').replace(/^(?!chunk-)(.+)-[A-Z0-9]{8}\\.(js|css)$/, '$1.$2');
    rows.push([name, r.responseEnd]);
  }
  return rows.sort((a, b) => a[1] - b[1]);
}"""


def test_seat_map_interactive_and_no_long_task_while_selecting(new_context, screening: api.Screening):
    load_before = load()
    times, waterfalls = [], []
    for i in range(RUNS):
        page, interactive = open_seat_map(new_context, screening.id)
        times.append(interactive)
        waterfalls.append(page.evaluate(WATERFALL_JS))
        if i < RUNS - 1:
            page.context.close()
    interactive = median(times)
    listed = ", ".join(f"{t:.0f}" for t in times)
    figures["seat map interactive"] = (f"{interactive:.0f} ms median of {RUNS} ({listed}) "
                                       f"after navigation — budget {SEATS_BUDGET_MS} ms")
    figures["machine load during the seat map loads"] = f"{load_before:.1f} → {load():.1f}"
    middle = waterfalls[times.index(interactive)]
    figures["seat map load, responses ended at (median load)"] = ", ".join(f"{n} {t:.0f}" for n, t in middle if t <= interactive + 50)

    start = perf.now(page)
    for row, number in [("C", 3), ("C", 4), ("C", 5), ("C", 6), ("C", 6), ("D", 4)]:
        flows.seat(page, row, number).click()
    expect(flows.seat(page, "C", 6)).to_have_attribute("aria-pressed", "false")
    expect(flows.seat(page, "D", 4)).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(300)
    tasks = perf.longtasks(page, since=start)
    longest = max((t["duration"] for t in tasks), default=0)
    figures["long tasks while selecting 6 seats"] = f"{len(tasks)}, longest {longest:.0f} ms — budget {LONG_TASK_BUDGET_MS} ms"
    problems = []
    if interactive > SEATS_BUDGET_MS:
        problems.append(f"seat map interactive after {interactive:.0f} ms > {SEATS_BUDGET_MS} ms ({[round(t) for t in times]})")
    if longest > LONG_TASK_BUDGET_MS:
        problems.append(f"a long task of {longest:.0f} ms while selecting seats: {tasks}")
    if problems:
        over_budget("; ".join(problems), load_before)


def test_seat_page_asks_the_api_once_per_resource(new_context, screening: api.Screening):
    """A cold load of the seat map (CPU 4x slower, twice) fetches the screening and its seats once:
    the prefetch started before React is the request the page uses; then it follows the live stream."""
    for _ in range(2):
        page, _ = perf.throttled_page(new_context(), CPU_SLOWDOWN)
        calls: list[str] = []
        page.on("request", lambda r: calls.append(r.url.split("/api/", 1)[1]) if "/api/" in r.url else None)
        page.goto(f"/screenings/{screening.id}/seats")
        expect(page.locator(flows.FREE_SEAT).first).to_be_visible()
        page.wait_for_timeout(1000)
        page.context.close()
        twice = sorted({c for c in calls if calls.count(c) > 1})
        # Was a known defect until the prefetched value outlived a first render React threw away.
        assert not twice, f"requested more than once: {twice} (all calls: {calls})"
