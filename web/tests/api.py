"""The gateway API and the mail catcher, as the browser tests' fixtures use them.

Mirrors Tests/TestSupport/Fixtures.swift: everything is built through the gateway's public API,
as a real client would (the bootstrap super admin plans, a fresh account books).
Standard library only (urllib), so that the harness needs nothing but pytest and playwright.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

GATEWAY_URL = os.environ.get("HS_TEST_GATEWAY_URL", "http://127.0.0.1:18080").rstrip("/")
MAIL_URL = os.environ.get(
    "HS_TEST_MAIL_URL", f"http://127.0.0.1:{os.environ.get('HS_MAIL_HTTP_PORT', '18025')}"
).rstrip("/")
ADMIN_EMAIL = "admin@homestudio.local"
ADMIN_PASSWORD = os.environ.get("HS_ADMIN_PASSWORD", "homestudio-admin")
USER_PASSWORD = "correct horse battery staple"

T = TypeVar("T")


class ApiError(AssertionError):
    pass


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def json(self) -> Any:
        try:
            return json.loads(self.text) if self.text else {}
        except ValueError:
            return {}


def eventually(what: str, fn: Callable[[], T | None], timeout: float = 30.0, every: float = 0.25) -> T:
    """Calls fn until it returns something other than None (or timeout: ApiError naming `what`)."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while True:
        try:
            value = fn()
            if value is not None:
                return value
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:  # the suite is busy
            last = error
        if time.monotonic() > deadline:
            raise ApiError(f"timed out after {timeout:.0f} s waiting for {what}" + (f" (last error: {last})" if last else ""))
        time.sleep(every)


