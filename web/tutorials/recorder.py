"""Recording a walkthrough: a Playwright context that records a WebM video, a caption per step with
its time measured while the script runs, the captions written as WebVTT and muxed into the video as
a subtitle track with Debian's ffmpeg, and the result checked with ffprobe.

Timing: Playwright's recorder stamps each frame with the wall clock relative to the moment the
recording started, and writes that moment into the video as its `creation_time` tag (ms
precision). A step's cue starts at (wall clock when the step began − creation_time), so the
captions line up with the frames whatever the start-up delay; it ends when the next step begins
(the last one when the video ends).

Playwright encodes its videos with an ffmpeg of its own that `playwright install ffmpeg` downloads
from its CDN; `use_system_ffmpeg()` points it at Debian's /usr/bin/ffmpeg instead (a folder given
as PLAYWRIGHT_BROWSERS_PATH holding `ffmpeg-<revision>/ffmpeg-linux` → /usr/bin/ffmpeg), so that
nothing is downloaded. Chromium is Debian's, launched by path, as in the browser tests.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Locator, Page

VIEWPORT = {"width": 1280, "height": 720}
TIMEOUT_MS = int(os.environ.get("HS_BROWSER_TIMEOUT_MS", "15000"))
READING_RATE = 17.0  # characters a second: how long a caption stays before the next step


def use_system_ffmpeg(folder: Path) -> None:
    """Makes Playwright record with Debian's ffmpeg (must be called before sync_playwright())."""
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        raise SystemExit("ffmpeg is missing (scripts/install-deps installs Debian's ffmpeg)")
    import playwright  # the driver's browsers.json names the ffmpeg revision it looks for

    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    revision = next(b["revision"] for b in json.loads(browsers.read_text())["browsers"] if b["name"] == "ffmpeg")
    link = folder / f"ffmpeg-{revision}" / "ffmpeg-linux"
    link.parent.mkdir(parents=True, exist_ok=True)
    if not (link.is_symlink() and os.readlink(link) == ffmpeg):
        link.unlink(missing_ok=True)
        link.symlink_to(ffmpeg)
    os.environ["PLAYWRIGHT_BROWSERS_PATH"] = str(folder)


def vtt_time(seconds: float) -> str:
    ms = max(0, round(seconds * 1000))
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def probe(path: Path) -> dict[str, Any]:
    """ffprobe's streams and format of a media file, as JSON."""
    out = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


@dataclass
class Cue:
    start: float
    end: float
    text: str


@dataclass
class Walkthrough:
    """One recorded journey: `step(caption)` before each action, `linger()` to let a result show."""

    name: str
    title: str
    out: Path
    context: BrowserContext
    page: Page
    pace: float = 1.0  # seconds a result stays on screen (0 in smoke mode)
    steps: list[tuple[float, float, str]] = field(default_factory=list)  # (wall clock, monotonic, caption)
    started: float = field(default_factory=time.monotonic)

    def step(self, caption: str) -> None:
        self.read_previous()
        self.steps.append((time.time(), time.monotonic(), caption))
        print(f"  [{time.monotonic() - self.started:5.1f} s] {caption}", flush=True)

    def read_previous(self) -> None:
        """Keeps the previous caption on screen long enough to be read (READING_RATE characters a
        second, at least a second and a half) before the next one replaces it."""
        if self.pace > 0 and self.steps:
            _, began, text = self.steps[-1]
            wait = max(1.5, len(text) / READING_RATE) * self.pace - (time.monotonic() - began)
            if wait > 0:
                self.page.wait_for_timeout(wait * 1000)

    def linger(self, factor: float = 1.0) -> None:
        if self.pace > 0:
            self.page.wait_for_timeout(self.pace * factor * 1000)

    def point_at(self, target: Locator) -> Locator:
        """Scrolls to the control and outlines it for a moment, so the viewer sees what is used next
        (the recording shows no mouse pointer). Returns the locator, to chain the action."""
        target.scroll_into_view_if_needed()
        if self.pace > 0:
            target.evaluate("""e => { const o = [e.style.outline, e.style.outlineOffset];
                e.style.outline = '3px solid #f5a623'; e.style.outlineOffset = '3px';
                setTimeout(() => { [e.style.outline, e.style.outlineOffset] = o; }, 900); }""")
            self.page.wait_for_timeout(min(700, self.pace * 600))
        return target


def start(browser: Browser, name: str, title: str, out: Path, pace: float, **context_options: Any) -> Walkthrough:
    raw = out / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {
        "viewport": VIEWPORT, "record_video_dir": str(raw), "record_video_size": VIEWPORT,
        "locale": "en-GB", "timezone_id": "Europe/Paris", "color_scheme": "light",
    }
    options.update(context_options)
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    return Walkthrough(name, title, out, context, page, pace)


