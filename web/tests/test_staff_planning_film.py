"""Changing a screening's film on the planning board by dragging a film onto it (issue: drag and drop
to move and to change the film).

- mouse: a film found with the palette's search dragged onto a screening: the calendar says it fits
  (and its new end) while dragging; dropped, the block shows the new film and length, and the API has
  it; a film too long for the slot (it would overlap the next screening): the calendar says so, the
  drop is refused with the reason and the API keeps the film;
- a screening whose seats were held after the board loaded: the board cannot know, the API refuses
  (409 screening-has-bookings), the reason shows, the film stays, and the board, reloaded, says so
  on the next drag;
- keyboard: Enter on a film selects it (announced), F on a screening shows the verdict, Escape gives
  up, Enter confirms; the keys are documented;
- touch (Chromium's touch events, turned into pointer events): a film dragged with a finger;
- phone in dark mode: the palette wraps within the page (no sideways overflow), every control named.

Every fixture is made through the API: a cinema with two auditoriums, three films of its own."""

from __future__ import annotations

import datetime as dt
import random
import re
import string

from playwright.sync_api import Locator, Page, expect

import api
import checks
import flows
from conftest import screenshot
from test_staff_planning import PARIS, schedule, staff_page

TALL = {"width": 1280, "height": 1600}  # the palette and the whole week on screen at once


def word() -> str:
    """A made-up word (letters only: the catalogue's full-text search finds it as a word prefix)."""
    return "".join(random.choice(string.ascii_lowercase) for _ in range(10))


def known_to_scheduling(staff: api.Api, film_id: str, auditorium_id: str, starts: str) -> None:
    """Waits for catalog.film.published to reach scheduling (its dry run knows the film)."""
    def known() -> bool | None:
        reply = staff.post("/api/scheduling/screenings/check", {"filmId": film_id, "auditoriumId": auditorium_id, "startsAt": starts})
        return True if reply.status == 200 else None
    api.eventually(f"scheduling to know film {film_id}", known, 60)


def film_fixture(staff: api.Api) -> dict:
    """A cinema with auditoriums Salle F and Salle G; films A (100 min), B (90 min, only in the
    catalogue) and C (200 min). Three days from now, Paris time: A at 19:00 and 22:30 in Salle F
    (blocks of 130 min with the trailer and cleaning buffers), A at 19:00 and C at 12:00 in Salle G."""
    tag = word()
    films = {}
    for key, runtime in (("A", 100), ("B", 90), ("C", 200)):
        films[key] = api.new_film(staff, title=f"Swap {key} {word()} {tag}", runtimeMinutes=runtime)
    cinema = staff.expect("POST", "/api/scheduling/cinemas", {"name": f"Swap Cinema {api.unique()}", "city": "Lyon",
                                                              "timezone": "Europe/Paris"}, 201)
    auditoriums = [staff.expect("POST", f"/api/scheduling/cinemas/{cinema['id']}/auditoriums",
                                {"name": name, "rows": api.DEFAULT_ROWS}, 201)["id"] for name in ("Salle F", "Salle G")]
    day = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)).date()
    at = lambda h, m=0: dt.datetime(day.year, day.month, day.day, h, m, tzinfo=PARIS).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    f = {
        "films": {k: {"id": v[0], "title": v[1]} for k, v in films.items()},
        "cinema": cinema["id"], "auditoriums": auditoriums, "at": at,
        "s1": schedule(staff, films["A"][0], auditoriums[0], at(19)),
        "s2": schedule(staff, films["A"][0], auditoriums[0], at(22, 30)),
        "s3": schedule(staff, films["A"][0], auditoriums[1], at(19)),
        "s4": schedule(staff, films["C"][0], auditoriums[1], at(12)),
        "week": (day - dt.timedelta(days=day.weekday())).isoformat(),
    }
    known_to_scheduling(staff, films["B"][0], auditoriums[0], at(9))
    return f


def film_of(staff: api.Api, screening_id: str) -> str:
    return staff.expect("GET", f"/api/scheduling/screenings/{screening_id}")["filmId"].lower()


