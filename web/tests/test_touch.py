"""The seat map by touch on a 360 px phone: seats are targets of at least 24×24 CSS px (WCAG 2.2
2.5.8), a wide room scrolls inside its own box (never the page), and taps select and release."""

from __future__ import annotations

from playwright.sync_api import expect

import api
import checks
import flows
from conftest import screenshot

WIDE = [{"label": r, "seats": 18, "gapsAfter": [3, 15]} for r in "ABCDEF"]


def test_touch_seat_selection_on_a_phone(new_context, staff, user):
    screening = api.new_screening(staff, rows=WIDE)
    page = new_context(phone=True).new_page()
    flows.sign_in(page, user.email, user.password, next_path=f"/screenings/{screening.id}/seats")
    expect(page.locator(flows.FREE_SEAT).first).to_be_visible()

    sizes = page.eval_on_selector_all(".seatmap button.seat", "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })")
    assert len(sizes) == 6 * 18
    small = [s for s in sizes if s[0] < 24 or s[1] < 24]
    assert not small, f"{len(small)} seats smaller than 24×24 px on a phone, e.g. {small[0]}"
    checks.assert_no_overflow(page)

    # The far end of a row is reached by scrolling the map, and a tap selects it.
    for row, number in [("C", 9), ("C", 10), ("F", 18), ("F", 17)]:
        flows.seat(page, row, number).tap()
        expect(flows.seat(page, row, number)).to_have_attribute("aria-pressed", "true")
    checks.assert_no_overflow(page)
    flows.seat(page, "F", 17).tap()
    expect(flows.seat(page, "F", 17)).to_have_attribute("aria-pressed", "false")
    screenshot(page, "touch-seat-selection-phone", full_page=False)
    expect(flows.hold_button(page)).to_have_accessible_name(flows.T("seats.hold", count=3))