def finish(w: Walkthrough, failed: bool = False) -> Path:
    """Closes the context (the video is written then), writes <name>.vtt and muxes it into
    <name>.webm as a WebVTT subtitle track; on failure keeps the raw video as <name>-FAILED.webm."""
    if not failed:
        w.read_previous()
    ended = time.monotonic()
    video = w.page.video
    w.context.close()
    raw = Path(video.path()) if video else None
    if raw is None or not raw.exists():
        raise RuntimeError(f"{w.name}: Playwright wrote no video")
    info = probe(raw)
    duration = float(info["format"].get("duration") or (ended - w.started))
    created = (info["format"].get("tags") or {}).get("creation_time")
    if created:
        origin = dt.datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp()
        starts = [wall - origin for wall, _, _ in w.steps]
    else:  # no tag: the page's creation is the closest measure of the first frame
        starts = [mono - w.started for _, mono, _ in w.steps]
    cues = [Cue(max(0.0, s), min(duration, starts[i + 1] if i + 1 < len(starts) else duration), text)
            for i, (s, (_, _, text)) in enumerate(zip(starts, w.steps))]
    vtt = w.out / f"{w.name}.vtt"
    lines = ["WEBVTT", f"NOTE {w.title}: generated by web/tutorials from the running suite", ""]
    for i, cue in enumerate(cues, 1):
        lines += [str(i), f"{vtt_time(cue.start)} --> {vtt_time(max(cue.end, cue.start + 0.001))}", cue.text, ""]
    vtt.write_text("\n".join(lines), encoding="utf-8")
    if failed:
        kept = w.out / f"{w.name}-FAILED.webm"
        shutil.move(str(raw), kept)
        return kept
    final = w.out / f"{w.name}.webm"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(raw), "-i", str(vtt), "-map", "0:v", "-map", "1:s",
                    "-c", "copy", "-c:s", "webvtt", "-metadata", f"title={w.title}",
                    "-metadata:s:s:0", "language=eng", str(final)], check=True)
    raw.unlink()
    if not any(raw.parent.iterdir()):
        raw.parent.rmdir()
    return final


def verify(path: Path, cues: int, max_seconds: float | None = None) -> str:
    """Checks with ffprobe that the file has a video and a WebVTT subtitle stream with `cues`
    cues; returns a one-line summary, or raises naming what is wrong."""
    info = probe(path)
    kinds = {(s.get("codec_type"), s.get("codec_name")) for s in info.get("streams", [])}
    video = next((s for s in info["streams"] if s.get("codec_type") == "video"), None)
    if video is None:
        raise AssertionError(f"{path.name}: no video stream ({sorted(kinds)})")
    if ("subtitle", "webvtt") not in kinds:
        raise AssertionError(f"{path.name}: no WebVTT subtitle stream ({sorted(kinds)})")
    packets = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "s", "-show_entries", "packet=pts_time",
                              "-of", "csv=p=0", str(path)], check=True, capture_output=True, text=True).stdout.split()
    if len(packets) != cues:
        raise AssertionError(f"{path.name}: {len(packets)} caption cues in the subtitle stream, expected {cues}")
    duration = float(info["format"].get("duration") or 0)
    if max_seconds is not None and duration >= max_seconds:
        raise AssertionError(f"{path.name}: {duration:.1f} s long, over the {max_seconds:.0f} s a walkthrough may take")
    size = path.stat().st_size
    return (f"{path.name}: {video.get('codec_name')} {video.get('width')}x{video.get('height')}, "
            f"{duration:.1f} s, {len(packets)} captions (webvtt), {size / 1e6:.1f} MB")


def write_index(out: Path, made: list[tuple[str, str]]) -> Path:
    """index.html: each video with its captions as a <track> (browsers do not show a WebM file's own
    subtitle track; serve the folder over HTTP for Chromium: file:// blocks the track)."""
    items = "\n".join(
        f'<section><h2>{html.escape(title)}</h2>\n<video controls preload="metadata" width="960" src="{name}.webm">'
        f'<track kind="captions" src="{name}.vtt" srclang="en" label="English" default></video></section>'
        for name, title in made)
    page = out / "index.html"
    page.write_text(f"""<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Homestudio walkthroughs</title>
<style>body{{font:16px system-ui,sans-serif;max-width:1000px;margin:2rem auto;padding:0 1rem}}video{{max-width:100%}}</style>
<h1>Homestudio walkthroughs</h1>
<p>Recorded by <code>make tutorials</code> from the running suite ({html.escape(dt.datetime.now().strftime('%Y-%m-%d %H:%M'))}).</p>
{items}
</html>
""", encoding="utf-8")
    return page
