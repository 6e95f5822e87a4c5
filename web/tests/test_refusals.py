"""What the app says when the platform refuses: a declined card, a selection that would leave an
orphan seat, a hold that is gone (given back in another session, or run out)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

import api
import flows
from conftest import screenshot
from i18n import T


def alert_with(page: Page, title: str):
    return page.get_by_role("alert").filter(has=page.get_by_role("heading", name=title, exact=True))


def checkout_page(new_context, user, booking_id: str) -> Page:
    page = new_context().new_page()
    flows.sign_in(page, user.email, user.password, next_path=f"/checkout/{booking_id}")
    expect(page.get_by_role("timer")).to_be_visible()
    return page


def test_declined_card_is_explained_and_another_card_works(new_context, screening: api.Screening, user):
    booking_id = api.hold(user.client, screening.id, [screening.seat("B", 2)["id"]])
    page = checkout_page(new_context, user, booking_id)

    flows.pay(page, "checkout.method.declined")
    refusal = alert_with(page, T("checkout.declinedTitle"))
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text(T("decline.generic"))
    screenshot(page, "refusal-declined-card", full_page=False)
    assert api.booking(user.client, booking_id)["status"] == "held", "a declined card must leave the hold in place"
    pay = page.get_by_role("button", name=T("checkout.pay"), exact=True)
    expect(pay).to_be_enabled()

    # Another card, same page: paid, confirmed (a new attempt, not the declined one replayed).
    flows.pay(page, "checkout.method.visa")
    page.wait_for_url(re.compile(rf"/bookings/{booking_id}\?paid=1$"), timeout=45000)
    expect(page.get_by_role("heading", level=1, name=T("booking.confirmedTitle"))).to_be_visible()
    assert api.booking(user.client, booking_id)["status"] == "confirmed"


def test_orphan_seat_is_refused_with_the_rule_explained(new_context, screening: api.Screening, user):
    page = new_context().new_page()
    flows.sign_in(page, user.email, user.password, next_path=f"/screenings/{screening.id}/seats")
    expect(page.locator(flows.FREE_SEAT).first).to_be_visible()
    # B1 and B3 leave B2 alone between two taken seats.
    flows.seat(page, "B", 1).click()
    flows.seat(page, "B", 3).click()
    expect(page.get_by_text(T("seats.orphanWarning"))).to_be_visible()
    flows.hold_button(page).click()
    refusal = alert_with(page, T("problem.orphan.title"))
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text(T("problem.orphan.detail"))
    screenshot(page, "refusal-orphan-seat", full_page=False)
    assert re.search(r"/seats$", page.url), f"left the seat map: {page.url}"
    states = api.seat_states(screening.id)
    assert states[screening.seat("B", 1)["id"]] == "free" and states[screening.seat("B", 3)["id"]] == "free"

    # Taking B2 as well is accepted.
    flows.seat(page, "B", 2).click()
    expect(page.get_by_text(T("seats.orphanWarning"))).to_have_count(0)
    flows.hold_button(page).click()
    page.wait_for_url(re.compile(r"/checkout/"))


def test_hold_given_back_in_another_session(new_context, screening: api.Screening, user):
    booking_id = api.hold(user.client, screening.id, [screening.seat("C", 2)["id"], screening.seat("C", 3)["id"]])
    page = checkout_page(new_context, user, booking_id)
    # The same person gives the seats back from another device (another session).
    elsewhere = api.login(user.email, user.password)
    reply = elsewhere.post(f"/api/scheduling/bookings/{booking_id}/release")
    assert reply.status == 204, reply.text
    api.wait_for_booking(user.client, booking_id, "expired", timeout=10)

    page.reload()
    gone = alert_with(page, T("checkout.expiredTitle"))
    expect(gone).to_be_visible()
    expect(gone).to_contain_text(T("checkout.expiredDetail"))
    expect(page.get_by_role("button", name=T("checkout.pay"), exact=True)).to_have_count(0)
    screenshot(page, "refusal-hold-gone", full_page=False)
    page.get_by_role("link", name=T("checkout.chooseAgain"), exact=True).click()
    page.wait_for_url(re.compile(rf"/screenings/{screening.id}/seats$"))
    expect(flows.seat(page, "C", 2)).to_have_attribute("aria-pressed", "false")
    expect(flows.seat(page, "C", 2)).not_to_have_attribute("aria-disabled", "true")


def test_hold_running_out_while_on_the_checkout_page(new_context, screening: api.Screening, user):
    booking_id = api.hold(user.client, screening.id, [screening.seat("D", 4)["id"]])
    expires = api.booking(user.client, booking_id)["expiresAt"]
    page = new_context().new_page()
    page.clock.install()
    flows.sign_in(page, user.email, user.password, next_path=f"/checkout/{booking_id}")
    timer = page.get_by_role("timer")
    expect(timer).to_be_visible()
    expect(page.get_by_role("button", name=T("checkout.pay"), exact=True)).to_be_visible()
    # The browser's clock jumps past the hold's end (the suite's hold lasts 600 s): the page says
    # so by itself, without a reload, and offers to choose again.
    left = page.evaluate("(end) => Date.parse(end) - Date.now()", expires)
    assert 0 < left <= 3600_000, f"hold ends in {left} ms"
    page.clock.fast_forward(int(left) + 2000)
    gone = alert_with(page, T("checkout.expiredTitle"))
    expect(gone).to_be_visible()
    expect(page.get_by_role("button", name=T("checkout.pay"), exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=T("checkout.chooseAgain"), exact=True)).to_be_visible()


def test_unknown_film_says_so_instead_of_a_blank_page(new_context, suite):
    page = new_context(phone=True).new_page()
    page.goto("/films/00000000-0000-4000-8000-000000000000")
    problem = page.get_by_role("alert")
    expect(problem).to_be_visible()
    expect(problem.get_by_role("heading")).not_to_be_empty()
    expect(problem.get_by_role("button", name=T("error.retry"), exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=T("nav.menu"), exact=True)).to_be_visible()  # the app around it is there