def open_board(new_context, f: dict, **options) -> Page:
    context = new_context(**options)
    page = context.new_page()
    flows.sign_in(page, api.ADMIN_EMAIL, api.ADMIN_PASSWORD, next_path=f"/staff/planning?cinema={f['cinema']}&week={f['week']}")
    expect(page.locator(f'[data-screening-id="{f["s1"]}"]')).to_be_visible()
    return page


def chip(page: Page, film: dict) -> Locator:
    return page.get_by_test_id("plan-films").locator(f'[data-film-id="{film["id"]}"]')


def find_film(page: Page, film: dict) -> Locator:
    """Types the film's title words into the palette's search; its chip appears."""
    page.get_by_label("Find a film").fill(film["title"].split(" ", 2)[2].split(" ")[0])
    found = chip(page, film)
    expect(found).to_be_visible(timeout=15000)
    return found


def centre(locator: Locator, dx: float | None = None) -> tuple[float, float]:
    locator.evaluate("e => e.scrollIntoView({block: 'nearest', inline: 'nearest'})")
    box = locator.bounding_box()
    assert box, "not on screen"
    return box["x"] + (dx if dx is not None else box["width"] / 2), box["y"] + box["height"] / 2


def drag_film(page: Page, source: Locator, block: Locator) -> None:
    """Presses on a film chip and drags it (in steps) onto the block; not released."""
    tx, ty = centre(block, 30)
    sx, sy = centre(source)
    page.mouse.move(sx, sy)
    page.mouse.down()
    page.mouse.move(sx + 8, sy + 8, steps=2)
    page.mouse.move(tx, ty, steps=10)


def test_drag_a_film_onto_a_screening_fits_then_too_long(new_context, staff):
    f = film_fixture(staff)
    A, B, C = (f["films"][k] for k in "ABC")
    page = open_board(new_context, f, viewport=TALL)
    s1 = page.locator(f'[data-screening-id="{f["s1"]}"]')
    expect(s1).to_have_accessible_name(re.compile(re.escape(A["title"]) + r", .* 19:00 to 21:10, Salle F, "))
    expect(chip(page, A)).to_have_accessible_name(f"{A['title']}, 100 min")  # the cinema's films of the week
    expect(chip(page, C)).to_be_visible()
    expect(chip(page, B)).to_have_count(0)  # not scheduled here: found with the search

    # 1. B (90 min) onto the 19:00 screening: it fits, ending at 21:00 (buffers included).
    drag_film(page, find_film(page, B), s1)
    expect(page.get_by_test_id("plan-film-drag")).to_have_text(B["title"])
    ghost = page.get_by_test_id("plan-film-ghost")
    expect(ghost).to_contain_text(f"Fits: {B['title']} ends at 21:00")
    expect(ghost).not_to_have_class(re.compile("is-busy"))
    expect(page.get_by_test_id("plan-film-verdict")).to_contain_text(f"{B['title']} → {A['title']}")
    screenshot(page, "staff-planning-film-fits-light")
    page.mouse.up()
    expect(page.get_by_role("status").filter(has_text=f"{B['title']} now shows on").first).to_be_visible()
    api.eventually("the film change to reach the API", lambda: True if film_of(staff, f["s1"]) == B["id"].lower() else None, 10)
    expect(s1).to_have_accessible_name(re.compile(re.escape(B["title"]) + r", .* 19:00 to 21:00, Salle F, "))
    expect(s1).to_contain_text(B["title"])
    expect(ghost).to_have_count(0)

    # 2. C (200 min) onto it: it would end at 22:50 and overlap A at 22:30. Refused, the film stays.
    page.get_by_label("Find a film").fill("")  # back to the cinema's films of the week: A, B, C
    expect(chip(page, B)).to_be_visible()
    drag_film(page, chip(page, C), s1)
    expect(ghost).to_contain_text(f"Too long: {C['title']} would end at 22:50 and overlap {A['title']} 22:30")
    expect(ghost).to_have_class(re.compile("is-busy"))
    screenshot(page, "staff-planning-film-too-long-light")
    page.mouse.up()
    expect(page.get_by_role("alert").filter(has_text="Film change refused: Too long")).to_contain_text(A["title"])
    expect(ghost).to_have_count(0)
    expect(s1).to_contain_text(B["title"])
    assert film_of(staff, f["s1"]) == B["id"].lower()

    # 3. Released over no screening: nothing happens.
    drag_film(page, chip(page, C), page.get_by_role("heading", name="Films"))
    page.mouse.up()
    expect(page.get_by_test_id("plan-film-drag")).to_have_count(0)
    assert film_of(staff, f["s1"]) == B["id"].lower()


