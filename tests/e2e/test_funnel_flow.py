"""The whole funnel in one pass, as the issue describes it: create a lead, convert it, find the
new deal on the board, drag it to the next stage, add a task due today and see it under My
tasks, save a view and reopen it."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from lumenbase.cli import DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD
from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e


def board_column(page, stage: str):
    return page.locator(f'[data-testid=board-column][data-stage="{stage}"]')


def test_lead_to_deal_to_board_to_task_to_saved_view(page):
    tag = uuid.uuid4().hex[:6]
    deal_name = f"Harbor Lights {tag} rollout"
    login(page, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD)
    expect(page).to_have_url(re.compile(r"/contacts$"))

    # A lead, converted with a deal.
    page.get_by_test_id("nav-leads").click()
    page.get_by_test_id("new-lead").click()
    page.get_by_test_id("new-first_name").fill("Noor")
    page.get_by_test_id("new-last_name").fill(f"Haddad {tag}")
    page.get_by_test_id("new-email").fill(f"noor.{tag}@harborlights-{tag}.com")
    page.get_by_test_id("new-company_name").fill(f"Harbor Lights {tag}")
    page.get_by_test_id("create-lead").click()
    expect(page.get_by_test_id("record-title")).to_have_text(f"Noor Haddad {tag}")
    page.get_by_test_id("convert").click()
    page.get_by_test_id("convert-create-deal").click()
    page.get_by_test_id("convert-deal-name").fill(deal_name)
    page.get_by_test_id("convert-deal-amount").fill("30,000")
    page.get_by_test_id("convert-submit").click()
    expect(page).to_have_url(re.compile(r"/contacts/\d+$"))

    # The deal waits in the pipeline's first stage; drag it to the next one.
    page.get_by_test_id("nav-deals").click()
    expect(page).to_have_url(re.compile(r"/deals$"))
    page.get_by_test_id("view-board").click()
    expect(page).to_have_url(re.compile(r"/deals/board$"))
    expect(board_column(page, "Qualification")).to_be_visible()
    page.get_by_test_id("search").fill(deal_name)
    expect(page.get_by_test_id("deal-count")).to_have_text("1 deal")
    card = (
        board_column(page, "Qualification").get_by_test_id("deal-card").filter(has_text=deal_name)
    )
    expect(card).to_be_visible()
    card.drag_to(board_column(page, "Discovery"))
    moved = board_column(page, "Discovery").get_by_test_id("deal-card").filter(has_text=deal_name)
    expect(moved).to_be_visible()

    # A task due today on the deal shows under My tasks → Today.
    moved.get_by_test_id("card-link").click()
    expect(page.get_by_test_id("record-title")).to_have_text(deal_name)
    expect(page.get_by_test_id("timeline-entry").filter(has_text="Discovery").first).to_be_visible()
    task = f"Send the rollout plan {tag}"
    page.get_by_test_id("task-title").fill(task)
    page.get_by_test_id("task-due").fill(datetime.now(UTC).date().isoformat())
    page.get_by_test_id("add-task").click()
    expect(page.get_by_test_id("timeline-entry").filter(has_text=task)).to_be_visible()
    page.get_by_test_id("nav-tasks").click()
    expect(page).to_have_url(re.compile(r"/tasks$"))
    page.get_by_test_id("bucket-today").click()
    expect(page.get_by_test_id("task-row").filter(has_text=task)).to_be_visible()

    # A saved view of the deals table reopens with its search.
    page.get_by_test_id("nav-deals").click()
    expect(page).to_have_url(re.compile(r"/deals$"))
    expect(page.get_by_test_id("deal-row").first).to_be_visible()
    page.get_by_test_id("search").fill(tag)
    expect(page.get_by_test_id("deal-row").filter(has_text=deal_name)).to_be_visible()
    view_name = f"Harbor {tag}"
    page.get_by_test_id("save-view").click()
    page.get_by_test_id("view-name").fill(view_name)
    page.get_by_test_id("submit-view").click()
    expect(page.get_by_test_id("view-tab").filter(has_text=view_name)).to_be_visible()
    page.get_by_test_id("view-all").click()
    expect(page.get_by_test_id("search")).to_have_value("")
    page.get_by_test_id("nav-contacts").click()
    expect(page).to_have_url(re.compile(r"/contacts$"))
    page.get_by_test_id("nav-deals").click()
    expect(page).to_have_url(re.compile(r"/deals$"))
    page.get_by_test_id("view-tab").filter(has_text=view_name).click()
    expect(page.get_by_test_id("search")).to_have_value(tag)
    expect(page.get_by_test_id("deal-row")).to_have_count(1)
