"""Records the walkthroughs against a running suite (scripts/tutorials runs this; `make tutorials`).

    python web/tutorials/run.py --out DIR [--smoke] [moviegoer] [staff]

Full mode: each journey named (both by default) becomes DIR/<name>.webm (VP9, 1280×720, its
captions muxed in as a WebVTT subtitle track) and DIR/<name>.vtt, plus DIR/index.html showing
them with their captions; each is checked with ffprobe (a video stream, a WebVTT stream with a
cue per step, under 60 s). Smoke mode: one three-step walkthrough, no pauses, DIR/smoke.webm,
checked the same way. A journey that fails leaves DIR/<name>-FAILED.webm and
DIR/<name>-FAILED.png; the run goes on with the next one and exits 1.

Environment: HS_TEST_GATEWAY_URL (the suite, read by web/tests/api.py), HS_ADMIN_PASSWORD,
HS_CHROMIUM (/usr/bin/chromium), HS_BROWSER_TIMEOUT_MS (15000 per action).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]  # web/tests: api.py, flows.py, i18n.py

import recorder  # noqa: E402

JOURNEYS = {
    "moviegoer": "A moviegoer books two seats: home, film, seat map, checkout with tok_visa, tickets",
    "staff": "Staff: sign in, plan a screening on the planning board, the dashboard",
}
MAX_SECONDS = 60.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--smoke", action="store_true", help="one three-step walkthrough, no pauses")
    parser.add_argument("journeys", nargs="*", metavar="journey", help=f"{' and/or '.join(JOURNEYS)} (default: both)")
    args = parser.parse_args()
    unknown = [j for j in args.journeys if j not in JOURNEYS]
    if unknown:
        parser.error(f"unknown journey {', '.join(unknown)} (known: {', '.join(JOURNEYS)})")
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    recorder.use_system_ffmpeg(HERE.parents[1] / ".run" / "playwright")

    # After use_system_ffmpeg (PLAYWRIGHT_BROWSERS_PATH) and the sys.path set-up.
    from playwright.sync_api import sync_playwright

    import api
    import journeys

    chromium = os.environ.get("HS_CHROMIUM", "/usr/bin/chromium")
    names = ["smoke"] if args.smoke else (args.journeys or list(JOURNEYS))
    pace = 0.0 if args.smoke else 1.0
    staff_api = api.admin()
    failures: list[str] = []
    made: list[tuple[str, str]] = []
    started = time.monotonic()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True)
        try:
            show = journeys.showing(staff_api, own=args.smoke)
            print(f"film: “{show.title}”, screening {show.screening_id}"
                  f" ({'demo data' if show.on_home else 'made for this run'})", flush=True)
            for name in names:
                title = JOURNEYS.get(name, "Smoke: home, a film, its seat map")
                print(f"{name}: {title}", flush=True)
                options = {"base_url": api.GATEWAY_URL}
                if name == "moviegoer":
                    email, password, _ = api.new_user()
                    options["storage_state"] = journeys.sign_in_state(browser, api.GATEWAY_URL, email, password)
                w = recorder.start(browser, name, title, out, pace, **options)
                failed = False
                try:
                    if name == "moviegoer":
                        journeys.moviegoer(w, show)
                    elif name == "staff":
                        journeys.staff(w, staff_api, show.cinema_id, show.film_id)
                    else:
                        journeys.smoke(w, show)
                except Exception as error:  # noqa: BLE001 — reported, then the next journey runs
                    failed = True
                    failures.append(f"{name}: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
                    traceback.print_exc()
                    try:
                        w.page.screenshot(path=str(out / f"{name}-FAILED.png"))
                    except Exception:  # noqa: BLE001 — a crashed page: nothing to keep
                        pass
                path = recorder.finish(w, failed=failed)
                if failed:
                    print(f"  kept the partial video: {path}", flush=True)
                    continue
                try:
                    print("  " + recorder.verify(path, cues=len(w.steps), max_seconds=MAX_SECONDS), flush=True)
                    made.append((name, title))
                except AssertionError as error:
                    failures.append(str(error))
        finally:
            browser.close()
    if made and not args.smoke:
        print(f"index with captions: {recorder.write_index(out, made)}")
    print(f"{len(made)} of {len(names)} walkthrough(s) recorded in {time.monotonic() - started:.0f} s into {out}")
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
