"""The checks themselves (checks.py), on small static pages: each must pass a good page and
fail a bad one. They need no running suite."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

import checks


def html(page: Page, body: str, head: str = "") -> None:
    page.set_content(f"<!doctype html><html><head><meta name=viewport content='width=device-width'>{head}</head>"
                     f"<body style='margin:0;font:16px sans-serif'>{body}</body></html>")


@pytest.fixture
def blank(new_context) -> Page:
    return new_context(phone=True).new_page()


def test_overflow_is_found(blank: Page) -> None:
    html(blank, "<p>fits</p>")
    assert checks.find_overflow(blank) == []
    html(blank, "<div style='width:500px' id=wide>too wide</div>")
    problems = checks.find_overflow(blank)
    assert problems and "div#wide" in problems[0]


def test_unnamed_controls_are_found(blank: Page) -> None:
    html(blank, """<button>Book</button><a href=/x>Films</a><label>E-mail <input type=email></label>
                   <input aria-label=Search><button aria-label=Close><svg width=10 height=10></svg></button>
                   <span role=button tabindex=0 title=Previous>‹</span><img alt='' src='data:,'>
                   <div tabindex=-1>focus target</div><button hidden></button><input type=hidden>""")
    assert checks.find_unnamed_controls(blank) == []
    html(blank, """<button><svg width=10 height=10></svg></button><a href=/x></a><input type=text>
                   <select><option></option></select><div role=button tabindex=0></div>""")
    problems = checks.find_unnamed_controls(blank)
    assert len(problems) == 5, problems


def test_low_contrast_is_found(blank: Page) -> None:
    html(blank, """<p style='color:#595959'>grey on white, 7:1</p>
                   <div style='background:#111'><p style='color:#eee'>light on dark</p></div>
                   <h1 style='font-size:32px;color:#888'>large grey text, 3.5:1</h1>
                   <button disabled style='color:#ccc'>disabled</button>
                   <span style='position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)'>sr only</span>""")
    report = checks.contrast_report(blank)
    assert report["checked"] >= 3 and report["failures"] == [], report
    html(blank, """<p style='color:#999'>light grey on white, 2.8:1</p>
                   <div style='background:rgba(0,0,0,.5)'><p style='color:#777'>grey on half black</p></div>
                   <h1 style='font-size:32px;color:#aaa'>large but too light</h1>
                   <div style='background:oklch(0.3 0.05 250)'><p style='color:oklch(0.4 0.05 250)'>oklch</p></div>""")
    failures = checks.find_low_contrast(blank)
    assert len(failures) == 4, failures


def test_contrast_in_a_dark_scheme(new_context) -> None:
    page = new_context(scheme="dark").new_page()
    html(page, "<p>canvas text</p><p style='color:#333'>dark grey on the dark canvas</p>",
         head="<meta name=color-scheme content='light dark'>")
    failures = checks.find_low_contrast(page)
    assert len(failures) == 1 and "dark grey" in failures[0], failures


def test_invisible_focus_is_found(blank: Page) -> None:
    html(blank, """<style>button:focus-visible{outline:3px solid #0050b3} a:focus{box-shadow:0 0 0 3px #000}</style>
                   <button>One</button><a href=#x>Two</a><input aria-label=Three>""")
    assert checks.find_invisible_focus(blank) == []
    html(blank, """<style>*:focus{outline:none}</style><button>One</button><a href=#x>Two</a>
                   <button style='outline:none' class=ok>Three</button><style>.ok:focus{background:#ff0}</style>""")
    problems = checks.find_invisible_focus(blank)
    assert len(problems) == 2 and "One" in problems[0] and "Two" in problems[1], problems


def test_contrast_over_images_is_judged_from_pixels(blank: Page) -> None:
    html(blank, """<div style='background:linear-gradient(#000,#222);padding:8px'><p style='color:#fff'>white on dark gradient</p></div>
                   <div style='background:linear-gradient(#eee,#fff);padding:8px'><p style='color:#fff'>white on light gradient</p></div>""")
    report = checks.contrast_report(blank)
    assert len(report["over_images"]) == 2, report
    failures = checks.find_low_contrast(blank, report)
    assert len(failures) == 1 and "light gradient" in failures[0], failures
    assert blank.locator("[style*=transparent]").count() == 0, "the text colour was not restored"
