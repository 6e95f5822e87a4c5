"""The signing keys panel of /staff/operations (auth's keys:manage, super admins only): the admin
sees the keys, rotates (a pending key appears), then withdraws that PENDING key by keyboard through
the confirmation dialog; the API then lists it as retired and the JWKS no longer has it. Other
accounts get no panel and the API refuses them (403). Screenshots in light and dark and on a phone,
with the accessible-name check. Words from web/src/staff/operations/i18n.ts (English).

Never withdraw the ACTIVE key here: every other test of the shared suite holds tokens it signed.
A pending key signs AUTH_KEY_PREPUBLISH_SECONDS (12 s in the test mode) after the rotation, so the
test starts when no key is pending (its own rotation then has the whole delay) and checks through
the API, just before confirming, that its key is still pending with seconds to spare."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from playwright.sync_api import expect

import api
import flows
from staff_ui import look, staff_page
from conftest import screenshot
from i18n import T

KEYS = "/api/auth/signing-keys"
SPARE_SECONDS = 3.0  # the pending key must still be this far from signing when the withdrawal is confirmed






def seconds_until(iso: str) -> float:
    return (dt.datetime.fromisoformat(iso.replace("Z", "+00:00")) - dt.datetime.now(dt.timezone.utc)).total_seconds()


def keys(staff: api.Api) -> list[dict]:
    return staff.expect("GET", KEYS)["items"]


def no_key_pending(staff: api.Api) -> None:
    """Waits until no key is pending (someone else's rotation signs by itself after the delay), so
    that the test's rotation creates a key with the whole pre-publication delay ahead of it."""
    deadline = time.monotonic() + 150
    while True:
        pending = [k for k in keys(staff) if k["status"] == "pending"]
        if not pending:
            return
        if time.monotonic() > deadline:
            pytest.skip(f"a signing key stays pending ({pending[0]['kid']}, signs at {pending[0]['activatesAt']})")
        time.sleep(min(5.0, max(0.5, min(seconds_until(k["activatesAt"]) for k in pending) + 1.0)))


def test_super_admin_rotates_then_withdraws_the_pending_key(new_context, staff):
    no_key_pending(staff)
    signing = [k["kid"] for k in keys(staff) if k["status"] == "active"]
    assert len(signing) == 1, signing
    signing_kid = signing[0]

    page = staff_page(new_context, "/staff/operations")
    panel = page.get_by_role("region", name="Signing keys")
    table = panel.get_by_role("table", name="Signing keys, newest first")
    expect(table.locator(f"tr[data-kid='{signing_kid}']")).to_contain_text("Signing")
    expect(panel.get_by_role("button", name=f"Withdraw key {signing_kid}", exact=True)).to_be_visible()
    expect(panel).to_contain_text("signs only after the pre-publication delay")
    look(page, "keys")

    # Rotate: a pending key appears at the top.
    panel.get_by_role("button", name="Rotate now", exact=True).click()
    expect(page.get_by_role("status").filter(has_text=re.compile(r"New key k-[\w-]+ published"))).to_be_visible()
    pending_row = table.locator("tr[data-status=pending]")
    expect(pending_row).to_have_count(1)
    kid = pending_row.get_attribute("data-kid")
    assert kid and kid != signing_kid
    expect(pending_row).to_contain_text("Pending")
    row = table.locator(f"tr[data-kid='{kid}']")

    # Withdraw it by keyboard, through the confirmation dialog.
    withdraw = panel.get_by_role("button", name=f"Withdraw key {kid}", exact=True)
    withdraw.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name=f"Withdraw signing key {kid}?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("every token it signed is refused everywhere within 30 seconds")
    expect(dialog).to_contain_text("When it is the signing key, a new key signs at once")
    expect(dialog).to_contain_text("sessions renew themselves")
    expect(dialog).to_contain_text("This key has not signed yet")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Tab")
    confirm = dialog.get_by_role("button", name="Withdraw the key", exact=True)
    expect(confirm).to_be_focused()
    screenshot(page, "staff-keys-confirm-light", full_page=False)
    # Only a key that cannot have signed: checked through the API just before confirming.
    mine = next(k for k in keys(staff) if k["kid"] == kid)
    left = seconds_until(mine["activatesAt"])
    if mine["status"] != "pending" or left < SPARE_SECONDS:
        page.keyboard.press("Escape")
        pytest.fail(f"the test's key {kid} is {mine['status']}, {left:.1f} s from signing: too slow to withdraw it "
                    "safely (never withdraw the active key of the shared suite)")
    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    expect(page.get_by_role("status").filter(has_text=f"Key {kid} withdrawn. Key {signing_kid} signs now.")).to_be_visible()
    expect(row).to_contain_text("Retired")
    expect(row.get_by_role("button")).to_have_count(0)
    expect(panel).to_contain_text("you may need to sign in again")
    expect(table.locator(f"tr[data-kid='{signing_kid}']")).to_contain_text("Signing")

    # The API agrees: retired, out of the JWKS, and the signing key is the one before.
    after = {k["kid"]: k for k in keys(staff)}
    assert after[kid]["status"] == "retired", after[kid]
    assert after[signing_kid]["status"] == "active", after[signing_kid]

    def gone():
        published = [k["kid"] for k in api.http("GET", api.GATEWAY_URL + "/.well-known/jwks.json").json.get("keys", [])]
        return True if kid not in published and signing_kid in published else None

    api.eventually(f"{kid} to leave the JWKS", gone, 15)
    look(page, "keys-withdrawn")

    # The same panel in French.
    page.get_by_role("button", name=T("nav.switchLanguage")).click()
    panel_fr = page.get_by_role("region", name="Clés de signature")
    expect(panel_fr.get_by_role("button", name=f"Retirer la clé {signing_kid}", exact=True)).to_be_visible()
    expect(panel_fr.locator(f"tr[data-kid='{kid}']")).to_contain_text("Retirée")
    expect(panel_fr).to_contain_text(f"Clé {kid} retirée. La clé {signing_kid} signe désormais.")
    expect(panel_fr.get_by_role("button", name="Changer de clé maintenant")).to_be_visible()
    screenshot(page, "staff-keys-fr-light")


def test_other_accounts_get_no_keys_panel_and_the_api_refuses_them(new_context, staff, user):
    # A client: the staff area is closed, and so is the API.
    assert user.client.get(KEYS).status == 403
    assert user.client.post(KEYS + "/rotate").status == 403
    client = staff_page(new_context, "/staff/operations", email=user.email, password=user.password)
    expect(client.get_by_role("heading", name="Staff only")).to_be_visible()
    expect(client.get_by_role("region", name="Signing keys")).to_have_count(0)

    # Staff without keys:manage (an admin): the operations page, no keys panel, never asked for.
    me = user.client.get("/api/auth/me").json
    staff.expect("PUT", f"/api/auth/users/{me['id']}/role", {"role": "admin"})
    admin = api.login(user.email, user.password)
    assert admin.get(KEYS).status == 403
    page = new_context().new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/signing-keys" in r.url else None)
    flows.sign_in(page, user.email, user.password, next_path="/staff/operations")
    expect(page.get_by_role("heading", level=2, name="Parked messages")).to_be_visible()
    page.wait_for_timeout(1000)  # time for a panel to appear (not networkidle: the live feed stays open)
    expect(page.get_by_role("region", name="Signing keys")).to_have_count(0)
    assert asked == [], asked
