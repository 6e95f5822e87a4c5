"""The staff area (issue 18): films (TMDB import, publish → moviegoer search, poster upload and its
srcset variants), operations (replay a parked message), price cards (edit, retire), screenshots of
each staff page in both themes, and a client account kept out (no staff chunk, the API refuses).

The staff area's words come from its own dictionary (web/src/staff/i18n.ts, English here)."""

from __future__ import annotations

import json
import os
import re
import socket
import struct
import subprocess
import sys
import time
import urllib.parse
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

import api
import flows
from staff_ui import staff_page, unnamed_controls
from conftest import ROOT, screenshot

TMDB_PORT = int(os.environ.get("HS_TMDB_FAKE_PORT", "18093"))
AMQP_MGMT_PORT = int(os.environ.get("HS_AMQP_MGMT_PORT", "13680"))


def png(width: int = 64, height: int = 96) -> bytes:
    """A small valid RGB PNG (a gradient), standard library only."""
    raw = b"".join(b"\x00" + b"".join(bytes((x * 4 % 256, y * 2 % 256, 128)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))




def draft_film(staff: api.Api, title: str | None = None) -> tuple[str, str]:
    return api.new_film(staff, title=title or f"Staff Draft {api.unique()}", status="draft")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def tmdb_standin():
    """The Python TMDB stand-in on the test mode's TMDB port, for this test only (the Swift tests
    start their own fake there; when something already listens, it is not ours to use)."""
    if port_open(TMDB_PORT):
        pytest.skip(f"something already listens on TMDB's test port {TMDB_PORT} (the Swift tests' fake?): "
                    "its catalogue is not the stand-in's")
    key_file = ROOT / ".run" / "test" / "secrets" / "db-tmdb"
    if not key_file.is_file():
        pytest.skip(f"no TMDB key of the test suite at {key_file} (catalog would be refused by the stand-in)")
    process = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "standins" / "tmdb.py"), "--port", str(TMDB_PORT),
                                "--api-key-file", str(key_file)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        api.eventually("the TMDB stand-in to listen", lambda: True if port_open(TMDB_PORT) else None, 10)
        yield TMDB_PORT
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()


def test_tmdb_import_in_two_clicks(new_context, staff, tmdb_standin):
    catalogue = json.loads((ROOT / "scripts" / "standins" / "tmdb-catalogue.json").read_text())
    movies = catalogue if isinstance(catalogue, list) else catalogue.get("movies") or catalogue.get("films") or list(catalogue.values())[0]
    # A film of the stand-in's catalogue this suite has not imported yet (a long-lived suite keeps its imports).
    choice = None
    for movie in movies:
        title = movie.get("title") or movie.get("original_title")
        reply = staff.get("/api/catalog/tmdb/search?" + urllib.parse.urlencode({"query": title}))
        if reply.status != 200:
            pytest.fail(f"TMDB search through catalog answered {reply.status}: {reply.text[:300]}")
        hit = next((h for h in reply.json.get("items", []) if h.get("tmdbId") == movie.get("id")), None)
        if hit and not hit.get("importedAs"):
            choice = hit
            break
    if not choice:
        pytest.skip("every film of the TMDB stand-in's catalogue is already imported in this suite")
    page = staff_page(new_context, "/staff/films")
    page.get_by_role("searchbox", name="Search TMDB").fill(choice["title"])
    page.get_by_role("button", name="Search", exact=True).click()                        # click 1
    page.get_by_role("button", name=f"Import {choice['title']}", exact=True).first.click()  # click 2
    page.wait_for_url(re.compile(r"/staff/films/[0-9a-fA-F-]{36}$"))
    expect(page.get_by_role("heading", level=2, name=re.compile(r"Status: Drafts"))).to_be_visible()
    film_id = page.url.rsplit("/", 1)[1]
    film = staff.expect("GET", f"/api/catalog/films/{film_id}")
    assert film["tmdbId"] == choice["tmdbId"] and film["status"] == "draft"
    # A hand edit is protected from re-syncs, and the page says so.
    page.get_by_label("Age rating").fill("12")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("list", name=re.compile("Fields protected by local edits"))).to_contain_text("certification")
    page.get_by_role("button", name="Re-sync from TMDB", exact=True).click()
    expect(page.get_by_text("Re-synced from TMDB").first).to_be_visible()
    assert staff.expect("GET", f"/api/catalog/films/{film_id}").get("certification") == "12"


