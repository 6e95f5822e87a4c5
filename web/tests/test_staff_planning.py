"""The staff planning board, seat-map editor and price-card creation (issue 18).

- drag a screening to a free slot (the API shows the new time), drag it onto another screening
  (the dry-run conflict shows on the board while dragging, the drop is refused and snaps back, the
  API is unchanged), move it with the keyboard (M, arrows, Enter), and cancel a screening with
  sold seats (the dialog says how many; the API shows it cancelled);
- create an auditorium in the seat-map editor (rows, aisles, a premium seat), then block a seat
  of it and save; create a price card;
- screenshots of both screens, light and dark, desktop and phone, without horizontal overflow.

Every fixture is made through the API (a cinema, auditorium, film and screenings of its own)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

import api
import checks
import flows
from staff_ui import staff_page, unnamed_controls
from conftest import screenshot

PARIS = ZoneInfo("Europe/Paris")  # the fixtures' cinema's time zone




def schedule(staff: api.Api, film_id: str, auditorium_id: str, starts: str) -> str:
    def plan() -> str | None:
        reply = staff.post("/api/scheduling/screenings", {"filmId": film_id, "auditoriumId": auditorium_id,
                                                          "startsAt": starts, "priceAmount": 900, "currency": "EUR"})
        if reply.status == 422 and "film" in reply.text.lower():
            return None  # the published film has not reached scheduling yet
        if reply.status != 201:
            raise api.ApiError(f"screening creation failed: {reply.status} {reply.text[:300]}")
        return reply.json["id"]
    return api.eventually(f"scheduling to know film {film_id}", plan, 60)


def board_fixture(staff: api.Api) -> dict:
    """A cinema with one auditorium, a 100-minute film (blocks of 130 min with the buffers), and two
    screenings three days from now at 19:00 and 22:30 Paris time."""
    film_id, title = api.new_film(staff, title=f"Plan Film {api.unique()}", runtimeMinutes=100)
    cinema = staff.expect("POST", "/api/scheduling/cinemas", {"name": f"Plan Cinema {api.unique()}", "city": "Lyon",
                                                              "timezone": "Europe/Paris"}, 201)
    auditorium = staff.expect("POST", f"/api/scheduling/cinemas/{cinema['id']}/auditoriums",
                              {"name": "Salle P", "rows": api.DEFAULT_ROWS}, 201)
    day = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)).date()
    at = lambda h, m=0: dt.datetime(day.year, day.month, day.day, h, m, tzinfo=PARIS).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    first = schedule(staff, film_id, auditorium["id"], at(19))
    second = schedule(staff, film_id, auditorium["id"], at(22, 30))
    return {"film": film_id, "title": title, "cinema": cinema["id"], "auditorium": auditorium["id"], "at": at,
            "first": first, "second": second, "week": (day - dt.timedelta(days=day.weekday())).isoformat()}


def starts_at(staff: api.Api, screening_id: str) -> str:
    value = staff.expect("GET", f"/api/scheduling/screenings/{screening_id}")["startsAt"]
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def drag_by(page: Page, block, dx: float) -> None:
    """Presses on the block, drags it dx pixels sideways (not released). The block is scrolled into
    view first (the film palette and the day of the week can put it below the fold)."""
    block.scroll_into_view_if_needed()
    box = block.bounding_box()
    assert box, "the block is not on screen"
    x, y = box["x"] + 20, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 10, y, steps=2)
    page.mouse.move(x + dx, y, steps=6)


def test_planning_board_drag_keyboard_and_cancel(new_context, staff):
    f = board_fixture(staff)
    # Two seats sold on the second screening: its cancellation refunds them.
    _, _, buyer = api.new_user()
    seats = api.Api().expect("GET", f"/api/scheduling/screenings/{f['second']}/seats", status=200)["items"]
    booking = api.hold(buyer, f["second"], [s["id"] for s in seats[:2]])
    assert api.checkout(buyer, booking).status in (200, 201, 202)
    api.wait_for_booking(buyer, booking, "confirmed")

    page = staff_page(new_context, f"/staff/planning?cinema={f['cinema']}&week={f['week']}")
    first = page.locator(f'[data-screening-id="{f["first"]}"]')
    expect(first).to_have_accessible_name(re.compile(re.escape(f["title"]) + r", .* 19:00 to 21:10, Salle P, 0% full"))
    second = page.locator(f'[data-screening-id="{f["second"]}"]')
    expect(second).to_contain_text("6%")  # 2 of 32 seats: the rate is written, not only coloured
    expect(page.get_by_role("definition").filter(has_text="under 25 %")).to_be_visible()  # the legend

    # 1. Drag to a free slot, one hour earlier (1.25 px a minute): the API has the new time.
    drag_by(page, first, -75)
    expect(page.get_by_test_id("plan-ghost")).to_contain_text("Free")
    page.mouse.up()
    expect(page.get_by_role("status").filter(has_text="Screening moved to").first).to_be_visible()
    api.eventually("the move to reach the API", lambda: True if starts_at(staff, f["first"]) == f["at"](18) else None, 10)

    # 2. Drag onto the second screening: the conflict shows on the board while dragging, the drop
    #    is refused, the block stays where it was, the API is unchanged.
    drag_by(page, first, 4 * 75 + 15)  # 18:00 → ~22:15
    ghost = page.get_by_test_id("plan-ghost")
    expect(ghost).to_contain_text("Busy: overlaps")
    expect(ghost).to_have_class(re.compile("is-busy"))
    screenshot(page, "staff-planning-conflict-light")
    page.mouse.up()
    expect(page.get_by_role("alert").filter(has_text="Move refused")).to_contain_text(f["title"])
    expect(ghost).to_have_count(0)
    expect(first).to_have_accessible_name(re.compile(r" 18:00 to 20:10, "))
    assert starts_at(staff, f["first"]) == f["at"](18)

    # 3. Keyboard: M, four times → (+1 h), Enter.
    first.focus()
    page.keyboard.press("m")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("plan-ghost")).to_contain_text("19:00 · Free")
    page.keyboard.press("Enter")
    api.eventually("the keyboard move to reach the API", lambda: True if starts_at(staff, f["first"]) == f["at"](19) else None, 10)
    expect(first).to_have_accessible_name(re.compile(r" 19:00 to 21:10, "))
    expect(page.get_by_text("M on a screening: move it with the keyboard")).to_be_visible()  # the keys are documented

    # 4. Cancel the second screening: the confirmation says how many bookings are refunded.
    second.click()
    details = page.get_by_role("dialog", name=f["title"])
    expect(details).to_contain_text("6% full: 2 of 32 seats sold")
    details.get_by_role("button", name="Cancel this screening").click()
    confirm = page.get_by_role("dialog", name=re.compile("^Cancel " + re.escape(f["title"])))
    expect(confirm).to_contain_text("1 booking will be refunded (2 seats sold)")
    confirm.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status").filter(has_text="Screening cancelled: 1 booking cancelled and refunded").first).to_be_visible()
    assert staff.expect("GET", f"/api/scheduling/screenings/{f['second']}")["status"] == "cancelled"
    screenshot(page, "staff-planning-light")


def test_seat_map_editor_and_price_card(new_context, staff):
    cinema = staff.expect("POST", "/api/scheduling/cinemas", {"name": f"Seat Cinema {api.unique()}", "city": "Nantes"}, 201)
    name = f"Salle {api.unique()}"
    page = staff_page(new_context, f"/staff/auditoriums?cinema={cinema['id']}")
    page.get_by_label("Auditorium name").fill(name)
    page.get_by_label("Seats of row B").fill("8")
    page.get_by_label("Aisles of row B").fill("4")
    page.get_by_role("radio", name="Premium").check()
    page.get_by_role("button", name="Row A seat 3, Standard", exact=True).click()
    expect(page.get_by_role("button", name="Row A seat 3, Premium", exact=True)).to_be_visible()
    page.get_by_role("button", name="Create the auditorium").click()
    page.wait_for_url(re.compile(r"auditorium=[0-9A-Fa-f-]{36}"))
    listed = staff.expect("GET", f"/api/scheduling/cinemas/{cinema['id']}/auditoriums")["items"]
    created = next(a for a in listed if a["name"] == name)
    seats = staff.expect("GET", f"/api/scheduling/auditoriums/{created['id']}/seats")["items"]
    kind = {(s["row"], s["number"]): s["kind"] for s in seats}
    assert kind[("A", 3)] == "premium" and kind[("C", 1)] == "wheelchair" and kind[("C", 2)] == "companion"
    assert max(n for r, n in kind if r == "B") == 8 and created["capacity"] == 28
    b = sorted((s for s in seats if s["row"] == "B"), key=lambda s: s["number"])
    assert b[4]["columnIndex"] == b[3]["columnIndex"] + 2  # the aisle after B4

    # Edit the existing auditorium: block a seat, save.
    expect(page.get_by_label("Auditorium name")).to_have_value(name)
    page.get_by_role("radio", name="Blocked (not sold)").check()
    page.get_by_role("button", name="Row A seat 1, Standard", exact=True).click()
    page.get_by_role("button", name="Save the seat map").click()
    expect(page.get_by_role("status").filter(has_text="Seat map saved").first).to_be_visible()
    seats = staff.expect("GET", f"/api/scheduling/auditoriums/{created['id']}/seats")["items"]
    assert {(s["row"], s["number"]): s["kind"] for s in seats}[("A", 1)] == "blocked"
    screenshot(page, "staff-auditoriums-light")

    # A new price card.
    flows.goto(page, f"/staff/prices?cinema={cinema['id']}")
    page.get_by_role("button", name="New price card").click()
    page.get_by_label("Name of the new card").fill("Tarif soirée")
    page.get_by_label("Amount in € of rule 1").fill("11.50")
    page.get_by_label("Seat kind of rule 2").select_option("premium")
    page.get_by_role("button", name="Create the price card").click()
    expect(page.locator("[data-card-id]").filter(has_text="Tarif soirée")).to_contain_text("11.50")
    cards = staff.expect("GET", f"/api/scheduling/cinemas/{cinema['id']}/price-cards")["items"]
    card = next(c for c in cards if c["name"] == "Tarif soirée")
    assert {(r["audience"], r["amount"], r.get("seatKind")) for r in card["rules"]} == {("adult", 1150, None), ("child", 700, "premium")}


def test_planning_and_seat_maps_on_a_dark_phone(new_context, staff):
    f = board_fixture(staff)
    page = staff_page(new_context, f"/staff/planning?cinema={f['cinema']}&week={f['week']}", scheme="dark", phone=True)
    expect(page.locator(f'[data-screening-id="{f["first"]}"]')).to_be_attached()
    page.wait_for_timeout(300)
    screenshot(page, "staff-planning-phone-dark")
    checks.assert_no_overflow(page)
    flows.goto(page, f"/staff/auditoriums?cinema={f['cinema']}&auditorium={f['auditorium']}")
    expect(page.get_by_role("button", name="Row A seat 1, Standard", exact=True)).to_be_visible()
    screenshot(page, "staff-auditoriums-phone-dark")
    checks.assert_no_overflow(page)
    unnamed = unnamed_controls(page)
    assert unnamed == []
