"""The staff area's notification templates and catalogue leftovers (issue 18): a template edited
with a syntax error shown at its line, fixed with a live preview in French and English, saved and
rolled back (the original is restored at the end whatever happens); the categories tree (create
under a parent, rename, move) and a draft film's cast, trailer, languages, formats and categories;
screenshots of these screens in both themes and on a phone.

Words come from web/src/staff/templates/i18n.ts and web/src/staff/categories/i18n.ts (English)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

import api
import flows
from staff_ui import staff_page, unnamed_controls
from conftest import screenshot

KIND, CHANNEL = "notifications.digest", "email"
TEMPLATE = f"/api/notifications/templates/{KIND}/{CHANNEL}"




def current(staff: api.Api, locale: str) -> dict:
    return staff.expect("GET", f"{TEMPLATE}/{locale}")["versions"][0]


def no_horizontal_overflow(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_template_error_at_its_line_live_preview_save_and_rollback(new_context, staff):
    original = current(staff, "en")
    text = lambda v: {"subject": v["subject"], "body": v["body"], "html": v.get("html")}  # noqa: E731
    try:
        page = staff_page(new_context, "/staff/templates")
        page.get_by_label("Filter by kind").fill("digest")
        page.get_by_role("link", name=f"Edit {KIND}, E-mail").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(KIND)
        en = page.get_by_role("region", name="English (en)")
        fr = page.get_by_role("region", name="French (fr)")
        expect(en.get_by_test_id("preview-subject-en")).to_contain_text(original["subject"])

        # A tag left unclosed on line 3: the error names line 3 and the gutter marks it.
        body = en.get_by_label("Text (en)")
        body.fill("Hello {{displayName}},\n\nYour digest {{periodLabel}\nSee you soon")
        error = en.locator("#tpl-en-body-errors li")
        expect(error).to_contain_text("Line 3:")
        expect(en.locator(".tpl-gutter .tpl-line-error")).to_have_text("3")
        expect(body).to_have_attribute("aria-invalid", "true")
        expect(en.get_by_role("button", name="Save as a new version (en)")).to_be_disabled()
        screenshot(page, "staff-template-error-light")

        # Fixed: the English preview follows (debounced), and the French one follows its own edit.
        body.fill("Hello {{displayName}},\n\nYour browser-test digest {{periodLabel}}\nSee you soon")
        expect(error).to_have_count(0)
        expect(en.get_by_test_id("preview-body-en")).to_contain_text("Your browser-test digest")
        expect(en.get_by_test_id("preview-body-en")).not_to_contain_text("{{")
        fr.get_by_label("Subject (fr)").fill("Résumé d’essai pour {{displayName}}")
        expect(fr.get_by_test_id("preview-subject-fr")).to_contain_text(re.compile(r"Résumé d’essai pour \w+"))
        expect(page.frame_locator('iframe[title="E-mail preview (en)"]').locator("body")).to_contain_text("Hello")

        # Saved as a new version…
        en.get_by_role("button", name="Save as a new version (en)").click()
        saved = api.eventually("the new version", lambda: (v := current(staff, "en"))["version"] > original["version"] and v or None)
        assert "Your browser-test digest" in saved["body"]
        row = en.get_by_role("row").filter(has_text=f"v{saved['version']}")
        expect(row).to_contain_text("Current")

        # …then rolled back: the original text is current again (as a newer version).
        en.get_by_role("button", name=f"Roll back to version {original['version']} (en)").click()
        page.get_by_role("dialog").get_by_role("button", name="Confirm").click()
        back = api.eventually("the rollback", lambda: (v := current(staff, "en"))["version"] > saved["version"] and v or None)
        assert text(back) == text(original)
        expect(en.get_by_label("Text (en)")).to_have_value(original["body"])
        # The French draft was never saved.
        assert current(staff, "fr")["subject"] != "Résumé d’essai pour {{displayName}}"
    finally:
        if text(current(staff, "en")) != text(original):
            staff.expect("PUT", f"{TEMPLATE}/en", {k: v for k, v in text(original).items() if v is not None}, 201)


def test_category_tree_and_a_draft_films_cast_trailer_formats_and_categories(new_context, staff):
    tag = api.unique()
    film_id, _ = api.new_film(staff, title=f"Catalogue Draft {tag}", status="draft")
    names = {"parent": f"Festival {tag}", "child": f"Cannes {tag}", "other": f"Archive {tag}"}
    made: list[str] = []
    try:
        page = staff_page(new_context, "/staff/films")
        # Re-sync all (POST /films/sync; one film after the other against a catalog without it): a row
        # per imported film with its result and the fields its local edits protect.
        page.get_by_role("button", name="Re-sync all imported films").click()
        region = page.get_by_role("region", name="Re-sync all TMDB films")
        expect(region.get_by_role("status").or_(region.get_by_text("No imported film to re-sync."))).to_be_visible(timeout=30000)
        if region.get_by_role("status").count():
            done = re.search(r"Re-sync finished: (\d+) re-synced, (\d+) failed", region.get_by_role("status").inner_text())
            assert done, region.inner_text()
            assert region.get_by_role("row").count() >= int(done[1]) + int(done[2]) + 1
        page.get_by_role("link", name="Categories (tree)").click()
        expect(page.get_by_role("heading", name="Categories", level=1)).to_be_visible()
        for key, parent in (("parent", None), ("other", None), ("child", "parent")):
            page.get_by_label("Name", exact=True).fill(names[key])
            page.get_by_label("Parent", exact=True).select_option(label=names[parent] if parent else "(none: top level)")
            page.get_by_role("button", name="Create", exact=True).click()
            expect(page.locator(".cat-name", has_text=names[key])).to_be_visible()

        def tree() -> dict[str, dict]:
            items = staff.expect("GET", f"/api/catalog/categories?fresh={api.unique()}")["items"]
            return {c["name"]: c for c in items if tag in c["name"]}

        cats = tree()
        made = [cats[names["child"]]["id"], cats[names["parent"]]["id"], cats[names["other"]]["id"]]
        assert cats[names["child"]]["parentId"].lower() == cats[names["parent"]]["id"].lower()
        # Shown nested: the child's item is inside the parent's.
        parent_item = page.locator(f'li[data-category="{cats[names["parent"]]["slug"]}"]')
        expect(parent_item.locator(f'li[data-category="{cats[names["child"]]["slug"]}"]')).to_have_count(1)

        # Rename and move (keyboard-usable select) — through PATCH /categories/{id} when the catalog has it.
        has_patch = staff.send("PATCH", f"/api/catalog/categories/{made[0]}", {"name": names["child"]}).status == 200
        page.get_by_role("button", name=f"Rename {names['child']}").click()
        renamed = f"Cannes Classics {tag}"
        page.get_by_label(f"New name for {names['child']}").fill(renamed)
        page.get_by_label(f"New name for {names['child']}").press("Enter")
        if has_patch:
            expect(page.locator(".cat-name", has_text=renamed)).to_be_visible()
            page.get_by_label(f"Move {renamed} to…").select_option(label=names["other"])
            page.get_by_role("button", name=f"Move {renamed}").click()
            other_item = page.locator(f'li[data-category="{cats[names["other"]]["slug"]}"]')
            expect(other_item.locator(".cat-name", has_text=renamed)).to_be_visible()
            moved = api.eventually("the move", lambda: (c := tree().get(renamed)) and c.get("parentId", "").lower() == made[2].lower() and c or None)
            assert moved["name"] == renamed
        else:
            expect(page.get_by_role("status").filter(has_text="PATCH /api/catalog/categories/{id}")).to_be_visible()
            assert tree()[names["child"]]["parentId"].lower() == made[1].lower()
        screenshot(page, "staff-categories-light")

        # The draft film: cast, trailer, languages (and the versions they allow), formats, categories.
        flows.goto(page, f"/staff/films/{film_id}")
        page.get_by_label("Cast", exact=True).fill("Ada Lovelace — Herself\nCharles Babbage — The engineer")
        page.get_by_label("Trailer link (YouTube or Vimeo)").fill("https://www.youtube.com/watch?v=abc123XYZ")
        page.get_by_label("Audio languages (comma-separated, e.g. fr, en)").fill("fr, en")
        page.get_by_label("Subtitle languages (comma-separated)").fill("fr, de")
        expect(page.get_by_text("Versions these languages allow")).to_contain_text(": VF, VO, VOSTFR")
        for fmt in ("IMAX", "3D"):
            page.get_by_label(fmt, exact=True).check()
        page.get_by_role("button", name="Save", exact=True).click()
        film = api.eventually("the edit", lambda: (f := staff.expect("GET", f"/api/catalog/films/{film_id}")) and "IMAX" in f["formats"] and f or None)
        assert film["formats"] == ["2D", "3D", "IMAX"]
        assert film["audioLanguages"] == ["fr", "en"] and film["subtitleLanguages"] == ["fr", "de"]
        if [c["name"] for c in film.get("cast", [])] == ["Ada Lovelace", "Charles Babbage"]:
            assert film["cast"][1]["character"] == "The engineer"
            assert film["trailers"][0]["key"] == "abc123XYZ"
        else:  # the catalog does not take cast/trailers yet: the editor says so instead of pretending
            expect(page.get_by_role("status").filter(has_text="Cast and trailer were not saved")).to_be_visible()
        child_label = renamed if has_patch else names["child"]
        page.get_by_role("group", name="Tick the film's categories, then save them.").get_by_label(child_label).check()
        page.get_by_role("button", name="Save the categories").click()
        slug = cats[names["child"]]["slug"]
        api.eventually("the categories", lambda: staff.expect("GET", f"/api/catalog/films/{film_id}").get("categories") == [slug] or None)
        screenshot(page, "staff-film-catalogue-light")
    finally:
        for category_id in made:
            staff.send("DELETE", f"/api/catalog/categories/{category_id}")


@pytest.mark.parametrize("scheme", ["dark"])
def test_templates_and_categories_screens_on_a_phone(new_context, staff, scheme):
    film_id, _ = api.new_film(staff, title=f"Phone Draft {api.unique()}", status="draft")
    pages = {"templates": "/staff/templates", "template": f"/staff/templates/{KIND}/{CHANNEL}",
             "categories": "/staff/films/categories", "film": f"/staff/films/{film_id}", "films": "/staff/films"}
    for phone in (True, False):
        page = staff_page(new_context, "/staff/templates", scheme=scheme, phone=phone)
        for name, path in pages.items():
            if not phone and name in ("films", "film"):
                continue  # desktop dark of these two: test_staff.py
            flows.goto(page, path)
            page.wait_for_timeout(300)
            screenshot(page, f"staff-{name}-{'phone-' if phone else ''}{scheme}")
            assert no_horizontal_overflow(page), (path, phone)
            unnamed = unnamed_controls(page, also=("main iframe",), by_title=True)
            assert unnamed == [], (path, unnamed)
