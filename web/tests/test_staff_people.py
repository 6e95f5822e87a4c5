"""The staff area's payments, promo codes and users (issue 18): a payment of the test's own making
found in the payments search, its timeline, a partial refund with a reason (the API shows it); a
promo code created with its rules in the UI, then paused; an account of the test's own making found,
given another role and unlocked. Each screen is screenshotted in light and dark and on a phone
(nothing overflows sideways). Words from web/src/staff/{payments,promos,users}/i18n.ts (English)."""

from __future__ import annotations

import datetime as dt
import re
import threading

from playwright.sync_api import expect

import api
from staff_ui import look, staff_page






def test_find_a_payment_see_its_timeline_and_refund_part_of_it(new_context, staff, screening, user):
    booking = api.hold(user.client, screening.id, screening.seat_ids[:2])
    paid = api.checkout(user.client, booking)
    assert paid.status == 201 and paid.json["status"] == "succeeded", paid.text
    payment_id, amount = paid.json["paymentId"], paid.json["amount"]
    short = payment_id.lower()[:8]

    page = staff_page(new_context, "/staff/payments")
    page.get_by_label("Customer (e-mail, name or id)").fill(user.email)
    page.get_by_label("Status").select_option(label="Succeeded")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/staff/payments\?.*status=succeeded.*user="))
    results = page.get_by_role("table", name="Payments found, newest first")
    expect(results.get_by_role("row")).to_have_count(2)  # header + our one payment
    expect(results).to_contain_text("Succeeded")
    look(page, "payments")

    page.get_by_role("link", name=f"Open payment {short}", exact=True).click()
    expect(page.get_by_role("heading", level=1, name=f"Payment {short}")).to_be_visible()
    timeline = page.get_by_role("list", name="Timeline")
    expect(timeline.locator("li[data-kind=invoice]").first).to_be_visible()
    expect(timeline.locator("li[data-kind=refund]")).to_have_count(0)

    page.get_by_label("An amount (goodwill gesture, the tickets stay valid)").check()
    page.get_by_label("Amount to refund (EUR)").fill("3.50")
    page.get_by_label(re.compile("^Reason")).fill("Projector stopped for ten minutes")
    page.get_by_role("button", name="Refund…").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"Refund €3.50 of payment {short}?")
    expect(dialog).to_contain_text("Reason: Projector stopped for ten minutes")
    dialog.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status").filter(has_text="Refunded €3.50")).to_be_visible()
    expect(timeline.locator("li[data-kind=refund]").first).to_be_visible()
    expect(page.get_by_test_id("payment-status")).to_have_text("Partly refunded")
    look(page, "payment")

    payment = staff.expect("GET", f"/api/payments/payments/{payment_id}")
    assert payment["status"] == "partially_refunded" and payment["amount"] == amount
    items = staff.expect("GET", f"/api/payments/payments/{payment_id}/timeline")["items"]
    refunds = [i for i in items if i["kind"] == "refund"]
    assert len(refunds) == 1 and "Projector stopped for ten minutes" in refunds[0]["summary"], refunds
    assert str(refunds[0]["details"].get("amount")) == "350", refunds


