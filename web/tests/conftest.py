"""Fixtures of the browser tests (pytest + Playwright for Python, Debian's Chromium).

- `browser`: one headless Chromium for the session (/usr/bin/chromium, or HS_CHROMIUM).
- `suite`: the running test suite (HS_TEST_GATEWAY_URL, default http://127.0.0.1:18080); tests
  that use it are skipped, with the reason, when the gateway does not answer or does not serve
  the web app at `/`.
- `staff`: the bootstrap super admin's API client; `screening`: a published film screened
  tomorrow evening in a new cinema and auditorium; `user`: a new account with a verified address.
- `new_context(scheme=, phone=)`: browser contexts (light or dark colour scheme, desktop
  1280×800 or phone 360×800 with touch); `page`: a page of a light desktop context, or of the
  context given by indirect parametrisation (`{"scheme": "dark", "phone": True}`).
  On failure every open page is screenshotted into the artefacts folder.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

import api

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("HS_BROWSER_ARTIFACTS", ROOT / ".run" / "artifacts" / "browser"))
CHROMIUM = os.environ.get("HS_CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 800}
TIMEOUT_MS = int(os.environ.get("HS_BROWSER_TIMEOUT_MS", "10000"))


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "page")


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    path = artifact(name + ".png")
    page.screenshot(path=str(path), full_page=full_page)
    return path


# Figures the tests measure (performance, live-seat delays, page checks), printed at the end of the
# run whatever the output capture: FIGURES["section"]["what"] = "value".
FIGURES: dict[str, dict[str, str]] = {}


def figure(section: str, what: str, value: str) -> None:
    FIGURES.setdefault(section, {})[what] = value


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    terminalreporter.section("figures")
    for section, values in FIGURES.items():
        terminalreporter.write_line(section)
        for what, value in values.items():
            terminalreporter.write_line(f"  {what}: {value}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    b = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
    yield b
    b.close()


@pytest.fixture(scope="session")
def base_url() -> str:
    return api.GATEWAY_URL


_suite_state: dict[str, str | None] = {}


@pytest.fixture(scope="session")
def suite(base_url: str) -> str:
    """The running suite, serving the web app at `/`; skips (with the reason) otherwise."""
    if "reason" not in _suite_state:
        reason = None
        if not api.reachable():
            reason = f"the test suite does not answer at {base_url} (start it with HS_MODE=test scripts/up)"
        else:
            home = api.http("GET", base_url + "/", headers={"Accept": "text/html"})
            if home.status != 200 or "<script" not in home.text:
                reason = (f"the gateway does not serve the web app at {base_url}/ "
                          f"(GET / answered {home.status}; build it with node web/build.mjs)")
        _suite_state["reason"] = reason
    if _suite_state["reason"]:
        if os.environ.get("HS_REQUIRE_INTEGRATION") == "1":
            pytest.fail(_suite_state["reason"], pytrace=False)
        pytest.skip(_suite_state["reason"])
    return base_url


@pytest.fixture(scope="session")
def staff(suite: str) -> api.Api:
    return api.admin()


@pytest.fixture
def screening(staff: api.Api) -> api.Screening:
    return api.new_screening(staff)


@dataclass
class User:
    email: str
    password: str
    client: api.Api


@pytest.fixture
def user(suite: str) -> User:
    """A new account (address not verified: booking does not need it, and it saves the ~5 s the
    welcome e-mail takes)."""
    email, password, client = api.new_user()
    return User(email, password, client)


@pytest.fixture
def verified_user(suite: str) -> User:
    email, password, client = api.verified_user()
    return User(email, password, client)


@pytest.fixture
def page_errors() -> list[str]:
    """Uncaught exceptions of every page of the test's contexts (filled by new_context)."""
    return []


@pytest.fixture
def new_context(browser: Browser, base_url: str, request: pytest.FixtureRequest,
                page_errors: list[str]) -> Iterator[Callable[..., BrowserContext]]:
    contexts: list[BrowserContext] = []

    def make(scheme: str = "light", phone: bool = False, **options: Any) -> BrowserContext:
        settings: dict[str, Any] = {
            "base_url": base_url, "color_scheme": scheme, "locale": "en-GB", "timezone_id": "Europe/Paris",
            "service_workers": "allow", "viewport": PHONE if phone else DESKTOP,
        }
        if phone:
            settings.update(device_scale_factor=2, is_mobile=True, has_touch=True)
        settings.update(options)
        context = browser.new_context(**settings)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", lambda p: p.on("pageerror", lambda e: page_errors.append(f"{p.url}: {e}")))
        contexts.append(context)
        return context

    yield make

    failed = any(getattr(request.node, f"rep_{when}", None) is not None and getattr(request.node, f"rep_{when}").failed
                 for when in ("setup", "call"))
    for i, context in enumerate(contexts):
        if failed:
            for j, p in enumerate(context.pages):
                try:
                    screenshot(p, f"FAILED-{request.node.name}-{i}-{j}")
                except Exception:  # a crashed page: nothing to keep
                    pass
        try:
            context.close()
        except Exception:
            pass


@pytest.fixture
def page(new_context: Callable[..., BrowserContext], request: pytest.FixtureRequest) -> Page:
    options = getattr(request, "param", None) or {}
    context = new_context(**options)
    return context.new_page()
