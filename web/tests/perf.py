"""Performance measurements with the browser's own APIs (PerformanceObserver) and CDP's CPU
throttling, for test_performance.py."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, CDPSession, Page

# Installed before any page script: records LCP candidates, layout shifts and long tasks.
OBSERVERS_JS = """
(() => {
  const perf = window.__perf = { lcp: [], shifts: [], longtasks: [] };
  const watch = (type, fn) => {
    try { new PerformanceObserver(list => list.getEntries().forEach(fn)).observe({ type, buffered: true }); }
    catch (e) { perf.unsupported = (perf.unsupported || []).concat(type); }
  };
  watch('largest-contentful-paint', e => perf.lcp.push({ time: e.startTime, size: e.size,
    element: e.element ? e.element.tagName.toLowerCase() + (e.element.className ? '.' + String(e.element.className).split(' ')[0] : '') : '',
    url: e.url || '' }));
  watch('layout-shift', e => perf.shifts.push({ time: e.startTime, value: e.value, recent: e.hadRecentInput,
    sources: (e.sources || []).map(s => s.node ? (s.node.tagName || '#text').toLowerCase() + (s.node.className ? '.' + String(s.node.className).split(' ')[0] : '') : '?').slice(0, 3) }));
  watch('longtask', e => perf.longtasks.push({ time: e.startTime, duration: e.duration }));
})();
"""


def throttled_page(context: BrowserContext, rate: float = 4) -> tuple[Page, CDPSession]:
    """A page of the context with its CPU slowed down `rate` times (CDP Emulation) and the
    observers above installed."""
    context.add_init_script(OBSERVERS_JS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    return page, cdp


def lcp(page: Page) -> dict:
    """The last largest-contentful-paint candidate (ms since navigation start)."""
    entries = page.evaluate("() => window.__perf.lcp")
    return entries[-1] if entries else {}


def cls(page: Page) -> tuple[float, float, list]:
    """(CLS as the web-vitals definition — the largest session window of shifts without recent
    input, windows closing after a 1 s gap or at 5 s —, the plain sum, the shifts)."""
    shifts = [s for s in page.evaluate("() => window.__perf.shifts") if not s["recent"]]
    best = current = 0.0
    start = last = None
    for shift in shifts:
        t = shift["time"]
        if start is None or t - last > 1000 or t - start > 5000:
            start, current = t, 0.0
        current += shift["value"]
        last = t
        best = max(best, current)
    return best, sum(s["value"] for s in shifts), shifts


def longtasks(page: Page, since: float = 0) -> list[dict]:
    return [t for t in page.evaluate("() => window.__perf.longtasks") if t["time"] + t["duration"] >= since]


def now(page: Page) -> float:
    return page.evaluate("() => performance.now()")
