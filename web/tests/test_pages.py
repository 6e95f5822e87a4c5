"""Every main page on a phone (360×800), in the light and the dark theme: a full-page screenshot
kept as an artefact (.run/artifacts/browser/<theme>-phone-<page>.png), and on each page
  - nothing overflows horizontally,
  - every control has an accessible name,
  - text contrast meets WCAG 2.2 AA (4.5:1, 3:1 for large text) in that theme,
  - focus is visible on every control Tab reaches (up to 30 stops).
One signed-in context per theme (the user has a confirmed booking and a held one); the seat
map is a wide auditorium (16 seats a row, two aisles, every seat kind)."""

from __future__ import annotations

import re
from typing import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

import api
import checks
import flows
from conftest import PHONE, TIMEOUT_MS, figure, screenshot
from defects import known_defect
from i18n import T

WIDE_ROWS = [
    {"label": "A", "seats": 16, "gapsAfter": [4, 12], "kinds": {"1": "wheelchair", "2": "companion"}},
    {"label": "B", "seats": 16, "gapsAfter": [4, 12]},
    {"label": "C", "seats": 16, "gapsAfter": [4, 12], "kinds": {"7": "premium", "8": "premium", "9": "premium", "10": "premium"}},
    {"label": "D", "seats": 16, "gapsAfter": [4, 12], "kinds": {"16": "blocked"}},
    {"label": "E", "seats": 16, "gapsAfter": [4, 12]},
]

PAGES = ["home", "films", "film", "seats", "checkout", "booking", "tickets", "account", "preferences",
         "signin", "signup", "faq", "not-found"]


# Problems already reported (page, pattern of the problem, what is wrong): the walk skips, naming
# them, when they are all it finds; any other problem fails it.
KNOWN = [
    ("home", re.compile(r"over an image"),
     "the hero's shade is a left-to-right gradient (88 % to 25 % black) while on a phone the text spans the "
     "whole width: over a light backdrop (here the placeholder of an image that did not load) its right end "
     "falls below 4.5:1"),
]


def known(page_name: str, problem: str) -> str | None:
    return next((why for name, pattern, why in KNOWN if name == page_name and pattern.search(problem)), None)


class World:
    def __init__(self, staff: api.Api) -> None:
        self.screening = api.new_screening(staff, rows=WIDE_ROWS)
        self.email, self.password, self.client = api.new_user()
        s = self.screening
        confirmed = api.hold(self.client, s.id, [s.seat("E", 7)["id"], s.seat("E", 8)["id"]])
        paid = api.checkout(self.client, confirmed, "tok_visa")
        assert paid.json.get("status") == "succeeded", paid.text
        api.wait_for_booking(self.client, confirmed, "confirmed")
        held = api.hold(self.client, s.id, [s.seat("B", 1)["id"]])
        self.paths = {
            "home": "/", "films": "/films", "film": f"/films/{s.film_id}", "seats": f"/screenings/{s.id}/seats",
            "checkout": f"/checkout/{held}", "booking": f"/bookings/{confirmed}", "tickets": "/tickets",
            "account": "/account", "preferences": "/account/notifications", "signin": "/signin",
            "signup": "/signup", "faq": "/faq", "not-found": "/no-such-page",
        }
        self.contexts: dict[str, BrowserContext] = {}


@pytest.fixture(scope="module")
def world(staff: api.Api, browser: Browser, base_url: str) -> Iterator[World]:
    w = World(staff)
    yield w
    for context in w.contexts.values():
        context.close()


def context_for(world: World, browser: Browser, base_url: str, scheme: str) -> BrowserContext:
    if scheme not in world.contexts:
        context = browser.new_context(base_url=base_url, color_scheme=scheme, locale="en-GB", timezone_id="Europe/Paris",
                                      viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
        context.set_default_timeout(TIMEOUT_MS)
        world.contexts[scheme] = context
        page = context.new_page()
        flows.sign_in(page, world.email, world.password)
        page.close()
    return world.contexts[scheme]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_on_a_phone(world: World, browser: Browser, base_url: str, scheme: str, name: str) -> None:
    page = context_for(world, browser, base_url, scheme).new_page()
    try:
        flows.goto(page, world.paths[name])
        if name == "seats":
            page.locator(flows.FREE_SEAT).first.wait_for()
        page.wait_for_timeout(300)  # images and fonts settle
        theme = page.evaluate("() => document.documentElement.dataset.theme")
        assert theme == scheme, f"the app shows the {theme} theme under a {scheme} system preference"
        screenshot(page, f"{scheme}-phone-{name}")
        problems = checks.find_overflow(page)
        if name != "home" and page.get_by_role("heading", level=1).count() != 1:  # home: test_home_has_a_main_heading
            problems.append(f"{page.get_by_role('heading', level=1).count()} level-1 headings (one names the page)")
        controls: list[int] = []
        problems += checks.find_unnamed_controls(page, controls)
        contrast = checks.contrast_report(page)
        problems += checks.find_low_contrast(page, contrast)
        focus_problems, stops = checks.focus_report(page)
        problems += focus_problems
        figure(f"page checks on a phone, {scheme} theme", name,
               f"{len(controls)} controls named, {contrast['checked']} texts contrast-checked "
               f"({len(contrast['over_images'])} of them over images, judged from pixels), {stops} focus stops")
        assert not [p for p in problems if not known(name, p)], \
            f"{len(problems)} problem(s) on {page.url} ({scheme}, phone):\n" + "\n".join(problems)
        for problem in problems:
            known_defect(f"{name} page, {scheme} theme, phone: {known(name, problem)}: {problem}")
    finally:
        page.close()


def test_home_has_a_main_heading(new_context, suite) -> None:
    page = new_context().new_page()
    flows.goto(page, "/")
    headings = page.get_by_role("heading", level=1)
    if headings.count() == 0:
        known_defect("the home page has no level-1 heading (the hero's film title is an h2; every other page has one h1)")
    assert headings.count() == 1, f"{headings.count()} level-1 headings on the home page"


def test_theme_toggle_is_remembered(new_context, suite) -> None:
    """The system's preference by default; the header's toggle switches and is remembered."""
    page = new_context(scheme="light").new_page()
    flows.goto(page, "/films")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "light"
    toggle = page.get_by_role("button", name=T("nav.darkTheme"), exact=True)
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    page.reload()
    flows.wait_ready(page)
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark", "the dark theme was not remembered"
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == background
    problems = checks.find_low_contrast(page)
    assert not problems, "contrast in the chosen dark theme:\n" + "\n".join(problems)