def test_publish_a_draft_in_the_ui_then_moviegoers_find_it(new_context, staff):
    token = api.unique("Pub")
    film_id, title = draft_film(staff, f"Staff Publish {token}")
    page = staff_page(new_context, "/staff/films")
    page.get_by_role("searchbox", name="Search films").fill(token)
    page.get_by_role("link", name=f"Edit {title}").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_role("heading", level=2, name="Status: Published")).to_be_visible()
    assert staff.expect("GET", f"/api/catalog/films/{film_id}")["status"] == "published"
    # The moviegoer search (anonymous) finds it.
    visitor = new_context().new_page()
    visitor.goto(f"/films?q={token}")
    expect(visitor.get_by_text(title).first).to_be_visible(timeout=15000)


def test_poster_upload_shows_progress_and_variants(new_context, staff, tmp_path: Path):
    film_id, title = draft_film(staff)
    image = tmp_path / "poster.png"
    image.write_bytes(png(400, 600))
    page = staff_page(new_context, f"/staff/films/{film_id}")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.method} {r.url}"))
    page.get_by_label(re.compile(r"^Upload a poster")).set_input_files(str(image))
    variants = page.get_by_role("list", name="Poster variants")
    expect(variants.get_by_role("link")).not_to_have_count(0, timeout=30000)
    assert any(r.startswith("PUT ") and r.endswith(f"/films/{film_id}/images/poster") for r in requests), requests
    film = staff.expect("GET", f"/api/catalog/films/{film_id}")
    assert film["images"]["poster"] and film["images"].get("posterWebp"), film.get("images")
    links = variants.get_by_role("link")
    assert links.count() >= 2
    # Every variant is served, with its type.
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        reply = api.http("GET", api.GATEWAY_URL + href, headers={"Accept": "*/*"})
        assert reply.status == 200 and reply.headers.get("Content-Type", "").startswith("image/"), (href, reply.status)
    img = page.get_by_role("img", name=re.compile(r"^Poster — "))
    assert img.get_attribute("srcset")
    expect(img).to_have_js_property("complete", True)


def park_a_message(staff: api.Api) -> str:
    marker = f"parked-{api.unique()}"
    body = {"properties": {"message_id": marker, "type": "catalog.film.published"}, "routing_key": "scheduling.events",
            "payload": "{" + marker, "payload_encoding": "string"}
    import base64
    auth = "Basic " + base64.b64encode(b"guest:guest").decode()
    try:
        reply = api.http("POST", f"http://127.0.0.1:{AMQP_MGMT_PORT}/api/exchanges/%2F/amq.default/publish", body,
                         headers={"Authorization": auth})
    except OSError as error:
        pytest.skip(f"RabbitMQ's management API does not answer on {AMQP_MGMT_PORT} ({error}): cannot park a message")
    if reply.status != 200 or not reply.json.get("routed"):
        pytest.skip(f"could not publish to scheduling.events through RabbitMQ's management API ({reply.status} {reply.text[:200]})")

    def row():
        items = staff.expect("GET", "/api/scheduling/parked-messages?status=parked&limit=100").get("items", [])
        return next((m for m in items if marker in (m.get("body") or "")), None)

    return api.eventually("the message to be parked by scheduling", row, 60)["id"]


def test_replay_a_parked_message(new_context, staff):
    parked_id = park_a_message(staff)
    page = staff_page(new_context, "/staff/operations")
    page.get_by_label("Service").select_option("scheduling")
    item = page.locator(f"[data-message-id='{parked_id}']")
    expect(item).to_contain_text("malformed")
    item.get_by_role("button", name="Replay catalog.film.published").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Replay this message to scheduling?")
    dialog.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Message replayed").first).to_be_visible()
    row = next(m for m in staff.expect("GET", "/api/scheduling/parked-messages?limit=100")["items"] if m["id"] == parked_id)
    assert row["status"] == "replayed" and row.get("replayedBy"), row


