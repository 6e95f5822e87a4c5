"""Bookings embed their screening, cancellation terms and hold extension (issue 17, API gaps 4, 5
and 7): "My tickets" asks nothing per booking, the refund shown before cancelling is payments'
quote, and the hold's one extension is known in any tab or device."""

from __future__ import annotations

import re

from playwright.sync_api import expect

import api
import flows
from i18n import R, T


def test_tickets_show_the_booking_alone_and_the_quoted_refund(new_context, screening: api.Screening):
    email, password, client = api.new_user()
    booking_id = api.hold(client, screening.id, [screening.seat("B", 6)["id"]])
    answer = api.checkout(client, booking_id, "tok_visa")
    assert answer.status == 201 and answer.json.get("status") == "succeeded", answer.text
    api.wait_for_booking(client, booking_id, "confirmed")
    quote = client.expect("GET", f"/api/payments/cancellation-quote?bookingId={booking_id}", status=200)

    page = new_context().new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/scheduling/screenings/" in r.url else None)
    flows.sign_in(page, email, password, next_path="/tickets")
    card = page.get_by_role("article").filter(has=page.get_by_role("heading", name=screening.film_title))
    expect(card).to_have_count(1)
    expect(card).to_contain_text(screening.cinema_name)
    expect(card).to_contain_text("Salle 1")
    expect(card.get_by_text(R("booking.cutoff"))).to_be_visible()
    assert asked == [], f"the tickets page fetched screenings: {asked}"

    card.get_by_role("button", name=T("booking.cancel"), exact=True).click()
    refund = f"{quote['refund'] / 100:.2f}"
    confirm = card.get_by_role("group")
    expect(confirm).to_contain_text(re.compile(re.escape(refund)))
    expect(confirm).to_contain_text(f"{quote['feePercent']} %")
    confirm.get_by_role("button", name=T("booking.cancelNo"), exact=True).click()
    expect(card.get_by_role("button", name=T("booking.cancel"), exact=True)).to_be_visible()


def test_hold_extension_is_known_in_another_session(new_context, screening: api.Screening, user):
    booking_id = api.hold(user.client, screening.id, [screening.seat("D", 7)["id"]])
    user.client.expect("POST", f"/api/scheduling/bookings/{booking_id}/extend", status=200)
    page = new_context().new_page()
    flows.sign_in(page, user.email, user.password, next_path=f"/checkout/{booking_id}")
    expect(page.get_by_role("timer")).to_be_visible()
    done = page.get_by_role("button", name=T("checkout.alreadyExtended"), exact=True)
    expect(done).to_be_visible()
    expect(done).to_be_disabled()


def test_invoice_download_in_one_call(new_context, screening: api.Screening):
    email, password, client = api.new_user()
    booking_id = api.hold(client, screening.id, [screening.seat("B", 7)["id"]])
    answer = api.checkout(client, booking_id, "tok_visa")
    assert answer.status == 201 and answer.json.get("status") == "succeeded", answer.text
    api.wait_for_booking(client, booking_id, "confirmed")
    invoice = client.expect("GET", f"/api/payments/invoices?bookingId={booking_id}", status=200)["items"][0]

    page = new_context().new_page()
    flows.sign_in(page, email, password, next_path=f"/bookings/{booking_id}")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/payments/" in r.url else None)
    with page.expect_download() as download:
        page.get_by_role("button", name=T("booking.invoice"), exact=True).click()
    assert download.value.suggested_filename == f"{invoice['number']}.pdf"
    paths = [re.sub(r"^https?://[^/]+", "", url) for url in asked]
    assert paths[0].startswith("/api/payments/invoices?") and f"bookingId={booking_id}" in paths[0], paths
    assert not any("/me/payments" in p for p in paths), paths
