"""What the staff-area browser tests share: a signed-in staff page, the check that every control
of <main> has an accessible name, and `look` (screenshots in both themes and on a phone)."""

from __future__ import annotations

from playwright.sync_api import Page

import api
import flows
from conftest import DESKTOP, PHONE, screenshot

CONTROLS = "main button, main a[href], main input, main select, main textarea"


def staff_page(new_context, path: str, scheme: str = "light", phone: bool = False,
               email: str = api.ADMIN_EMAIL, password: str = api.ADMIN_PASSWORD) -> Page:
    """A new browser context signed in (the admin by default), on `path`."""
    page = new_context(scheme=scheme, phone=phone).new_page()
    flows.sign_in(page, email, password, next_path=path)
    return page


def unnamed_controls(page: Page, also: tuple[str, ...] = (), by_title: bool = False) -> list[str]:
    """The controls of <main> (and the `also` selectors) without a name: aria-label, a label, their
    text (and their title attribute when `by_title`)."""
    selector = ", ".join((CONTROLS,) + also)
    return page.evaluate("""([selector, byTitle]) => [...document.querySelectorAll(selector)]
        .filter(e => { const n = (e.getAttribute('aria-label') || (byTitle && e.getAttribute('title')) || (e.labels && e.labels[0] && e.labels[0].textContent) || e.textContent || '').trim(); return !n; })
        .map(e => e.outerHTML.slice(0, 120))""", [selector, by_title])


def look(page: Page, name: str) -> None:
    """Screenshots of the open screen in light and dark, then on a phone; every control named, no sideways overflow."""
    unnamed = unnamed_controls(page)
    assert unnamed == [], unnamed
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_timeout(100)
        screenshot(page, f"staff-{name}-{scheme}")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(200)
    screenshot(page, f"staff-{name}-phone-dark")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{name} overflows on a phone"
    page.set_viewport_size(DESKTOP)
    page.emulate_media(color_scheme="light")
