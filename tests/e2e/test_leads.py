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