def http(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None, timeout: float = 20) -> Reply:
    data = None
    hdrs = {"Accept": "application/json"}
    if body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    hdrs.update(headers or {})
    request = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Reply(response.status, dict(response.headers.items()), response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        return Reply(error.code, dict(error.headers.items()), error.read().decode("utf-8", "replace"))


def reachable(url: str = GATEWAY_URL, path: str = "/api/catalog/films?limit=1") -> bool:
    try:
        return http("GET", url + path, timeout=5).status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


class Api:
    """A client of the gateway, anonymous or with a bearer token."""

    def __init__(self, token: str | None = None, base: str = GATEWAY_URL) -> None:
        self.token = token
        self.base = base

    def send(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Reply:
        hdrs = dict(headers or {})
        if self.token:
            hdrs["Authorization"] = f"Bearer {self.token}"
        return http(method, self.base + path, body, hdrs)

    def get(self, path: str, **kw: Any) -> Reply:
        return self.send("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return self.send("POST", path, body, **kw)

    def expect(self, method: str, path: str, body: Any = None, status: int | tuple[int, ...] = (200, 201, 202, 204)) -> Any:
        reply = self.send(method, path, body)
        wanted = (status,) if isinstance(status, int) else status
        if reply.status not in wanted:
            raise ApiError(f"{method} {path} answered {reply.status}: {reply.text[:400]}")
        return reply.json


def login(email: str, password: str) -> Api:
    reply = http("POST", GATEWAY_URL + "/api/auth/login", {"email": email, "password": password})
    token = reply.json.get("accessToken") if reply.status == 200 else None
    if not token:
        raise ApiError(f"login of {email} failed: {reply.status} {reply.text[:300]}")
    return Api(token)


def admin() -> Api:
    return login(ADMIN_EMAIL, ADMIN_PASSWORD)


def unique(prefix: str = "") -> str:
    return prefix + uuid.uuid4().hex[:8]


# --- mail catcher --------------------------------------------------------------------------------

def messages(to: str) -> list[dict]:
    reply = http("GET", MAIL_URL + "/api/messages?" + urllib.parse.urlencode({"to": to}))
    if reply.status != 200:
        raise ApiError(f"mail catcher answered {reply.status}")
    return reply.json.get("items", [])


def wait_for_mail(to: str, match: Callable[[dict], bool] = lambda m: True, timeout: float = 30.0) -> dict:
    return eventually(f"an e-mail to {to}", lambda: next((m for m in messages(to) if match(m)), None), timeout)


VERIFY_LINK = re.compile(r"https?://[^\s\"'<>]*verify-email\?token=[A-Za-z0-9_-]+")


def verification_link(email: str, timeout: float = 30.0) -> str:
    """The link of the welcome e-mail (NOTIFICATIONS_WEB_URL/verify-email?token=…)."""
    def find() -> str | None:
        for message in messages(email):
            found = VERIFY_LINK.search((message.get("text") or "") + (message.get("html") or ""))
            if found:
                return found.group(0).replace("&amp;", "&")
        return None
    return eventually(f"the verification e-mail to {email}", find, timeout)


# --- accounts ------------------------------------------------------------------------------------

def register(email: str | None = None, password: str = USER_PASSWORD, name: str = "Test User", language: str = "en") -> str:
    email = email or f"browser-{unique()}@example.com"
    reply = http("POST", GATEWAY_URL + "/api/auth/register",
                 {"email": email, "password": password, "displayName": name, "language": language})
    if reply.status != 202:
        raise ApiError(f"register failed: {reply.status} {reply.text[:300]}")
    return email


def new_user(language: str = "en") -> tuple[str, str, Api]:
    """A new account, not verified (booking does not need it): e-mail, password, client."""
    email = register(language=language)
    return email, USER_PASSWORD, login(email, USER_PASSWORD)


def verified_user(language: str = "en") -> tuple[str, str, Api]:
    """A new account whose address is verified (by the welcome e-mail's token): e-mail, password, client."""
    email = register(language=language)
    token = verification_link(email).split("token=", 1)[1]
    reply = http("POST", GATEWAY_URL + "/api/auth/verify-email", {"token": token})
    if reply.status != 204:
        raise ApiError(f"verify-email answered {reply.status}: {reply.text[:300]}")
    return email, USER_PASSWORD, login(email, USER_PASSWORD)


# --- catalogue and planning ----------------------------------------------------------------------

DEFAULT_ROWS = [
    {"label": "A", "seats": 8, "gapsAfter": [4]},
    {"label": "B", "seats": 8},
    {"label": "C", "seats": 8},
    {"label": "D", "seats": 8},
]


@dataclass
class Screening:
    id: str
    film_id: str
    film_title: str
    cinema_id: str
    cinema_name: str
    auditorium_id: str
    seat_ids: list[str]
    starts_at: str
    seats: list[dict]

    def seat(self, row: str, number: int) -> dict:
        for seat in self.seats:
            if str(seat.get("row")) == row and int(seat.get("number", -1)) == number:
                return seat
        raise KeyError(f"no seat {row}{number}")


def new_film(staff: Api, title: str | None = None, **fields: Any) -> tuple[str, str]:
    title = title or f"Browser Film {unique()}"
    body = {
        "title": title, "runtimeMinutes": 100, "status": "published",
        "synopsis": "A test film for the browser tests: a projectionist finds a reel nobody has seen.",
        "genres": ["Drame"], "audioLanguages": ["fr"], "subtitleLanguages": ["en"], "formats": ["2D"],
    }
    body.update(fields)
    film = staff.expect("POST", "/api/catalog/films", body, 201)
    return film["id"], title


def tomorrow_evening(days: int = 1, hour: int = 19) -> str:
    day = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_screening(staff: Api, *, film: tuple[str, str] | None = None, rows: list[dict] | None = None,
                  days: int = 1, hour: int = 18, price: int = 1150, version: str = "VF") -> Screening:
    """A published film (or the one given) in a new cinema and auditorium, screened tomorrow evening."""
    film_id, title = film or new_film(staff)
    cinema_name = f"Cinema {unique()}"
    cinema = staff.expect("POST", "/api/scheduling/cinemas", {"name": cinema_name, "city": "Lyon"}, 201)
    auditorium = staff.expect("POST", f"/api/scheduling/cinemas/{cinema['id']}/auditoriums",
                              {"name": "Salle 1", "rows": rows or DEFAULT_ROWS}, 201)
    starts = tomorrow_evening(days, hour)

    def plan() -> str | None:
        reply = staff.post("/api/scheduling/screenings", {"filmId": film_id, "auditoriumId": auditorium["id"],
                                                          "startsAt": starts, "priceAmount": price, "currency": "EUR",
                                                          "version": version})
        if reply.status == 422 and "film" in reply.text.lower():
            return None  # catalog.film.published has not reached scheduling yet
        if reply.status != 201:
            raise ApiError(f"screening creation failed: {reply.status} {reply.text[:300]}")
        return reply.json["id"]

    screening_id = eventually(f"scheduling to know film {film_id}", plan, 60)
    seats = Api().expect("GET", f"/api/scheduling/screenings/{screening_id}/seats", status=200).get("items", [])
    return Screening(screening_id, film_id, title, cinema["id"], cinema_name, auditorium["id"],
                     [s["id"] for s in seats], starts, seats)


def seat_states(screening_id: str) -> dict[str, str]:
    items = Api().expect("GET", f"/api/scheduling/screenings/{screening_id}/seats", status=200).get("items", [])
    return {s["id"]: s.get("state", "") for s in items}


def hold(user: Api, screening_id: str, seat_ids: list[str]) -> str:
    return user.expect("POST", f"/api/scheduling/screenings/{screening_id}/holds", {"seatIds": seat_ids}, 201)["id"]


def checkout(user: Api, booking: str, method: str = "tok_visa") -> Reply:
    key = str(uuid.uuid4())

    def attempt() -> Reply | None:
        reply = user.post("/api/payments/checkouts",
                          {"bookingId": booking, "paymentMethod": method, "provider": "simulated"},
                          headers={"Idempotency-Key": key})
        return None if reply.status == 409 and reply.json.get("code") == "booking-not-ready" else reply
    return eventually(f"payments to know booking {booking}", attempt, 60)


def booking(user: Api, booking_id: str) -> dict:
    return user.expect("GET", f"/api/scheduling/bookings/{booking_id}", status=200)


def wait_for_booking(user: Api, booking_id: str, status: str, timeout: float = 60) -> dict:
    return eventually(f"booking {booking_id} to be {status}",
                      lambda: (lambda b: b if b.get("status") == status else None)(booking(user, booking_id)), timeout)