def test_a_screening_booked_meanwhile_keeps_its_film(new_context, staff, user):
    f = film_fixture(staff)
    A, B = f["films"]["A"], f["films"]["B"]
    page = open_board(new_context, f, viewport=TALL)
    s3 = page.locator(f'[data-screening-id="{f["s3"]}"]')
    expect(s3).to_contain_text("0%")

    # Seats held after the board loaded: the board does not know, the API's PATCH refuses.
    seats = api.Api().expect("GET", f"/api/scheduling/screenings/{f['s3']}/seats", status=200)["items"]
    api.hold(user.client, f["s3"], [s["id"] for s in seats[:2]])
    b = find_film(page, B)
    drag_film(page, b, s3)
    expect(page.get_by_test_id("plan-film-ghost")).to_contain_text("Fits")
    page.mouse.up()
    refusal = page.get_by_role("alert").filter(has_text="Film change refused: it has bookings")
    expect(refusal).to_contain_text("only its time can change")
    assert film_of(staff, f["s3"]) == A["id"].lower()
    expect(s3).to_contain_text(A["title"])

    # The board reloaded after the refusal (it now counts the held seats): the next drag says so at once.
    drag_film(page, chip(page, B), s3)
    ghost = page.get_by_test_id("plan-film-ghost")
    expect(ghost).to_contain_text("it has bookings")
    expect(ghost).to_have_class(re.compile("is-busy"))
    page.mouse.up()
    expect(page.get_by_role("alert").filter(has_text="Film change refused: it has bookings")).to_be_visible()
    assert film_of(staff, f["s3"]) == A["id"].lower()


def test_change_the_film_with_the_keyboard(new_context, staff):
    f = film_fixture(staff)
    A, C = f["films"]["A"], f["films"]["C"]
    page = open_board(new_context, f, viewport=TALL)
    live = page.locator('main p.visually-hidden[role="status"]')  # the board's announcements
    s2 = page.locator(f'[data-screening-id="{f["s2"]}"]')
    expect(s2).to_have_attribute("aria-keyshortcuts", "M F")

    # F with no film selected: told to pick one first.
    s2.focus()
    page.keyboard.press("f")
    expect(live).to_contain_text("Select a film in Films first")

    # Enter on C's chip selects it (announced); Escape drops it; Space selects it again.
    c = chip(page, C)
    c.focus()
    page.keyboard.press("Enter")
    expect(c).to_have_attribute("aria-pressed", "true")
    expect(live).to_contain_text(f"{C['title']} (200 min) selected")
    page.keyboard.press("Escape")
    expect(c).to_have_attribute("aria-pressed", "false")
    expect(live).to_have_text("No film selected")
    page.keyboard.press("Space")
    expect(c).to_have_attribute("aria-pressed", "true")

    # F on the 22:30 screening: C ends at 02:20, nothing after it: it fits. Escape gives up.
    s2.focus()
    page.keyboard.press("f")
    ghost = page.get_by_test_id("plan-film-ghost")
    expect(ghost).to_contain_text(f"Fits: {C['title']} ends at 02:20")
    expect(live).to_contain_text(f"Give the screening of {A['title']}")
    expect(live).to_contain_text("Enter confirms, Escape gives up")
    page.keyboard.press("Escape")
    expect(ghost).to_have_count(0)
    expect(live).to_have_text("Film change abandoned")
    expect(c).to_have_attribute("aria-pressed", "true")  # still selected
    assert film_of(staff, f["s2"]) == A["id"].lower()

    # F again, Enter: changed; the selection is dropped, the block keeps the focus.
    page.keyboard.press("f")
    expect(ghost).to_contain_text("Fits")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text=f"{C['title']} now shows on").first).to_be_visible()
    api.eventually("the keyboard film change to reach the API", lambda: True if film_of(staff, f["s2"]) == C["id"].lower() else None, 10)
    expect(s2).to_have_accessible_name(re.compile(re.escape(C["title"]) + r", .* 22:30 to 02:20, Salle F, "))
    expect(s2).to_be_focused()
    expect(c).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_text("then F (or Enter) on a screening shows whether the film fits")).to_be_visible()  # documented
    expect(page.get_by_text("Drag a film from Films onto a screening")).to_be_visible()


