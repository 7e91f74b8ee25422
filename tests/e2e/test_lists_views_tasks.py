"""Lists, saved views and My tasks as a user meets them in Chromium, on the demo workspace."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from lumenbase.cli import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD
from tests.e2e.helpers import login, screenshot

pytestmark = pytest.mark.e2e


def total_of(page) -> int:
    return int(page.get_by_test_id("total-count").inner_text().split()[0].replace(",", ""))


def search_contacts(page, term: str) -> int:
    page.get_by_test_id("search").fill(term)
    expect(page.get_by_test_id("search")).to_have_value(term)
    expect(page.get_by_test_id("contact-row").first).to_contain_text(term)
    return total_of(page)


@pytest.fixture
def signed_in(page):
    login(page, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD)
    expect(page).to_have_url(re.compile(r"/contacts$"))
    expect(page.get_by_test_id("contact-row").first).to_be_visible()
    return page


def test_every_matching_contact_goes_into_a_new_list(signed_in):
    page = signed_in
    name = f"Yahoo people {uuid.uuid4().hex[:6]}"
    matching = search_contacts(page, "yahoo")
    assert matching > 25, "the search must match more than one page for this test to mean much"

    page.get_by_test_id("select-page").click()
    expect(page.get_by_test_id("selection")).to_have_text("25 selected")
    page.get_by_test_id("select-all-matching").click()
    expect(page.get_by_test_id("selection")).to_have_text(f"All {matching:,} matching selected")
    page.get_by_test_id("add-to-list").click()
    page.get_by_test_id("list-target").click()
    page.get_by_role("option", name="New list…").click()
    page.get_by_test_id("new-list-name").fill(name)
    page.get_by_test_id("confirm-add").click()
    expect(page.get_by_text(f"Added {matching:,} contacts to “{name}”.")).to_be_visible()
    expect(page.get_by_test_id("selection")).to_have_count(0)

    page.get_by_test_id("nav-lists").click()
    row = page.get_by_test_id("list-row").filter(has_text=name)
    expect(row.get_by_test_id("list-members")).to_have_text(f"{matching:,} contacts")
    screenshot(page, "lists")
    row.get_by_test_id("list-link").click()
    expect(page.get_by_test_id("list-title")).to_have_text(name)
    expect(page.get_by_test_id("list-count")).to_contain_text(f"{matching:,} contacts")
    members = page.get_by_test_id("member-row")
    expect(members).to_have_count(25)
    for text in members.all_inner_texts():
        assert "yahoo" in text.lower(), text
    screenshot(page, "list-members")

    # Removing one member takes it out of the list, not out of the CRM.
    first_name = members.first.get_by_test_id("member-link").inner_text()
    members.first.get_by_test_id("remove-member").click()
    expect(page.get_by_test_id("list-count")).to_contain_text(f"{matching - 1:,} contacts")
    members.first.get_by_test_id("member-link").click()
    expect(page.get_by_test_id("record-title")).not_to_have_text(first_name)
    expect(page.get_by_test_id("record-list").filter(has_text=name)).to_be_visible()


def test_a_saved_view_reopens_with_its_search_sort_and_columns(signed_in):
    page = signed_in
    view_name = f"Hotmail Z–A {uuid.uuid4().hex[:4]}"
    search_contacts(page, "hotmail")
    page.get_by_test_id("sort").click()
    page.get_by_role("option", name="Name Z–A").click()
    expect(page.get_by_test_id("sort")).to_have_text("Name Z–A")
    first_shown = page.get_by_test_id("contact-link").first.inner_text()
    page.get_by_test_id("columns-button").click()
    page.get_by_test_id("column-phone").click()
    page.get_by_test_id("column-title").click()
    page.keyboard.press("Escape")
    header = page.get_by_test_id("records-table").locator("thead")
    expect(header).not_to_contain_text("Phone")
    page.get_by_test_id("save-view").click()
    page.get_by_test_id("view-name").fill(view_name)
    page.get_by_test_id("view-shared").click()
    page.get_by_test_id("submit-view").click()
    tab = page.get_by_test_id("view-tab").filter(has_text=view_name)
    expect(tab).to_have_attribute("data-state", "active")

    # Back to every contact, then away to another page and back.
    page.get_by_test_id("view-all").click()
    expect(page.get_by_test_id("search")).to_have_value("")
    expect(header).to_contain_text("Phone")
    page.get_by_test_id("nav-tasks").click()
    expect(page).to_have_url(re.compile(r"/tasks$"))
    page.get_by_test_id("nav-contacts").click()
    expect(page).to_have_url(re.compile(r"/contacts$"))
    expect(page.get_by_test_id("search")).to_have_value("")

    page.get_by_test_id("view-tab").filter(has_text=view_name).click()
    expect(page.get_by_test_id("search")).to_have_value("hotmail")
    expect(page.get_by_test_id("sort")).to_have_text("Name Z–A")
    expect(header).not_to_contain_text("Phone")
    expect(header).not_to_contain_text("Title")
    expect(header).to_contain_text("Email")
    expect(page.get_by_test_id("contact-link").first).to_have_text(first_shown)
    screenshot(page, "contacts-saved-view")


def test_a_task_due_today_is_under_my_tasks_today_until_done(signed_in):
    page = signed_in
    title = f"Call back about the renewal {uuid.uuid4().hex[:6]}"
    today = datetime.now(UTC).date().isoformat()
    search_contacts(page, "gmail")
    contact = page.get_by_test_id("contact-link").first
    contact_name = contact.inner_text()
    contact.click()
    expect(page.get_by_test_id("record-title")).to_have_text(contact_name)
    page.get_by_test_id("task-title").fill(title)
    page.get_by_test_id("task-due").fill(today)
    page.get_by_test_id("add-task").click()
    expect(page.get_by_test_id("timeline-entry").filter(has_text=title)).to_be_visible()

    page.get_by_test_id("nav-tasks").click()
    expect(page.get_by_test_id("bucket-today")).to_have_attribute("data-state", "active")
    row = page.get_by_test_id("task-row").filter(has_text=title)
    expect(row.get_by_test_id("task-record")).to_have_text(contact_name)
    today_count = int(page.get_by_test_id("count-today").first.inner_text())
    screenshot(page, "my-tasks")

    row.get_by_test_id("task-done").click()
    expect(page.get_by_test_id("task-row").filter(has_text=title)).to_have_count(0)
    expect(page.get_by_test_id("count-today").first).to_have_text(str(today_count - 1))
    page.get_by_test_id("bucket-done").click()
    done = page.get_by_test_id("task-row").filter(has_text=title)
    expect(done).to_contain_text("Done")
    # The record link leads back to the contact.
    done.get_by_test_id("task-record").click()
    expect(page.get_by_test_id("record-title")).to_have_text(contact_name)
