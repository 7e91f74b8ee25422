"""The foundation, as a user meets it in Chromium: login, real imported contacts, search, edit,
delete, logout; wrong passwords and protected URLs."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lumenbase.cli import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD
from tests.e2e.helpers import login, screenshot

pytestmark = pytest.mark.e2e

# A row of ../shared/data/real/people-1000.csv, imported into the demo workspace.
REAL_EMAIL = "fergusonkatherine@example.net"
REAL_NAME = "Jo Rivers"


def test_protected_url_without_session_goes_to_login(page):
    page.goto("/contacts/1")
    expect(page).to_have_url(re.compile(r"/login\?next=/contacts/1$"))
    expect(page.get_by_test_id("login-submit")).to_be_visible()


def test_wrong_password_shows_error_and_stays_on_login(page):
    login(page, DEMO_ADMIN_EMAIL, "not the password")
    expect(page.get_by_test_id("login-error")).to_contain_text("Email or password is incorrect")
    expect(page).to_have_url(re.compile(r"/login"))
    login(page, "nobody@lumenbase.example.com", "not the password")
    expect(page.get_by_test_id("login-error")).to_contain_text("Email or password is incorrect")


def test_imported_contact_search_open_edit_delete(page):
    login(page, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD)
    expect(page).to_have_url(re.compile(r"/contacts$"))
    expect(page.get_by_test_id("contact-row").first).to_be_visible()
    expect(page.get_by_test_id("current-user")).not_to_be_empty()
    total = page.get_by_test_id("total-count").inner_text()
    assert int(total.split()[0].replace(",", "")) > 1000, total
    screenshot(page, "contacts-list")

    page.get_by_test_id("search").fill(REAL_EMAIL)
    expect(page.get_by_test_id("contact-row")).to_have_count(1)
    expect(page.get_by_test_id("contact-row")).to_contain_text(REAL_NAME)
    page.get_by_test_id("contact-link").click()
    expect(page.get_by_test_id("record-title")).to_have_text(REAL_NAME)
    expect(page.get_by_test_id("value-email")).to_have_text(REAL_EMAIL)
    screenshot(page, "contact-page")

    page.get_by_test_id("edit").click()
    page.get_by_test_id("input-phone").fill("phone number")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("error-phone")).to_contain_text("is not a phone number")
    page.get_by_test_id("input-phone").fill("+44 020 7946 0123")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("value-phone")).to_have_text("+4402079460123")
    expect(page.get_by_test_id("timeline-entry").first).to_contain_text("Edited phone")

    page.get_by_test_id("delete").click()
    page.get_by_test_id("confirm-delete").click()
    expect(page).to_have_url(re.compile(r"/contacts$"))
    page.get_by_test_id("search").fill(REAL_EMAIL)
    expect(page.get_by_test_id("empty-state")).to_contain_text("No contacts match")
    expect(page.get_by_test_id("contact-row")).to_have_count(0)


def test_logout_ends_the_session_in_every_tab(page):
    login(page, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD)
    expect(page).to_have_url(re.compile(r"/contacts$"))
    other_tab = page.context.new_page()
    other_tab.goto("/companies")
    expect(other_tab.get_by_test_id("company-row").first).to_be_visible()

    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login"))

    # The stale tab still shows the list, but its next action finds no session.
    other_tab.get_by_test_id("search").fill("a")
    expect(other_tab).to_have_url(re.compile(r"/login"))