def test_drag_a_film_with_a_finger(new_context, staff):
    f = film_fixture(staff)
    B, C = f["films"]["B"], f["films"]["C"]
    page = open_board(new_context, f, viewport=TALL, has_touch=True)
    s1 = page.locator(f'[data-screening-id="{f["s1"]}"]')
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, x: float, y: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": y, "id": 1, "radiusX": 4, "radiusY": 4, "force": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    b = find_film(page, B)
    tx, ty = centre(s1, 30)
    sx, sy = centre(b)
    touch("touchStart", sx, sy)
    for i in range(1, 13):
        touch("touchMove", sx + (tx - sx) * i / 12, sy + (ty - sy) * i / 12)
    expect(page.get_by_test_id("plan-film-drag")).to_have_text(B["title"])  # the chip follows the finger
    expect(page.get_by_test_id("plan-film-ghost")).to_contain_text(f"Fits: {B['title']} ends at 21:00")
    touch("touchEnd", tx, ty)
    expect(page.get_by_role("status").filter(has_text=f"{B['title']} now shows on").first).to_be_visible(timeout=15000)
    api.eventually("the touch film change to reach the API", lambda: True if film_of(staff, f["s1"]) == B["id"].lower() else None, 10)
    expect(s1).to_contain_text(B["title"])

    # Tap a film, then tap a screening: the same change without dragging (C is too long: refused).
    page.get_by_label("Find a film").fill("")
    chip(page, C).tap()
    expect(chip(page, C)).to_have_attribute("aria-pressed", "true")
    s1.tap()
    expect(page.get_by_role("alert").filter(has_text="Film change refused: Too long")).to_be_visible()
    assert film_of(staff, f["s1"]) == B["id"].lower()


def test_film_palette_on_a_dark_phone(new_context, staff):
    f = film_fixture(staff)
    page = open_board(new_context, f, scheme="dark", phone=True)
    strip = page.get_by_test_id("plan-films")
    expect(strip.locator(f'[data-film-id="{f["films"]["A"]["id"]}"]')).to_be_visible()
    page.get_by_label("Find a film").fill("swap")  # many films: the list scrolls within itself
    page.wait_for_timeout(800)
    strip.scroll_into_view_if_needed()
    screenshot(page, "staff-planning-films-phone-dark", full_page=False)
    checks.assert_no_overflow(page)
    box = strip.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    checks.assert_controls_named(page)
    checks.assert_contrast(page)
    # A selected film (the filled chip) in dark mode.
    strip.locator("[data-film-id]").first.tap()
    expect(strip.locator('[aria-pressed="true"]')).to_have_count(1)
    checks.assert_contrast(page)
    screenshot(page, "staff-planning-films-selected-phone-dark", full_page=False)


def test_film_palette_light_desktop_checks(new_context, staff):
    f = film_fixture(staff)
    page = open_board(new_context, f)
    strip = page.get_by_test_id("plan-films")
    strip.locator(f'[data-film-id="{f["films"]["C"]["id"]}"]').click()
    expect(strip.locator('[aria-pressed="true"]')).to_have_count(1)
    checks.assert_no_overflow(page)
    checks.assert_controls_named(page)
    checks.assert_contrast(page)
    screenshot(page, "staff-planning-films-light")
