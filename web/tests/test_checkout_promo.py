"""Checkout shows a promo code's discount before paying and offers only the configured providers
(issue 17, API gaps 6 and 12: POST /promo-codes/check, GET /providers)."""

from __future__ import annotations

from playwright.sync_api import expect

import api
import flows
from i18n import T


def test_promo_discount_shown_before_paying(new_context, screening: api.Screening, user, staff):
    code = f"WEB-{api.unique().upper()}"[:32]
    staff.expect("POST", "/api/payments/promo-codes", {"code": code, "kind": "percent", "value": 20}, 201)
    booking_id = api.hold(user.client, screening.id, [screening.seat("C", 3)["id"]])
    booking = api.booking(user.client, booking_id)
    page = new_context().new_page()
    flows.sign_in(page, user.email, user.password, next_path=f"/checkout/{booking_id}")
    promo = page.get_by_label(T("checkout.promo"), exact=True)
    apply = page.get_by_role("button", name=T("checkout.promoApply"), exact=True)
    discount_row = page.get_by_role("row").filter(has_text=T("checkout.discount"))

    promo.fill("NOT-A-CODE")
    apply.click()
    expect(promo).to_have_attribute("aria-invalid", "true")
    expect(discount_row).to_have_count(0)

    promo.fill(code.lower())
    apply.click()
    expect(page.get_by_role("status").filter(has_text=code)).to_be_visible()
    discount = round(booking["amount"] * 20 / 100)
    expect(discount_row).to_contain_text(f"{discount / 100:.2f}")
    # Nothing reserved by the check.
    codes = staff.expect("GET", "/api/payments/promo-codes", status=200)["items"]
    assert next(c for c in codes if c["code"] == code)["redeemed"] == 0

    flows.pay(page, "checkout.method.visa")
    page.wait_for_url(f"**/bookings/{booking_id}?paid=1")
    payments = user.client.expect("GET", "/api/payments/me/payments", status=200)["items"]
    paid = next(p for p in payments if p["bookingId"] == booking_id)
    assert paid.get("discount") == discount and paid["amount"] == booking["amount"] - discount, paid


def test_only_configured_providers_are_offered(new_context, screening: api.Screening, user):
    names = {p["name"] for p in api.Api().expect("GET", "/api/payments/providers", status=200)["items"]}
    assert "simulated" in names
    booking_id = api.hold(user.client, screening.id, [screening.seat("C", 6)["id"]])
    page = new_context().new_page()
    flows.sign_in(page, user.email, user.password, next_path=f"/checkout/{booking_id}")
    expect(page.get_by_label(T("checkout.method.visa"), exact=True)).to_be_visible()
    expect(page.get_by_label(T("checkout.method.paypal"), exact=True)).to_have_count(1 if "paypal" in names else 0)
