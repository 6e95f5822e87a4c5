"""What a moviegoer does in the app, step by step, by role and accessible name (the words come
from the app's English dictionary, i18n.py). Shared by the browser tests."""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import Locator, Page, expect

from i18n import R, T

# The selector of a seat a person can choose right now (SeatMap.tsx: button.seat, neither taken nor blocked).
FREE_SEAT = ".seatmap button.seat:not(.taken):not(.blocked)"


def wait_ready(page: Page, timeout: float = 15000) -> None:
    """The route's page is rendered: a heading in <main>, and nothing marked busy any more."""
    page.wait_for_function(
        "() => document.querySelector('main h1, main h2') && !document.querySelector('main [aria-busy=true]')",
        timeout=timeout)


def goto(page: Page, path: str) -> None:
    page.goto(path)
    wait_ready(page)


def sign_in(page: Page, email: str, password: str, next_path: str = "/") -> None:
    """Signs in through the sign-in page, then opens next_path (a full page load: the session is
    restored from the hs_refresh cookie). Not through ?next= of a page that needs a session:
    see test_account.py::test_sign_in_returns_to_the_page_that_asked."""
    page.goto("/signin")
    page.get_by_label(T("account.email"), exact=True).fill(email)
    page.get_by_label(T("account.password"), exact=True).fill(password)
    page.get_by_role("button", name=T("signin.submit"), exact=True).click()
    # The header's account link appears once signed in, and the app leaves the sign-in page.
    expect(page.get_by_role("link", name=R("nav.account"))).to_be_visible()
    page.wait_for_url(re.compile(r"^[^?]*/(\?.*)?$"))
    if next_path != "/":
        page.goto(next_path)
    wait_ready(page)


def seat(page: Page, row: str, number: int) -> Locator:
    """The seat button "Row A seat 3, …" (the comma keeps seat 3 apart from seat 30)."""
    name = re.compile("^" + re.escape(T("seats.seatName", row=row, number=number)) + ",")
    return page.get_by_role("button", name=name)


def seat_map(page: Page) -> Locator:
    return page.get_by_role("group", name=T("seats.map"), exact=True)


def open_seats(page: Page, screening_id: str) -> None:
    page.goto(f"/screenings/{screening_id}/seats")
    expect(page.get_by_role("heading", name=T("seats.heading"), exact=True)).to_be_visible()
    expect(page.locator(FREE_SEAT).first).to_be_visible()


def hold_button(page: Page) -> Locator:
    return page.get_by_role("button", name=R("seats.hold"))


def choose_seats_and_hold(page: Page, seats: list[tuple[str, int]]) -> str:
    """Selects the seats on the open seat map, holds them; returns the booking id (checkout URL)."""
    for row, number in seats:
        seat(page, row, number).click()
        expect(seat(page, row, number)).to_have_attribute("aria-pressed", "true")
    hold = hold_button(page)
    expect(hold).to_have_accessible_name(T("seats.hold", count=len(seats)))
    hold.click()
    page.wait_for_url(re.compile(r"/checkout/[0-9A-Fa-f-]{36}$"))
    expect(page.get_by_role("heading", name=T("checkout.title"), exact=True)).to_be_visible()
    return page.url.rsplit("/", 1)[1]


def pay(page: Page, method_key: str) -> None:
    """Chooses the test card (checkout.method.*) and presses Pay."""
    page.get_by_label(T(method_key), exact=True).check()
    page.get_by_role("button", name=T("checkout.pay"), exact=True).click()


def qr_codes(page: Page) -> Locator:
    return page.get_by_role("img", name=R("ticket.qrLabel"))
