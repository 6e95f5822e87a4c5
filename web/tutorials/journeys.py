"""The walkthroughs: what a moviegoer and a member of staff do, step by step, each step with the
caption the video shows. Controls are found as the browser tests find them (web/tests/flows.py,
by role and by the names the app gives them in web/src/i18n/en.ts); fixtures come through the
gateway's API (web/tests/api.py).

What they use: against the dev suite (`make run`), the demo cinema "Homestudio Lyon Part-Dieu"
(or the cinema named by HS_TUTORIALS_CINEMA) and a film of the home page with a screening there,
so the videos show the demo data; on a suite without it (the test suite), a film, cinema and
screening of their own, made through the API. Each run adds what
a person doing the same would: a new moviegoer account and its booking of two seats, and one
screening in the next week's planning.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

import api
import flows
from i18n import T
from recorder import Walkthrough

# The cinema whose screenings the walkthroughs use when it exists: the demo data of `make run`.
DEMO_CINEMA = os.environ.get("HS_TUTORIALS_CINEMA", "Homestudio Lyon Part-Dieu")


@dataclass
class Showing:
    film_id: str
    title: str
    screening_id: str
    cinema_id: str
    seats: list[tuple[str, int]]
    on_home: bool  # in the home page's "this week" list (the demo data), else found by searching


def free_pair(seats: list[dict]) -> list[tuple[str, int]] | None:
    """Two free standard seats side by side, near the middle of the room, whose choice leaves no
    single free seat between two taken ones (the cinema's orphan rule, web/src/lib/seatGrid.ts)."""
    rows: dict[int, list[dict]] = {}
    for s in seats:
        rows.setdefault(int(s.get("rowIndex", 0)), []).append(s)
    middle = (max(rows) + min(rows)) / 2 if rows else 0

    def taken(s: dict, chosen: set[str]) -> bool:
        return s["state"] != "free" or s["kind"] == "blocked" or s["id"] in chosen

    for index in sorted(rows, key=lambda r: (abs(r - middle), r)):
        row = sorted(rows[index], key=lambda s: s["columnIndex"])
        centre = (row[0]["columnIndex"] + row[-1]["columnIndex"]) / 2
        candidates = [i for i in range(len(row) - 1) if row[i + 1]["columnIndex"] == row[i]["columnIndex"] + 1]
        for i in sorted(candidates, key=lambda i: abs(row[i]["columnIndex"] + 0.5 - centre)):
            a, b = row[i], row[i + 1]
            if any(s["state"] != "free" or s["kind"] != "standard" for s in (a, b)):
                continue
            chosen = {a["id"], b["id"]}
            orphan = False
            for j in range(1, len(row) - 1):
                left, seat, right = row[j - 1], row[j], row[j + 1]
                if taken(seat, chosen):
                    continue
                adjacent = left["columnIndex"] == seat["columnIndex"] - 1 and right["columnIndex"] == seat["columnIndex"] + 1
                if adjacent and taken(left, chosen) and taken(right, chosen) and (left["id"] in chosen or right["id"] in chosen):
                    orphan = True
            if not orphan:
                return [(str(a["row"]), int(a["number"])), (str(b["row"]), int(b["number"]))]
    return None


def demo_cinema() -> dict | None:
    cinemas = api.Api().expect("GET", "/api/scheduling/cinemas?limit=100", status=200).get("items", [])
    return next((c for c in cinemas if c.get("name") == DEMO_CINEMA), None)


def demo_showing() -> Showing | None:
    """A demo film of the home page (this week's films, most popular first) with a screening at
    the demo cinema at least two hours away and two seats side by side free."""
    cinema = demo_cinema()
    if cinema is None:
        return None
    anonymous = api.Api()
    today = dt.date.today()
    films = anonymous.expect("GET", f"/api/catalog/films?showingFrom={today}&showingTo={today + dt.timedelta(days=6)}"
                                    "&sort=popularity&limit=24", status=200).get("items", [])
    soon = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2)
    for film in films:
        screenings = anonymous.expect("GET", f"/api/scheduling/screenings?filmId={film['id']}&limit=100", status=200).get("items", [])
        for s in sorted(screenings, key=lambda s: s["startsAt"]):
            starts = dt.datetime.fromisoformat(s["startsAt"].replace("Z", "+00:00"))
            if s.get("status") != "scheduled" or s.get("cinemaId") != cinema["id"] or starts < soon:
                continue
            seats = anonymous.expect("GET", f"/api/scheduling/screenings/{s['id']}/seats", status=200).get("items", [])
            pair = free_pair(seats)
            if pair:
                return Showing(film["id"], film["title"], s["id"], cinema["id"], pair, on_home=True)
    return None


def own_showing(staff: api.Api) -> Showing:
    """A film, cinema, auditorium and screening tomorrow evening of the walkthrough's own."""
    film = api.new_film(staff, title=f"The Last Reel {api.unique()}")
    screening = api.new_screening(staff, film=film)
    pair = free_pair(screening.seats)
    assert pair, "the new screening has no two free seats side by side"
    return Showing(screening.film_id, screening.film_title, screening.id, screening.cinema_id, pair, on_home=False)


