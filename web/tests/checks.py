"""Page checks usable from any browser test: horizontal overflow, accessible names, colour
contrast (WCAG 2.2 AA) and visible focus.

Each `find_*` function returns a list of human-readable problems (empty = the check passes);
each `assert_*` function fails the test with that list. They take a Playwright sync `Page`.
"""

from __future__ import annotations

import base64
from typing import Any

from playwright.sync_api import Page

# The controls a person can operate (the brief: button, a[href], input, select, textarea,
# [role=button], [tabindex]). tabindex="-1" on an element that is not otherwise a control is a
# programmatic focus target (a page's heading or <main> after a route change), not a control.
INTERACTIVE = (
    "button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], "
    "[role=checkbox], [role=radio], [role=switch], [role=tab], [role=menuitem], [role=option], "
    "[role=slider], [role=combobox], [role=textbox], [role=gridcell][tabindex], [tabindex]:not([tabindex='-1'])"
)


# --- (a) horizontal overflow ---------------------------------------------------------------------

_OVERFLOW_JS = """
(viewport) => {
  const doc = document.scrollingElement || document.documentElement;
  // On a phone (meta viewport, mobile emulation) a page wider than the screen widens the layout
  // viewport itself: compare with the device's width too, not only innerWidth.
  const width = Math.min(window.innerWidth, viewport || window.innerWidth);
  const culprits = [];
  if (doc.scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 1 || r.left < -1) {
        // only the outermost offenders: skip an element whose parent already overflows
        const p = el.parentElement && el.parentElement.getBoundingClientRect();
        if (p && (p.right > width + 1 || p.left < -1)) continue;
        const cls = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).slice(0, 3).join('.') : '';
        culprits.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls ? '.' + cls : ''} `
          + `(left ${Math.round(r.left)}, right ${Math.round(r.right)})`);
        if (culprits.length >= 8) break;
      }
    }
  }
  return { scrollWidth: Math.max(doc.scrollWidth, window.innerWidth), innerWidth: width, culprits };
}
"""


def find_overflow(page: Page) -> list[str]:
    """document.scrollingElement.scrollWidth must not exceed window.innerWidth."""
    viewport = (page.viewport_size or {}).get("width")
    result = page.evaluate(_OVERFLOW_JS, viewport)
    if result["scrollWidth"] <= result["innerWidth"]:
        return []
    return [f"page {page.url} is {result['scrollWidth']} px wide in a {result['innerWidth']} px viewport; "
            f"outermost elements past the edge: {', '.join(result['culprits']) or 'none found'}"]


def assert_no_overflow(page: Page) -> None:
    problems = find_overflow(page)
    assert not problems, "horizontal overflow: " + "; ".join(problems)


# --- (b) accessible names ------------------------------------------------------------------------

_CONTROLS_JS = """
(selector) => [...document.querySelectorAll(selector)].filter(el => {
  if (el.closest('[hidden], [inert]')) return false;
  const s = getComputedStyle(el);
  if (s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse') return false;
  return el.getClientRects().length > 0;
})
"""

_DESCRIBE_JS = """
(el) => {
  const html = el.outerHTML.replace(/\\s+/g, ' ');
  return html.length > 160 ? html.slice(0, 157) + '...' : html;
}
"""


