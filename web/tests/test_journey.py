"""The whole journey in one browser: sign up → verify by the e-mail's link → search with filters →
film → seats → 3-D Secure payment (tok_3ds) → tickets with their QR codes → the confirmation
e-mail in the mail catcher."""

from __future__ import annotations

import re
import subprocess
from urllib.parse import urlparse

from playwright.sync_api import expect

import api
import flows
from conftest import screenshot
from i18n import R, T


def qr_path(payload: str) -> str:
    """The SVG path TicketQr draws for `payload`, computed with the same Debian package
    (qrcode-generator, type 0, level M, 4-module margin), to prove the QR carries the signed ticket."""
    script = """
      const qrcode = require('qrcode-generator');
      const qr = qrcode(0, 'M'); qr.addData(process.argv[1]); qr.make();
      let d = ''; const n = qr.getModuleCount();
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
      process.stdout.write(d);
    """
    return subprocess.run(["node", "-e", script, payload], check=True, capture_output=True, text=True,
                          env={"NODE_PATH": "/usr/share/nodejs", "PATH": "/usr/bin:/bin"}).stdout


def test_whole_journey(new_context, staff, page_errors, base_url):
    token = api.unique()
    film_id, title = api.new_film(staff, title=f"Journey {token}", audioLanguages=["fr"], formats=["2D"])
    screening = api.new_screening(staff, film=(film_id, title))
    page = new_context().new_page()
    email = f"journey-{token}@example.com"

    # Sign up.
    flows.goto(page, "/signup")
    page.get_by_label(T("account.name"), exact=True).fill("Ada Journey")
    page.get_by_label(T("account.email"), exact=True).fill(email)
    page.get_by_label(T("account.password"), exact=True).fill(api.USER_PASSWORD)
    page.get_by_role("button", name=T("signup.submit"), exact=True).click()
    expect(page.get_by_role("heading", name=T("signup.checkMail"))).to_be_visible()

    # Verify the address by the welcome e-mail's link (NOTIFICATIONS_WEB_URL is the gateway).
    link = urlparse(api.verification_link(email))
    page.goto(link.path + "?" + link.query)
    expect(page.get_by_text(T("verify.done"))).to_be_visible()
    flows.sign_in(page, email, api.USER_PASSWORD, next_path="/films")

    # Search, then narrow with filters: the film is found, a filter it fails empties the list,
    # and the back button brings the filtered list back (the filters live in the URL).
    search = page.get_by_role("searchbox", name=T("browse.search"))
    search.fill(token)
    search.press("Enter")
    page.wait_for_url(re.compile(rf"[?&]q={token}"))
    film_link = page.get_by_role("link", name=title, exact=True)
    expect(film_link).to_be_visible()
    if not page.get_by_label(T("browse.language"), exact=True).is_visible():
        page.locator("summary", has_text=T("browse.more")).click()
    page.get_by_label(T("browse.language"), exact=True).select_option("fr")
    page.wait_for_url(re.compile(r"[?&]language=fr"))
    page.get_by_label(T("browse.format"), exact=True).select_option("2D")
    page.wait_for_url(re.compile(r"[?&]format=2D"))
    expect(film_link).to_be_visible()
    page.get_by_label(T("browse.format"), exact=True).select_option("IMAX")
    expect(page.get_by_text(T("browse.none"))).to_be_visible()
    expect(film_link).to_have_count(0)
    page.go_back()
    page.wait_for_url(re.compile(r"[?&]format=2D"))
    expect(film_link).to_be_visible()
    assert re.search(rf"[?&]q={token}", page.url) and "language=fr" in page.url, page.url

    # The film, its showtime.
    film_link.click()
    page.wait_for_url(re.compile(rf"/films/{film_id}$"))
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    showtime = page.get_by_role("link", name=R("film.showtimeLabel"))
    expect(showtime).to_have_count(1)
    showtime.click()
    page.wait_for_url(re.compile(rf"/screenings/{screening.id}/seats$"))

    # Two seats side by side, held, then paid with the 3-D Secure card.
    expect(flows.seat(page, "C", 4)).to_be_visible()
    booking_id = flows.choose_seats_and_hold(page, [("C", 4), ("C", 5)])
    flows.pay(page, "checkout.method.3ds")
    challenge = page.get_by_role("heading", name=T("checkout.challengeTitle"))
    expect(challenge).to_be_visible()
    expect(challenge).to_be_focused()
    screenshot(page, "journey-3ds-challenge", full_page=False)
    page.get_by_role("button", name=T("checkout.challengeApprove"), exact=True).click()

    # The confirmation: tickets with QR codes that carry the signed ticket.
    page.wait_for_url(re.compile(rf"/bookings/{booking_id}\?paid=1$"), timeout=45000)
    expect(page.get_by_role("heading", level=1, name=T("booking.confirmedTitle"))).to_be_visible()
    expect(page.get_by_text(T("booking.confirmedText"))).to_be_visible()
    user = api.login(email, api.USER_PASSWORD)
    booking = api.booking(user, booking_id)
    assert booking["status"] == "confirmed", booking
    tickets = booking.get("tickets") or []
    assert sorted(f'{t["row"]}{t["number"]}' for t in tickets) == ["C4", "C5"], tickets
    codes = flows.qr_codes(page)
    expect(codes).to_have_count(2)
    for ticket in tickets:
        qr = page.get_by_role("img", name=T("ticket.qrLabel", row=ticket["row"], number=ticket["number"], code=ticket["code"]))
        expect(qr).to_be_visible()
        drawn = qr.locator("path").get_attribute("d")
        assert drawn == qr_path(f'HS1.{ticket["code"]}.{ticket["signature"]}'), \
            f"the QR code of {ticket['code']} does not carry the signed ticket payload"
        box = qr.bounding_box()
        assert box and box["width"] >= 120, f"QR code too small to scan: {box}"
    screenshot(page, "journey-confirmation")

    # The confirmation e-mail, naming the film and each ticket's code.
    mail = api.wait_for_mail(email, lambda m: title in (m.get("subject") or ""), timeout=45)
    body = (mail.get("text") or "") + (mail.get("html") or "")
    for ticket in tickets:
        assert ticket["code"] in body, f"ticket {ticket['code']} not in the e-mail {mail.get('subject')!r}"
    assert any((a.get("contentType") or "").startswith("application/pdf") for a in mail.get("attachments") or []), \
        "no PDF e-ticket attached"
    assert not page_errors, f"uncaught errors in the page: {page_errors}"