def showing(staff: api.Api, own: bool = False) -> Showing:
    return (None if own else demo_showing()) or own_showing(staff)


def open_film(w: Walkthrough, show: Showing) -> None:
    """From the home page to the film's page: its card in "This week", or the Films search."""
    page = w.page
    card = page.locator(f'main a.film-card-link[href="/films/{show.film_id}"]')
    if show.on_home and card.count() > 0:
        w.step(f"Choose a film: “{show.title}”.")
        w.point_at(card.first).click()
    else:
        w.step(f"Find a film: the Films page, search “{show.title}”.")
        w.point_at(page.get_by_role("navigation", name=T("nav.main")).get_by_role("link", name=T("nav.films"), exact=True)).click()
        search = page.get_by_role("searchbox", name=T("browse.search"))
        w.point_at(search)
        search.fill(show.title)
        search.press("Enter")
        link = page.get_by_role("main").get_by_role("link", name=show.title, exact=True)
        expect(link).to_be_visible()
        w.linger(0.5)
        w.point_at(link).click()
    page.wait_for_url(re.compile(rf"/films/{re.escape(show.film_id)}(#.*)?$"))
    expect(page.get_by_role("heading", level=1, name=show.title)).to_be_visible()


def sign_in_state(browser: Browser, base_url: str, email: str, password: str) -> dict:
    """The cookies of a signed-in session (hs_refresh), made in a context that is not recorded."""
    context = browser.new_context(base_url=base_url)
    try:
        page = context.new_page()
        flows.sign_in(page, email, password)
        return context.storage_state()
    finally:
        context.close()


def moviegoer(w: Walkthrough, show: Showing) -> None:
    """Home → film → seats → checkout with tok_visa → tickets (the page is signed in already)."""
    page = w.page
    w.step("Homestudio's home page: the films showing this week, signed in as a moviegoer.")
    flows.goto(page, "/")
    w.linger(1.5)

    open_film(w, show)
    w.step("The film's page: synopsis, details, and its showtimes with the seats left.")
    w.linger(0.8)
    showtime = page.locator(f'main a[href="/screenings/{show.screening_id}/seats"]')
    w.point_at(showtime)
    w.linger(0.8)

    w.step("Pick a showtime: the seat map opens, live (seats others take change at once).")
    showtime.click()
    expect(page.get_by_role("heading", name=T("seats.heading"), exact=True)).to_be_visible()
    expect(page.locator(flows.FREE_SEAT).first).to_be_visible()
    w.linger(1.2)

    (r1, n1), (r2, n2) = show.seats
    w.step(f"Tap two seats side by side: row {r1}, seats {n1} and {n2}.")
    for row, number in show.seats:
        w.point_at(flows.seat(page, row, number)).click()
        expect(flows.seat(page, row, number)).to_have_attribute("aria-pressed", "true")
    w.linger(1.0)

    w.step("Hold them and pay: they are yours for 10 minutes while you pay.")
    hold = flows.hold_button(page)
    expect(hold).to_have_accessible_name(T("seats.hold", count=2))
    w.point_at(hold).click()
    page.wait_for_url(re.compile(r"/checkout/[0-9A-Fa-f-]{36}$"))
    expect(page.get_by_role("heading", name=T("checkout.title"), exact=True)).to_be_visible()
    booking_id = page.url.rsplit("/", 1)[1]
    w.linger(1.5)

    w.step("Checkout: choose the test card tok_visa (a demonstration cinema: nobody is charged), then Pay.")
    card = page.get_by_label(T("checkout.method.visa"), exact=True)
    w.point_at(card).check()
    w.linger(0.5)
    w.point_at(page.get_by_role("button", name=T("checkout.pay"), exact=True)).click()

    page.wait_for_url(re.compile(rf"/bookings/{booking_id}\?paid=1$"), timeout=45000)
    w.step("Booking confirmed: the tickets and their QR codes; the e-ticket is on its way by e-mail.")
    expect(page.get_by_role("heading", level=1, name=T("booking.confirmedTitle"))).to_be_visible()
    codes = flows.qr_codes(page)
    expect(codes).to_have_count(2)
    w.linger(1.0)
    codes.first.scroll_into_view_if_needed()
    w.linger(2.0)


def next_week_slot(staff: api.Api, cinema: dict, film_id: str) -> tuple[str, str, str, str]:
    """A free slot next week in the cinema's first auditorium (the scheduling API's dry-run check):
    (auditorium id, local date, local time, Monday of that week)."""
    tz = ZoneInfo(cinema.get("timezone") or "Europe/Paris")
    today = dt.datetime.now(tz).date()
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)
    auditorium = cinema["auditoriums"][0]["id"]
    for day in range(7):
        date = monday + dt.timedelta(days=day)
        for hour, minute in ((20, 30), (17, 45), (14, 0), (22, 15), (11, 0)):
            local = dt.datetime(date.year, date.month, date.day, hour, minute, tzinfo=tz)
            starts = local.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            check = staff.expect("POST", "/api/scheduling/screenings/check",
                                 {"filmId": film_id, "auditoriumId": auditorium, "startsAt": starts}, status=200)
            if not check.get("conflicts"):
                return auditorium, date.isoformat(), f"{hour:02d}:{minute:02d}", monday.isoformat()
    raise api.ApiError(f"no free slot next week in the first auditorium of {cinema.get('name')}")


