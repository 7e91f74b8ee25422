"""Deals as a user meets them in Chromium: create one, see it on the board, drag it to the next
stage, find the move on its timeline; mark a deal lost with a reason."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from lumenbase.cli import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD
from tests.e2e.helpers import login, screenshot

pytestmark = pytest.mark.e2e


def column(page, stage: str):
    return page.locator(f'[data-testid=board-column][data-stage="{stage}"]')


def card(page, stage: str, name: str):
    return column(page, stage).get_by_test_id("deal-card").filter(has_text=name)


def create_deal(page, name: str, amount: str = "48,000") -> None:
    page.goto("/deals")
    expect(page.get_by_test_id("deal-row").first).to_be_visible()
    page.get_by_test_id("new-deal").click()
    page.get_by_test_id("new-name").fill(name)
    page.get_by_test_id("new-amount").fill("-5")
    page.get_by_test_id("new-expected_close_date").fill("2030-01-15")
    page.get_by_test_id("create-deal").click()
    expect(page.get_by_test_id("error-amount")).to_contain_text("cannot be negative")
    page.get_by_test_id("new-amount").fill(amount)
    page.get_by_test_id("create-deal").click()
    expect(page).to_have_url(re.compile(r"/deals/\d+$"))
    expect(page.get_by_test_id("record-title")).to_have_text(name)


def test_create_a_deal_drag_it_to_the_next_stage_and_see_it_on_the_timeline(page):
    name = f"Rocket launch {uuid.uuid4().hex[:6]}"
    login(page, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD)
    expect(page).to_have_url(re.compile(r"/contacts$"))
    page.goto("/deals")
    expect(page.get_by_test_id("deal-row").first).to_be_visible()
    screenshot(page, "deals-table")
    create_deal(page, name)
    expect(page.get_by_test_id("value-amount")).to_have_text("$48,000")
    current = page.locator("[data-testid=stage-step][data-state=current]")
    expect(current).to_have_text("Qualification")

    page.get_by_test_id("nav-deals").click()
    page.get_by_test_id("view-board").click()
    expect(page).to_have_url(re.compile(r"/deals/board$"))
    # Far in the future, so last among the open deals' close dates: search for it.
    page.get_by_test_id("search").fill(name)
    expect(page.get_by_test_id("deal-count")).to_have_text("1 deal")
    expect(card(page, "Qualification", name)).to_have_count(1)
    expect(column(page, "Qualification").get_by_test_id("column-count")).to_have_text("1")
    expect(column(page, "Qualification").get_by_test_id("column-total")).to_have_text("$48K")
    screenshot(page, "deals-board-search")

    card(page, "Qualification", name).drag_to(column(page, "Discovery"))
    expect(card(page, "Discovery", name)).to_have_count(1)
    expect(card(page, "Qualification", name)).to_have_count(0)
    expect(column(page, "Discovery").get_by_test_id("column-count")).to_have_text("1")
    expect(column(page, "Qualification").get_by_test_id("column-count")).to_have_text("0")

    page.get_by_test_id("search").fill("")
    expect(column(page, "Negotiation").get_by_test_id("deal-card").first).to_be_visible()
    screenshot(page, "deals-board")

    page.get_by_test_id("search").fill(name)
    expect(page.get_by_test_id("deal-count")).to_have_text("1 deal")
    card(page, "Discovery", name).get_by_test_id("card-link").click()
    expect(page.get_by_test_id("record-title")).to_have_text(name)
    first_entry = page.get_by_test_id("timeline-entry").first
    expect(first_entry).to_contain_text("Moved from Qualification to Discovery")
    expect(first_entry).to_contain_text("Avery Admin")
    screenshot(page, "deal-page")


def test_stage_menu_to_a_lost_stage_asks_for_the_reason(page):
    name = f"Lost cause {uuid.uuid4().hex[:6]}"
    login(page, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD)
    expect(page).to_have_url(re.compile(r"/contacts$"))
    create_deal(page, name, amount="1,200")

    page.goto("/deals/board")
    page.get_by_test_id("search").fill(name)
    expect(page.get_by_test_id("deal-count")).to_have_text("1 deal")
    card(page, "Qualification", name).get_by_test_id("card-menu").click()
    page.get_by_test_id("move-to").filter(has_text="Closed lost").click()
    page.get_by_test_id("confirm-lost").click()
    expect(page.get_by_test_id("error-reason")).to_contain_text("Say why")
    page.get_by_test_id("lost-reason").fill("Chose a cheaper tool")
    page.get_by_test_id("confirm-lost").click()
    expect(card(page, "Closed lost", name)).to_have_count(1)

    card(page, "Closed lost", name).get_by_test_id("card-link").click()
    expect(page.get_by_test_id("lost-note")).to_contain_text("Chose a cheaper tool")
    expect(page.get_by_test_id("mark-won")).to_have_count(0)
    entries = page.get_by_test_id("timeline-entry")
    expect(entries.filter(has_text="Deal lost: Chose a cheaper tool")).to_have_count(1)
    expect(entries.filter(has_text="Moved from Qualification to Closed lost")).to_have_count(1)
