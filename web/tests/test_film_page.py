"""The film page's showtimes: remaining seats come with the screenings (issue 17, API gap 1), so the
page reads no seat map."""

from __future__ import annotations

import re

from playwright.sync_api import expect

import api
import flows
from i18n import R, T


def test_showtime_shows_seats_left_without_reading_seat_maps(new_context, staff):
    screening = api.new_screening(staff)
    _, _, user = api.new_user()
    api.hold(user, screening.id, screening.seat_ids[:2])
    listed = api.Api().expect("GET", f"/api/scheduling/screenings/{screening.id}", status=200)
    assert listed["seatsFree"] == listed["capacity"] - 2, listed

    page = new_context().new_page()
    seat_maps: list[str] = []
    page.on("request", lambda r: seat_maps.append(r.url) if re.search(r"/screenings/[^/]+/seats", r.url) else None)
    flows.goto(page, f"/films/{screening.film_id}")
    showtime = page.get_by_role("link", name=R("film.showtimeLabel"))
    expect(showtime).to_have_count(1)
    expect(showtime).to_contain_text(T("film.seatsLeft", count=listed["seatsFree"]))
    assert seat_maps == [], seat_maps