def planning_film(preferred: str | None) -> dict:
    """A film the planning dialog offers (its list: the first 100 published films)."""
    films = api.Api().expect("GET", "/api/catalog/films?status=published&limit=100", status=200).get("items", [])
    if not films:
        raise api.ApiError("no published film to schedule")
    return next((f for f in films if preferred and f["id"].lower() == preferred.lower()), films[0])


def staff(w: Walkthrough, staff_api: api.Api, cinema_id: str, preferred_film: str | None) -> None:
    """Sign in as the super admin → planning → a new screening → the dashboard."""
    page = w.page
    cinema = next(c for c in api.Api().expect("GET", "/api/scheduling/cinemas?limit=100", status=200)["items"]
                  if c["id"] == cinema_id)
    film = planning_film(preferred_film)
    auditorium, date, time, _ = next_week_slot(staff_api, cinema, film["id"])

    w.step("Staff sign in with their own account: here the super admin of the local suite.")
    flows.goto(page, "/signin")
    email = page.get_by_label(T("account.email"), exact=True)
    w.point_at(email).press_sequentially(api.ADMIN_EMAIL, delay=25 if w.pace else 0)
    page.get_by_label(T("account.password"), exact=True).fill(api.ADMIN_PASSWORD)
    w.point_at(page.get_by_role("button", name=T("signin.submit"), exact=True)).click()
    back_office = page.get_by_role("link", name=T("nav.staff"), exact=True)
    expect(back_office).to_be_visible()

    w.step("The header's Back office link (shown to staff only) opens the back office.")
    w.point_at(back_office).click()
    page.wait_for_url(re.compile(r"/staff/?(\?.*)?$"))
    flows.wait_ready(page)
    w.linger(1.0)

    w.step(f"Planning: a week of “{cinema['name']}”, one lane per auditorium; go to next week.")
    w.point_at(page.get_by_role("link", name="Planning", exact=True)).click()
    page.wait_for_url(re.compile(r"/staff/planning"))
    expect(page.get_by_role("heading", level=1, name="Planning")).to_be_visible()
    chooser = page.locator("#plan-cinema")
    if chooser.input_value() != cinema_id:
        w.point_at(chooser).select_option(cinema_id)
    w.point_at(page.get_by_role("button", name="Next week", exact=True)).click()
    expect(page.locator('div[role="region"][aria-label^="Planning board, week of"]')).to_be_visible()
    w.linger(1.0)

    w.step("New screening: the film, the day, the time and the auditorium; the overlap check runs as you type.")
    w.point_at(page.get_by_role("button", name="New screening", exact=True)).click()
    dialog = page.get_by_role("dialog", name="New screening")
    expect(dialog).to_be_visible()
    w.point_at(dialog.get_by_label("Film", exact=True)).select_option(film["id"])
    w.point_at(dialog.get_by_label("Date", exact=True)).fill(date)
    w.point_at(dialog.get_by_label("Start time", exact=True)).fill(time)
    w.point_at(dialog.get_by_label("Auditorium", exact=True)).select_option(auditorium)
    expect(dialog.get_by_role("status").filter(has_text=re.compile(r"^Free: "))).to_be_visible()
    w.linger(1.2)

    w.step(f"Schedule: “{film['title']}” is on the board at {time}, and on sale at once.")
    w.point_at(dialog.get_by_role("button", name="Schedule", exact=True)).click()
    expect(page.get_by_role("status").filter(has_text="Screening scheduled").first).to_be_visible()
    expect(dialog).to_have_count(0)
    block = page.locator("[data-screening-id]").filter(has_text=film["title"]).filter(has_text=time)
    if block.count() > 0:
        w.point_at(block.first)
    w.linger(1.5)

    w.step("Overview: the dashboard — revenue, tickets sold, fill rates — by period and cinema.")
    w.point_at(page.get_by_role("link", name="Overview", exact=True)).click()
    page.wait_for_url(re.compile(r"/staff/?(\?.*)?$"))
    expect(page.get_by_role("list", name="KPI cards")).to_be_visible()
    flows.wait_ready(page)
    w.linger(1.2)
    page.mouse.wheel(0, 360)  # down to the charts
    w.linger(1.5)


def smoke(w: Walkthrough, show: Showing) -> None:
    """Three steps, anonymous and without pauses: home → a film's page → its seat map."""
    page = w.page
    w.step("The home page.")
    flows.goto(page, "/")
    w.step("A film's page.")
    page.goto(f"/films/{show.film_id}")
    expect(page.get_by_role("heading", level=1, name=show.title)).to_be_visible()
    w.step("Its seat map.")
    page.locator(f'main a[href="/screenings/{show.screening_id}/seats"]').click()
    expect(page.get_by_role("heading", name=T("seats.heading"), exact=True)).to_be_visible()
    expect(page.locator(flows.FREE_SEAT).first).to_be_visible()
    page.wait_for_timeout(500)