def test_create_a_promo_code_with_its_rules_then_pause_it(new_context, staff):
    film_id, film_title = api.new_film(staff)
    code = api.unique("HS-").upper()
    cinema_name = f"Promo cinema {api.unique()}"
    cinema = staff.expect("POST", "/api/scheduling/cinemas", {"name": cinema_name, "city": "Nantes"}, 201)
    page = staff_page(new_context, "/staff/promos")
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_label("Kind of discount").select_option("fixed")
    page.get_by_label("Amount off").fill("2.50")
    start = (dt.datetime.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    end = (dt.datetime.now() + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Valid from").fill(start)
    page.get_by_label("Valid until").fill(end)
    page.get_by_label("Uses in all").fill("50")
    page.get_by_label("Uses per customer").fill("2")
    page.get_by_label("Minimum basket").fill("15")
    page.get_by_role("searchbox", name="Find a film").fill(film_title)
    page.get_by_role("checkbox", name=film_title).check()
    page.get_by_role("checkbox", name=cinema_name).check()
    page.get_by_role("button", name="Create the promo code").click()
    expect(page.get_by_role("status").filter(has_text=f"Promo code {code} created")).to_be_visible()
    row = page.locator(f"tr[data-code='{code}']")
    expect(row).to_contain_text("2 per customer")
    expect(row).to_contain_text("0 / 50")
    expect(row).to_contain_text("Active")

    created = next(p for p in staff.expect("GET", "/api/payments/promo-codes")["items"] if p["code"] == code)
    assert (created["kind"], created["value"], created["currency"]) == ("fixed", 250, "EUR")
    assert (created["maxRedemptions"], created["perUserLimit"], created["minAmount"]) == (50, 2, 1500)
    assert [f.lower() for f in created["filmIds"]] == [film_id.lower()]
    assert created["validFrom"] < created["validUntil"]

    assert [c.lower() for c in created["cinemaIds"]] == [cinema["id"].lower()]
    expect(row).to_contain_text("1 cinema")

    page.get_by_role("button", name=f"Pause {code}").click()
    expect(row).to_contain_text("Paused")
    again = next(p for p in staff.expect("GET", "/api/payments/promo-codes")["items"] if p["code"] == code)
    assert again["status"] == "paused", again
    page.get_by_role("button", name=f"Resume {code}").click()
    expect(row).to_contain_text("Active")
    look(page, "promos")


def test_find_a_user_change_their_role_and_unlock_them(new_context, staff, user):
    # Lock the account: five wrong passwords from this address (sent together: the throttle's delays overlap).
    def wrong() -> None:
        api.http("POST", api.GATEWAY_URL + "/api/auth/login", {"email": user.email, "password": "not the password"})
    threads = [threading.Thread(target=wrong) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    locked = api.http("POST", api.GATEWAY_URL + "/api/auth/login", {"email": user.email, "password": user.password})
    assert locked.status == 429, locked.text

    page = staff_page(new_context, "/staff/users")
    page.get_by_role("searchbox", name="E-mail, name or id").fill(user.email)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/staff/users\?q="))
    table = page.get_by_role("table", name="Accounts found")
    expect(table.get_by_role("row")).to_have_count(2)
    role = page.get_by_label(f"Role of {user.email}", exact=True)
    # The super admin may grant every role (the auth service's rule: roles:manage).
    expect(role.locator("option")).to_have_text(["Super admin", "Admin", "Moderator", "Client"])
    role.select_option("moderator")
    page.get_by_role("button", name=f"Change the role of {user.email}").click()
    expect(page.get_by_role("status").filter(has_text=f"{user.email} is now Moderator")).to_be_visible()
    me = api.eventually("the account in GET /users", lambda: find_user(staff, user.email))[0]
    assert me["role"] == "moderator", me

    page.get_by_role("button", name=f"Unlock {user.email}").click()
    expect(page.get_by_role("status").filter(has_text=f"{user.email} unlocked")).to_be_visible()
    assert api.http("POST", api.GATEWAY_URL + "/api/auth/login", {"email": user.email, "password": user.password}).status == 200

    page.get_by_role("button", name=f"Sessions of {user.email}").click()
    sessions = page.get_by_role("region", name=f"Sessions of {user.email}")
    expect(sessions.get_by_role("status").or_(sessions.get_by_role("table"))).to_be_visible()
    look(page, "users")


def find_user(staff: api.Api, email: str) -> list[dict] | None:
    cursor = None
    while True:
        reply = staff.expect("GET", "/api/auth/users?limit=100" + (f"&cursor={cursor}" if cursor else ""))
        found = [u for u in reply["items"] if u["email"] == email]
        if found:
            return found
        cursor = reply.get("nextCursor")
        if not cursor:
            return None