def find_unnamed_controls(page: Page, _count: list[int] | None = None) -> list[str]:
    """Every visible control must have a non-empty accessible name, as Chromium's accessibility
    tree computes it (aria-labelledby, aria-label, <label>, content, title, alt…)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("Accessibility.enable")
        listing = cdp.send("Runtime.evaluate", {
            "expression": f"({_CONTROLS_JS})({INTERACTIVE!r})", "returnByValue": False})
        array_id = listing["result"].get("objectId")
        if not array_id:
            return []
        props = cdp.send("Runtime.getProperties", {"objectId": array_id, "ownProperties": True})
        problems: list[str] = []
        for prop in props["result"]:
            if not prop["name"].isdigit():
                continue
            if _count is not None:
                _count.append(1)
            object_id = prop["value"]["objectId"]
            tree = cdp.send("Accessibility.getPartialAXTree", {"objectId": object_id, "fetchRelatives": False})
            node = next((n for n in tree.get("nodes", []) if not n.get("ignored")), None)
            if node is None:
                continue  # not exposed (aria-hidden, presentational): not a control for a screen reader
            name = str((node.get("name") or {}).get("value") or "").strip()
            if not name:
                role = (node.get("role") or {}).get("value", "?")
                html = cdp.send("Runtime.callFunctionOn", {
                    "objectId": object_id, "functionDeclaration": _DESCRIBE_JS,
                    "arguments": [{"objectId": object_id}], "returnByValue": True})["result"]["value"]
                problems.append(f"{role} without an accessible name: {html}")
        return problems
    finally:
        cdp.detach()


def assert_controls_named(page: Page) -> None:
    problems = find_unnamed_controls(page)
    assert not problems, f"{len(problems)} control(s) without an accessible name on {page.url}:\n" + "\n".join(problems)


# --- (c) colour contrast -------------------------------------------------------------------------

_CONTRAST_JS = """
() => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const cache = new Map();
  // Any CSS colour (rgb, hex, oklch, color-mix…) as sRGB 0–255 plus alpha 0–1, via a canvas pixel.
  function rgba(css) {
    if (cache.has(css)) return cache.get(css);
    let value;
    const m = css.match(/^rgba?\\(([\\d.]+),\\s*([\\d.]+),\\s*([\\d.]+)(?:,\\s*([\\d.]+))?\\)$/);
    if (m) value = [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
    else if (css === 'transparent') value = [0, 0, 0, 0];
    else {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#000'; ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const d = ctx.getImageData(0, 0, 1, 1).data;
      value = d[3] === 0 ? [0, 0, 0, 0] : [d[0] * 255 / d[3], d[1] * 255 / d[3], d[2] * 255 / d[3], d[3] / 255];
    }
    cache.set(css, value);
    return value;
  }
  const over = (top, bottom) => {  // top (with alpha) painted over an opaque bottom
    const a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  };
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  // The canvas under the root: the system colour Canvas of the page's used colour scheme
  // (CSS color-scheme or <meta name=color-scheme>).
  const probe = document.createElement('div');
  probe.style.cssText = 'background-color: Canvas; position: absolute; width: 0; height: 0';
  document.documentElement.appendChild(probe);
  const canvasColour = rgba(getComputedStyle(probe).backgroundColor);
  probe.remove();

  // The elements painted under `el`, topmost first: the hit-test stack at the text's centre when
  // it is in the viewport (positioned overlays count), else the ancestor chain.
  function underneath(el, rect) {
    const x = rect.left + rect.width / 2, y = rect.top + rect.height / 2;
    if (x >= 0 && y >= 0 && x < innerWidth && y < innerHeight) {
      const stack = document.elementsFromPoint(x, y);
      const i = stack.indexOf(el);
      if (i >= 0) return stack.slice(i);
      if (stack.length && !el.contains(stack[0]) && getComputedStyle(el).pointerEvents !== 'none') return null;  // covered
    }
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.push(e);
    return chain;
  }
  // Effective background: blend background colours from the bottom up; null when an image or a
  // gradient lies between the text and the first opaque colour (cannot be judged from styles).
  function background(stack) {
    const layers = [];
    for (const e of stack) {
      const s = getComputedStyle(e);
      if (s.backgroundImage && s.backgroundImage !== 'none') return null;
      const c = rgba(s.backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
      if (e.tagName === 'IMG' || e.tagName === 'VIDEO' || e.tagName === 'CANVAS' || e.tagName === 'svg') return null;
    }
    let colour = canvasColour;
    for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return colour;
  }
  function opacity(el) {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity || '1');
    return o;
  }
  const describe = el => {
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '';
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (cls ? '.' + cls : '');
  };

  const failures = [], undetermined = [];
  document.querySelectorAll('[data-hs-contrast]').forEach(e => e.removeAttribute('data-hs-contrast'));
  let checked = 0;
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
    if (!text) continue;
    const el = node.parentElement;
    if (!el || seen.has(el)) continue;
    seen.add(el);
    if (el.closest('script, style, noscript, template, [hidden], [aria-hidden=true], [inert]')) continue;
    // Incidental text (WCAG 1.4.3): disabled controls.
    if (el.closest(':disabled, [aria-disabled=true]')) continue;
    const s = getComputedStyle(el);
    if (s.visibility !== 'visible') continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) continue;  // visually hidden (screen-reader-only) text
    const op = opacity(el);
    if (op < 0.01) continue;
    const stack = underneath(el, rect);
    if (stack === null) continue;  // covered by something else (a dialog's backdrop…)
    const bg = background(stack);
    const fgRaw = rgba(s.color);
    const shown = text.length > 60 ? text.slice(0, 57) + '...' : text;
    const size = parseFloat(s.fontSize), weight = parseInt(s.fontWeight, 10) || 400;
    const large = size >= 24 || (size >= 18.66 && weight >= 700);
    const required = large ? 3 : 4.5;
    if (bg === null) {
      // Judged from pixels by the caller (checks.py): the element is marked, its box given in page coordinates.
      const index = undetermined.length;
      el.setAttribute('data-hs-contrast', String(index));
      undetermined.push({ index, text: shown, element: describe(el), required, fontSize: size,
        fg: [fgRaw[0], fgRaw[1], fgRaw[2], fgRaw[3] * op],
        box: { x: rect.left + scrollX, y: rect.top + scrollY, width: rect.width, height: rect.height } });
      continue;
    }
    const fg = over([fgRaw[0], fgRaw[1], fgRaw[2], fgRaw[3] * op], bg);
    const r = ratio(fg, bg);
    checked++;
    if (r + 1e-6 < required) {
      const hex = c => '#' + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, '0')).join('');
      failures.push({ text: shown, element: describe(el), ratio: Math.round(r * 100) / 100, required,
                      fg: hex(fg), bg: hex(bg), fontSize: size });
    }
  }
  return { checked, failures, undetermined };
}
"""


# Contrast of a text colour against the pixels of its background (a PNG of the text's box with the
# text made transparent): the ratio that 95 % of the background pixels reach at least.
_PIXELS_JS = """
async ({ png, fg }) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + png;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const lin = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (r, g, b) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const ratios = [];
  const step = Math.max(1, Math.floor(data.length / 4 / 20000));
  for (let i = 0; i < data.length; i += 4 * step) {
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    const a = fg[3];
    const f = lum(fg[0] * a + r * (1 - a), fg[1] * a + g * (1 - a), fg[2] * a + b * (1 - a));
    const l = lum(r, g, b);
    ratios.push((Math.max(f, l) + 0.05) / (Math.min(f, l) + 0.05));
  }
  ratios.sort((x, y) => x - y);
  return { ratio: ratios[Math.floor(ratios.length * 0.05)] || 0, worst: ratios[0] || 0, pixels: ratios.length };
}
"""


def _judge_over_images(page: Page, items: list[dict]) -> list[dict]:
    """Judges texts over images or gradients from the pixels under them."""
    if not items:
        return []
    helper = page.context.new_page()
    judged = []
    try:
        helper.set_content("<!doctype html><title>pixels</title>")
        for item in items[:20]:
            box = item["box"]
            if box["width"] < 2 or box["height"] < 2:
                continue
            selector = f"[data-hs-contrast='{item['index']}']"
            page.evaluate("""(sel) => { const el = document.querySelector(sel); if (!el) return;
                el.dataset.hsStyle = el.getAttribute('style') || '';
                el.style.setProperty('color', 'transparent', 'important');
                el.style.setProperty('text-shadow', 'none', 'important'); }""", selector)
            try:
                png = page.screenshot(clip={"x": box["x"], "y": box["y"], "width": box["width"], "height": box["height"]},
                                      full_page=True, animations="disabled")
            finally:
                page.evaluate("""(sel) => { const el = document.querySelector(sel); if (!el) return;
                    el.setAttribute('style', el.dataset.hsStyle); delete el.dataset.hsStyle;
                    if (!el.getAttribute('style')) el.removeAttribute('style'); }""", selector)
            result = helper.evaluate(_PIXELS_JS, {"png": base64.b64encode(png).decode(), "fg": item["fg"]})
            judged.append({**item, **result})
    finally:
        helper.close()
    return judged


def contrast_report(page: Page, judge_images: bool = True) -> dict[str, Any]:
    """{checked, failures: [{text, element, ratio, required, fg, bg, fontSize}], undetermined,
    over_images: [{text, element, ratio, worst, required}]}. Text whose background is an image or
    a gradient is judged from the pixels under it (the ratio 95 % of them reach) when judge_images."""
    report = page.evaluate(_CONTRAST_JS)
    report["over_images"] = _judge_over_images(page, report["undetermined"]) if judge_images else []
    for item in report["over_images"]:
        report["checked"] += 1
        if item["ratio"] + 1e-6 < item["required"]:
            report["failures"].append({"text": item["text"], "element": item["element"] + " over an image",
                                       "ratio": round(item["ratio"], 2), "required": item["required"],
                                       "fg": "#" + "".join(f"{round(v):02x}" for v in item["fg"][:3]),
                                       "bg": "pixels", "fontSize": item["fontSize"]})
    return report


def find_low_contrast(page: Page, report: dict[str, Any] | None = None) -> list[str]:
    report = report or contrast_report(page)
    return [f'"{f["text"]}" ({f["element"]}, {f["fontSize"]:.0f}px): {f["ratio"]}:1 < {f["required"]}:1 '
            f'({f["fg"]} on {f["bg"]})' for f in report["failures"]]


def assert_contrast(page: Page) -> None:
    report = contrast_report(page)
    problems = [f'"{f["text"]}" ({f["element"]}, {f["fontSize"]:.0f}px): {f["ratio"]}:1 < {f["required"]}:1 '
                f'({f["fg"]} on {f["bg"]})' for f in report["failures"]]
    assert report["checked"] > 0, f"no visible text found to check on {page.url}"
    assert not problems, (f"{len(problems)} text(s) below WCAG AA contrast on {page.url} "
                          f"(of {report['checked']} checked):\n" + "\n".join(problems))


# --- (d) visible focus ---------------------------------------------------------------------------

_FOCUS_STYLE_JS = """
(el) => {
  const props = ['outline-style', 'outline-width', 'outline-color', 'outline-offset', 'box-shadow',
                 'background-color', 'border-top-color', 'border-bottom-color', 'border-top-width',
                 'border-bottom-width', 'color', 'text-decoration-line', 'text-decoration-thickness', 'transform'];
  const snapshot = e => {
    const s = getComputedStyle(e), out = {};
    for (const p of props) out[p] = s.getPropertyValue(p);
    const before = getComputedStyle(e, '::before'), after = getComputedStyle(e, '::after');
    out['::before'] = before.content + before.outlineStyle + before.boxShadow + before.borderColor + before.backgroundColor;
    out['::after'] = after.content + after.outlineStyle + after.boxShadow + after.borderColor + after.backgroundColor;
    return out;
  };
  return snapshot(el);
}
"""

_ACTIVE_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const html = el.outerHTML.replace(/\\s+/g, ' ');
  const r = el.getBoundingClientRect();
  const dur = getComputedStyle(el).transitionDuration.split(',').map(parseFloat);
  return { html: html.length > 140 ? html.slice(0, 137) + '...' : html,
           key: el.tagName + '|' + (el.id || '') + '|' + html.slice(0, 200) + '|' + Math.round(r.left) + ',' + Math.round(r.top),
           transitionMs: Math.max(0, ...dur) * 1000 };
}
"""


