"""Browsing by screening: cinema, version (VF/VO/VOSTFR), time of day and wheelchair places, as
catalog's search answers them (one screening must meet them all), kept in the URL so that the back
button and a reload restore the filtered list."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

import api
import flows
from i18n import T


def open_screening_filters(page: Page) -> None:
    if not page.get_by_label(T("browse.cinema"), exact=True).is_visible():
        page.locator("summary", has_text=T("browse.screenings")).click()


def test_screening_filters(new_context, staff, page_errors) -> None:
    token = api.unique()
    # Morning (08:00 UTC is 9 or 10 a.m. in Paris) in VO, in an auditorium with a wheelchair place;
    # evening (18:00 UTC) in VOSTFR elsewhere, without one.
    morning = api.new_screening(staff, film=api.new_film(staff, title=f"Matin {token}"), hour=8, version="VO",
                                rows=[{"label": "A", "seats": 6, "kinds": {"1": "wheelchair", "2": "companion"}}])
    evening = api.new_screening(staff, film=api.new_film(staff, title=f"Soir {token}"), hour=18, version="VOSTFR")
    api.eventually("catalog's replica of both screenings", lambda: len(api.Api().expect(
        "GET", f"/api/catalog/films?q={token}&version=VO,VOSTFR&sort=title", status=200)["items"]) == 2 or None)

    page = new_context().new_page()
    flows.goto(page, f"/films?q={token}")
    early = page.get_by_role("link", name=morning.film_title, exact=True)
    late = page.get_by_role("link", name=evening.film_title, exact=True)
    expect(early).to_be_visible()
    expect(late).to_be_visible()

    open_screening_filters(page)
    page.get_by_label(T("browse.cinema"), exact=True).select_option(label=morning.cinema_name)
    page.wait_for_url(re.compile(rf"[?&]cinemaId={morning.cinema_id}"))
    expect(late).to_have_count(0)
    expect(early).to_be_visible()
    page.get_by_label(T("browse.timeOfDay"), exact=True).select_option("evening")
    page.wait_for_url(re.compile(r"[?&]timeOfDay=evening"))
    expect(page.get_by_text(T("browse.none"))).to_be_visible()
    page.go_back()
    page.wait_for_url(lambda url: "timeOfDay" not in url)
    expect(early).to_be_visible()

    page.get_by_label(T("browse.cinema"), exact=True).select_option("")
    page.get_by_label(T("browse.version"), exact=True).select_option("VOSTFR")
    page.wait_for_url(lambda url: "version=VOSTFR" in url and "cinemaId" not in url)
    expect(late).to_be_visible()
    expect(early).to_have_count(0)

    page.get_by_label(T("browse.version"), exact=True).select_option("")
    page.get_by_label(T("browse.wheelchair"), exact=True).check()
    page.wait_for_url(re.compile(r"[?&]accessibility=wheelchair"))
    expect(early).to_be_visible()
    expect(late).to_have_count(0)

    # A reload (or a shared link) restores the list and the controls.
    page.reload()
    flows.wait_ready(page)
    expect(page.get_by_label(T("browse.wheelchair"), exact=True)).to_be_checked()
    expect(early).to_be_visible()
    expect(late).to_have_count(0)
    assert not page_errors, page_errors
