"""The account page changes the password knowing the current one and edits the profile (issue 17,
API gap 8: POST /me/password, PATCH /me)."""

from __future__ import annotations

from playwright.sync_api import expect

import api
import flows
from i18n import R, T


def test_password_change_signs_out_the_other_sessions(new_context, user):
    elsewhere = new_context().new_page()
    flows.sign_in(elsewhere, user.email, user.password, next_path="/account")
    page = new_context().new_page()
    flows.sign_in(page, user.email, user.password, next_path="/account")
    expect(page.get_by_role("heading", level=1, name=T("account.title"))).to_be_visible()

    current = page.get_by_label(T("account.currentPassword"), exact=True)
    new = page.get_by_label(T("reset.newPassword"), exact=True)
    repeat = page.get_by_label(T("reset.confirm"), exact=True)
    submit = page.get_by_role("button", name=T("account.passwordChange"), exact=True)
    current.fill("not my password at all")
    new.fill("a brand new passphrase")
    repeat.fill("a brand new passphrase")
    submit.click()
    expect(page.get_by_text(T("account.wrongPassword"))).to_be_visible()

    current.fill(user.password)
    submit.click()
    expect(page.get_by_role("status").filter(has_text=T("account.passwordChanged"))).to_be_visible()
    # This session goes on; the other one is over (its refresh cookie was revoked).
    page.reload()
    expect(page.get_by_role("link", name=R("nav.account"))).to_be_visible()
    elsewhere.reload()
    flows.wait_ready(elsewhere)
    expect(elsewhere.get_by_role("link", name=R("nav.account"))).to_have_count(0)
    assert api.http("POST", f"{api.GATEWAY_URL}/api/auth/login",
                    {"email": user.email, "password": "a brand new passphrase"}).status == 200


def test_profile_name_and_language(new_context, user):
    page = new_context().new_page()
    flows.sign_in(page, user.email, user.password, next_path="/account")
    name = page.get_by_label(T("account.name"), exact=True)
    expect(name).to_have_value("Test User")
    name.fill("Ada Lovelace")
    page.get_by_label(T("account.language"), exact=True).select_option("fr")
    page.get_by_role("button", name=T("account.save"), exact=True).click()
    # The app follows the account's language; the name is the account's.
    expect(page.get_by_role("heading", level=1, name="Mon compte")).to_be_visible()
    expect(page.get_by_text("Ada Lovelace", exact=True)).to_be_visible()
    me = api.login(user.email, user.password).expect("GET", "/api/auth/me", status=200)
    assert me["displayName"] == "Ada Lovelace" and me["language"] == "fr", me
