"""Seat selection with the keyboard only: Tab reaches the seat map (one tab stop), arrow keys
move between seats with a visible focus, Enter and Space select, Tab reaches the hold button and
Enter holds exactly the seats chosen."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

import api
import checks
import flows
from conftest import screenshot
from i18n import R, T


def active_name(page: Page) -> str:
    return page.evaluate("() => document.activeElement && (document.activeElement.getAttribute('aria-label') "
                         "|| document.activeElement.textContent.trim())") or ""


def tab_until(page: Page, predicate, limit: int = 40) -> str:
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = active_name(page)
        if predicate(name):
            return name
    raise AssertionError(f"Tab never reached the control wanted (last focus: {active_name(page)!r})")


def seat_name(row: str, number: int) -> str:
    return T("seats.seatName", row=row, number=number) + ","


def test_keyboard_only_seat_selection(new_context, screening: api.Screening, user):
    page = new_context().new_page()
    flows.sign_in(page, user.email, user.password, next_path=f"/screenings/{screening.id}/seats")
    expect(page.locator(flows.FREE_SEAT).first).to_be_visible()

    # One tab stop for the whole map: the first free seat.
    first = tab_until(page, lambda n: R("seats.seatName").match(n) is not None)
    assert first.startswith(seat_name("A", 1)), first
    assert checks.active_focus_visible(page), "the focused seat shows no focus indicator"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert active_name(page).startswith(seat_name("A", 3)), active_name(page)
    page.keyboard.press("Enter")
    expect(flows.seat(page, "A", 3)).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("ArrowRight")
    assert active_name(page).startswith(seat_name("A", 4)), active_name(page)
    page.keyboard.press("Space")
    expect(flows.seat(page, "A", 4)).to_have_attribute("aria-pressed", "true")
    assert checks.active_focus_visible(page), "a selected, focused seat shows no focus indicator"
    # Down, End, Home move within the map without selecting; a second Space releases a seat.
    page.keyboard.press("ArrowDown")
    assert active_name(page).startswith(seat_name("B", 4)), active_name(page)
    page.keyboard.press("End")
    assert active_name(page).startswith(seat_name("B", 8)), active_name(page)
    page.keyboard.press("Space")
    expect(flows.seat(page, "B", 8)).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Space")
    expect(flows.seat(page, "B", 8)).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Home")
    assert active_name(page).startswith(seat_name("B", 1)), active_name(page)
    screenshot(page, "keyboard-seat-selection", full_page=False)

    # Tab leaves the map (no trap) and reaches the hold button; Enter holds.
    hold_name = T("seats.hold", count=2)
    tab_until(page, lambda n: n == hold_name)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/checkout/[0-9A-Fa-f-]{36}$"))
    booking = api.booking(user.client, page.url.rsplit("/", 1)[1])
    seats = {s["seatId"] for s in booking.get("seats", [])}
    assert seats == {screening.seat("A", 3)["id"], screening.seat("A", 4)["id"]}, booking