def _outline_visible(style: dict[str, str]) -> bool:
    if style.get("outline-style", "none") in ("none", "hidden"):
        return False
    try:
        width = float(style.get("outline-width", "0px").replace("px", ""))
    except ValueError:
        width = 0
    colour = style.get("outline-color", "")
    return width > 0 and "rgba(0, 0, 0, 0)" not in colour and colour != "transparent"


def _painted(style: dict[str, str]) -> dict[str, str]:
    """The properties of a style snapshot that change what is drawn (an outline's colour or offset
    does not when there is no outline)."""
    out = dict(style)
    if not _outline_visible(style):
        for key in ("outline-style", "outline-width", "outline-color", "outline-offset"):
            out.pop(key, None)
    if style.get("box-shadow") in ("none", ""):
        out["box-shadow"] = "none"
    return out


def focus_report(page: Page, max_stops: int = 30) -> tuple[list[str], int]:
    """(problems, number of controls Tab reached) — see find_invisible_focus."""
    stops: list[int] = []
    problems = find_invisible_focus(page, max_stops, stops)
    return problems, stops[0] if stops else 0


def find_invisible_focus(page: Page, max_stops: int = 30, _stops: list[int] | None = None) -> list[str]:
    """Tabs through the page from the top (up to max_stops controls). For each control that takes
    the focus, its focused style (outline, box-shadow, border, background, colour, underline,
    pseudo-elements) must differ from its style once blurred, or show an outline."""
    # Move the sequential focus navigation starting point to the top of the page: focus a
    # temporary element at the start of <body>, then remove it.
    page.evaluate("""() => {
      const start = document.createElement('span');
      start.tabIndex = -1;
      document.body.prepend(start);
      start.focus({ preventScroll: true });
      start.remove();
      window.scrollTo(0, 0);
    }""")
    problems: list[str] = []
    seen: set[str] = set()
    stops = 0
    for _ in range(max_stops):
        page.keyboard.press("Tab")
        info = page.evaluate(_ACTIVE_JS)
        if info is None:
            break
        if info["key"] in seen:
            break  # wrapped around
        seen.add(info["key"])
        stops += 1
        if info["transitionMs"]:
            page.wait_for_timeout(min(info["transitionMs"], 400) + 30)
        handle = page.evaluate_handle("() => document.activeElement")
        focused = page.evaluate(_FOCUS_STYLE_JS, handle)
        page.evaluate("(el) => el.blur()", handle)
        if info["transitionMs"]:
            page.wait_for_timeout(min(info["transitionMs"], 400) + 30)
        blurred = page.evaluate(_FOCUS_STYLE_JS, handle)
        # Put the focus back, so that the next Tab moves on from here.
        page.evaluate("(el) => el.focus({ preventScroll: true })", handle)
        handle.dispose()
        if not (_outline_visible(focused) or _painted(focused) != _painted(blurred)):
            problems.append(f"no visible focus indicator on {info['html']}")
    if _stops is not None:
        _stops.append(stops)
    if stops == 0:
        problems.append(f"Tab reaches no control on {page.url}")
    return problems


def assert_focus_visible(page: Page, max_stops: int = 30) -> None:
    problems = find_invisible_focus(page, max_stops)
    assert not problems, f"focus not visible on {page.url}:\n" + "\n".join(problems)


def assert_page_accessible(page: Page, focus: bool = True) -> None:
    """The three accessibility checks plus overflow, collecting every problem before failing."""
    problems = (find_overflow(page) + find_unnamed_controls(page) + find_low_contrast(page)
                + (find_invisible_focus(page) if focus else []))
    assert not problems, f"{len(problems)} problem(s) on {page.url}:\n" + "\n".join(problems)


def active_focus_visible(page: Page) -> bool:
    """Whether the element that has the focus now shows it (an outline, or a style that differs
    from the same element blurred). The focus is put back afterwards."""
    handle = page.evaluate_handle("() => document.activeElement")
    focused = page.evaluate(_FOCUS_STYLE_JS, handle)
    page.evaluate("(el) => el.blur()", handle)
    blurred = page.evaluate(_FOCUS_STYLE_JS, handle)
    page.evaluate("(el) => el.focus({ preventScroll: true })", handle)
    handle.dispose()
    return _outline_visible(focused) or _painted(focused) != _painted(blurred)