def test_price_card_edit_and_retire(new_context, staff):
    cinema = staff.expect("POST", "/api/scheduling/cinemas", {"name": f"Cinema {api.unique()}", "city": "Lyon"}, 201)
    cards = f"/api/scheduling/cinemas/{cinema['id']}/price-cards"
    card = staff.expect("POST", cards, {"name": "Standard", "rules": [{"audience": "adult", "amount": 1000}]}, 201)
    page = staff_page(new_context, f"/staff/prices?cinema={cinema['id']}")
    item = page.locator(f"[data-card-id='{card['id']}']")
    expect(item).to_contain_text("10.00")
    item.get_by_role("button", name="Edit Standard").click()
    item.get_by_label("Name").fill("Standard 2")
    item.get_by_label("Rules (JSON)").fill(json.dumps([{"audience": "adult", "amount": 1250}, {"audience": "child", "amount": 800}]))
    item.get_by_role("button", name="Save").click()
    expect(item).to_contain_text("12.50")
    assert {r["amount"] for r in staff.expect("GET", cards)["items"][0]["rules"]} == {1250, 800}
    item.get_by_role("button", name="Retire Standard 2").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("No price card for this cinema.")).to_be_visible()
    assert staff.expect("GET", cards)["items"] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_staff_pages_in_both_themes(new_context, staff, scheme):
    film_id, _ = draft_film(staff)
    cinema = staff.expect("POST", "/api/scheduling/cinemas", {"name": f"Cinema {api.unique()}", "city": "Lyon"}, 201)
    staff.expect("POST", f"/api/scheduling/cinemas/{cinema['id']}/price-cards",
                 {"name": "Standard", "rules": [{"audience": "adult", "amount": 1000}, {"audience": "child", "amount": 700}]}, 201)
    page = staff_page(new_context, "/staff", scheme=scheme)
    pages = {"home": "/staff", "films": "/staff/films", "film": f"/staff/films/{film_id}",
             "categories": "/staff/films/categories", "planning": f"/staff/planning?cinema={cinema['id']}",
             "auditoriums": "/staff/auditoriums", "prices": f"/staff/prices?cinema={cinema['id']}",
             "payments": "/staff/payments", "promos": "/staff/promos", "users": "/staff/users",
             "templates": "/staff/templates", "alerts": "/staff/alerts", "operations": "/staff/operations"}
    for name, path in pages.items():
        flows.goto(page, path)
        nav = page.get_by_role("navigation", name="Back office")
        expect(nav.get_by_role("link")).to_have_count(11)  # home, films, planning, auditoriums, prices, payments, promos, users, templates, alerts, operations
        page.wait_for_timeout(300)  # not networkidle: the live notification feed stays open
        screenshot(page, f"staff-{name}-{scheme}")
        # Every control has an accessible name.
        unnamed = unnamed_controls(page)
        assert unnamed == [], (path, unnamed)
    phone = staff_page(new_context, "/staff/films", scheme=scheme, phone=True)
    screenshot(phone, f"staff-films-phone-{scheme}")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_client_cannot_open_the_staff_area(new_context, user):
    page = new_context().new_page()
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    flows.sign_in(page, user.email, user.password, next_path="/staff/films")
    expect(page.get_by_role("heading", name="Staff only")).to_be_visible()
    page.wait_for_timeout(1500)  # time for a lazy chunk to be asked for (not networkidle: the live feed stays open)
    assert not [u for u in scripts if "StaffApp" in u or "DashChart" in u], scripts
    assert user.client.get("/api/catalog/films?status=draft").status in (401, 403)
    assert user.client.get("/api/scheduling/parked-messages").status == 403
    assert user.client.post("/api/catalog/tmdb/imports", {"tmdbId": 1}).status == 403
