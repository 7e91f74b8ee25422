"""The search box, as a user meets it in Chromium: a misspelled name typed in the sidebar's search
box finds the real imported contact; the keyboard alone gets there too; the search page lists
every match per type with counts, and says so when nothing matches."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lumenbase.cli import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD
from tests.e2e.helpers import login, screenshot

pytestmark = pytest.mark.e2e

# A row of ../shared/data/real/people-1000.csv, imported into the demo workspace.
REAL_NAME = "Whitney Hooper"
REAL_EMAIL = "zjohnston@example.com"
MISSPELLED = "Whtiney Hoopre"


def _signed_in(page) -> None:
    login(page, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD)
    expect(page).to_have_url(re.compile(r"/contacts$"))
    expect(page.get_by_test_id("contact-row").first).to_be_visible()


def test_a_misspelled_name_in_the_search_box_opens_the_contact(page):
    _signed_in(page)
    page.get_by_test_id("open-search").click()
    expect(page.get_by_test_id("search-hint")).to_be_visible()
    page.get_by_test_id("search-input").fill(MISSPELLED)
    result = page.get_by_test_id("search-result").filter(has_text=REAL_NAME)
    expect(result).to_be_visible()
    expect(result).to_contain_text(REAL_EMAIL)
    expect(page.get_by_test_id("search-group").first).to_contain_text("Contacts")
    expect(page.get_by_test_id("search-typo-note")).to_be_visible()
    screenshot(page, "search-palette")

    result.click()
    expect(page).to_have_url(re.compile(r"/contacts/\d+$"))
    expect(page.get_by_test_id("record-title")).to_have_text(REAL_NAME)
    expect(page.get_by_test_id("value-email")).to_have_text(REAL_EMAIL)
    expect(page.get_by_test_id("search-palette")).to_have_count(0)


def test_keyboard_only_ctrl_k_type_arrow_enter(page):
    _signed_in(page)
    page.keyboard.press("Control+k")
    field = page.get_by_test_id("search-input")
    expect(field).to_be_focused()
    field.fill(REAL_EMAIL)
    expect(page.get_by_test_id("search-result").first).to_contain_text(REAL_NAME)
    page.keyboard.press("ArrowDown")
    expect(page.get_by_test_id("search-result").first).to_have_attribute("data-active", "true")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/contacts/\d+$"))
    expect(page.get_by_test_id("record-title")).to_have_text(REAL_NAME)


def test_no_results_then_the_search_page_with_counts(page):
    _signed_in(page)
    page.get_by_test_id("open-search").click()
    page.get_by_test_id("search-input").fill("qqzzxxv")
    expect(page.get_by_test_id("empty-state")).to_contain_text("No results for “qqzzxxv”")

    page.get_by_test_id("search-input").fill("hooper")
    expect(page.get_by_test_id("search-result").first).to_be_visible()
    page.get_by_test_id("search-all-results").click()
    expect(page).to_have_url(re.compile(r"/search\?q=hooper$"))
    tabs = page.get_by_test_id("search-tab")
    expect(tabs).to_have_count(5)
    expect(tabs.nth(1)).to_have_text(re.compile(r"Contacts\s*\d+"))
    expect(page.get_by_test_id("search-result").filter(has_text=REAL_NAME)).to_be_visible()
    screenshot(page, "search-page")

    tabs.nth(1).click()
    expect(page).to_have_url(re.compile(r"/search\?q=hooper&type=contact$"))
    expect(page.get_by_test_id("total-count")).to_contain_text("contacts")
    expect(page.get_by_test_id("search-group")).to_have_count(0)

    page.goto("/search")
    expect(page.get_by_test_id("empty-state")).to_contain_text("Search contacts, companies")
