"""Leads, as a user meets them in Chromium: create one in the New lead dialog, fix a field error,
convert it with a deal, and land on the new contact with its company and timeline entry."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from lumenbase.cli import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD
from tests.e2e.helpers import login, screenshot

pytestmark = pytest.mark.e2e


def test_create_a_lead_and_convert_it_with_a_deal(page):
    tag = uuid.uuid4().hex[:6]
    company = f"Brightwater {tag} Labs"
    email = f"mara.quint@brightwater-{tag}.com"

    login(page, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD)
    expect(page).to_have_url(re.compile(r"/contacts$"))
    page.get_by_test_id("nav-leads").click()
    expect(page).to_have_url(re.compile(r"/leads$"))
    expect(page.get_by_test_id("lead-row").first).to_be_visible()
    screenshot(page, "leads-list")

    page.get_by_test_id("new-lead").click()
    page.get_by_test_id("new-first_name").fill("Mara")
    page.get_by_test_id("new-last_name").fill("Quint")
    page.get_by_test_id("new-email").fill("mara at brightwater")
    page.get_by_test_id("new-company_name").fill(company)
    page.get_by_test_id("new-website").fill(f"https://www.brightwater-{tag}.com")
    page.get_by_test_id("new-source").fill("Trade show")
    page.get_by_test_id("create-lead").click()
    expect(page.get_by_test_id("error-email")).to_contain_text("is not a valid email")
    page.get_by_test_id("new-email").fill(email)
    page.get_by_test_id("create-lead").click()

    expect(page).to_have_url(re.compile(r"/leads/\d+$"))
    expect(page.get_by_test_id("record-title")).to_have_text("Mara Quint")
    expect(page.get_by_test_id("value-score")).to_have_text("—")
    expect(page.get_by_test_id("timeline-entry").first).to_contain_text("Lead created")
    page.get_by_role("radio", name="Qualified", exact=True).click()
    expect(page.get_by_test_id("timeline-entry").first).to_contain_text("Edited status")

    page.get_by_test_id("convert").click()
    expect(page.get_by_test_id("convert-contact")).to_have_text("Will create contact Mara Quint")
    expect(page.get_by_test_id("convert-company")).to_have_text(f"Will create company {company}")
    page.get_by_test_id("convert-create-deal").click()
    page.get_by_test_id("convert-deal-amount").fill("abc")
    page.get_by_test_id("convert-submit").click()
    expect(page.get_by_test_id("error-amount")).to_contain_text("is not an amount")
    page.get_by_test_id("convert-deal-amount").fill("12,500")
    expect(page.get_by_test_id("error-amount")).to_have_count(0)
    screenshot(page, "lead-convert-dialog")
    page.get_by_test_id("convert-submit").click()

    expect(page).to_have_url(re.compile(r"/contacts/\d+$"))
    expect(page.get_by_test_id("record-title")).to_have_text("Mara Quint")
    expect(page.get_by_text(company).first).to_be_visible()
    expect(page.get_by_role("link", name=company)).to_have_attribute(
        "href", re.compile(r"/companies/\d+$")
    )
    expect(page.get_by_test_id("timeline-entry").first).to_contain_text(
        "Created from lead Mara Quint"
    )
    screenshot(page, "lead-converted-contact")

    # The lead now says where it went, and cannot be converted twice.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/leads/\d+$"))
    page.reload()
    expect(page.get_by_test_id("converted-contact")).to_have_text("Mara Quint")
    expect(page.get_by_test_id("convert")).to_have_count(0)
    expect(page.get_by_test_id("timeline-entry").first).to_contain_text(
        f"Converted to contact Mara Quint, company {company}, a new deal"
    )
    screenshot(page, "lead-converted")


def test_converting_links_an_existing_contact(page):
    tag = uuid.uuid4().hex[:6]
    email = f"lee.park@{tag}-harbor.com"
    login(page, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD)
    expect(page).to_have_url(re.compile(r"/contacts$"))
    page.get_by_test_id("new-contact").click()
    page.get_by_test_id("new-first_name").fill("Lee")
    page.get_by_test_id("new-last_name").fill("Park")
    page.get_by_test_id("new-email").fill(email)
    page.get_by_test_id("create-contact").click()
    expect(page).to_have_url(re.compile(r"/contacts/\d+$"))
    contact_url = page.url

    page.goto("/leads")
    page.get_by_test_id("new-lead").click()
    page.get_by_test_id("new-first_name").fill("Lee")
    page.get_by_test_id("new-last_name").fill("Park")
    page.get_by_test_id("new-email").fill(email.upper())
    page.get_by_test_id("create-lead").click()
    expect(page).to_have_url(re.compile(r"/leads/\d+$"))

    page.get_by_test_id("convert").click()
    expect(page.get_by_test_id("convert-contact")).to_have_text(
        "Will link to existing contact Lee Park"
    )
    page.get_by_test_id("convert-submit").click()
    expect(page).to_have_url(contact_url)
    expect(page.get_by_test_id("timeline-entry").first).to_contain_text("Linked to lead Lee Park")


def test_a_saved_lead_view_keeps_search_and_status_and_two_leads_go_into_a_list(page):
    tag = uuid.uuid4().hex[:6]
    view_name = f"Qualified {tag}"
    list_name = f"Follow up {tag}"
    login(page, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD)
    page.get_by_test_id("nav-leads").click()
    expect(page).to_have_url(re.compile(r"/leads$"))
    rows = page.get_by_test_id("lead-row")
    expect(rows.first).to_be_visible()

    # Qualified leads, narrowed by a search for the first one's company.
    page.get_by_test_id("status-filter").click()
    page.get_by_role("option", name="Qualified", exact=True).click()
    expect(page.get_by_test_id("status-filter")).to_have_text("Qualified")
    expect(rows.first.get_by_test_id("lead-status")).to_have_text("Qualified")
    term = rows.first.locator("td").nth(1).inner_text().split()[0]
    page.get_by_test_id("search").fill(term)
    expect(page.get_by_test_id("search")).to_have_value(term)
    expect(rows.first).to_contain_text(term)
    first_shown = page.get_by_test_id("lead-link").first.inner_text()
    page.get_by_test_id("save-view").click()
    page.get_by_test_id("view-name").fill(view_name)
    page.get_by_test_id("submit-view").click()
    tab = page.get_by_test_id("view-tab").filter(has_text=view_name)
    expect(tab).to_have_attribute("data-state", "active")

    # Back to every open lead, then away to another page and back.
    page.get_by_test_id("view-all").click()
    expect(page.get_by_test_id("search")).to_have_value("")
    expect(page.get_by_test_id("status-filter")).to_have_text("Open leads")
    page.get_by_test_id("nav-contacts").click()
    expect(page).to_have_url(re.compile(r"/contacts$"))
    page.get_by_test_id("nav-leads").click()
    expect(page).to_have_url(re.compile(r"/leads$"))
    expect(page.get_by_test_id("search")).to_have_value("")
    expect(page.get_by_test_id("status-filter")).to_have_text("Open leads")
    page.get_by_test_id("view-tab").filter(has_text=view_name).click()
    expect(page.get_by_test_id("search")).to_have_value(term)
    expect(page.get_by_test_id("status-filter")).to_have_text("Qualified")
    expect(page.get_by_test_id("lead-link").first).to_have_text(first_shown)
    for status in rows.get_by_test_id("lead-status").all_inner_texts():
        assert status == "Qualified", status
    screenshot(page, "leads-saved-view")

    # Two leads from every open one into a new list.
    page.get_by_test_id("view-all").click()
    expect(page.get_by_test_id("search")).to_have_value("")
    expect(page.get_by_test_id("status-filter")).to_have_text("Open leads")
    rows.nth(0).get_by_test_id("select-row").click()
    rows.nth(1).get_by_test_id("select-row").click()
    expect(page.get_by_test_id("selection")).to_have_text("2 selected")
    screenshot(page, "leads-selection")
    page.get_by_test_id("add-to-list").click()
    page.get_by_test_id("list-target").click()
    page.get_by_role("option", name="New list…").click()
    page.get_by_test_id("new-list-name").fill(list_name)
    page.get_by_test_id("confirm-add").click()
    expect(page.get_by_text(f"Added 2 leads to “{list_name}”.")).to_be_visible()
    expect(page.get_by_test_id("selection")).to_have_count(0)

    page.get_by_test_id("nav-lists").click()
    row = page.get_by_test_id("list-row").filter(has_text=list_name)
    expect(row.get_by_test_id("list-members")).to_have_text("2 leads")
