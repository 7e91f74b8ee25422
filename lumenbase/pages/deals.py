"""The deals table: filters by pipeline, stage and status besides search and owner."""

import reflex as rx

from lumenbase.components.record_list import Column, record_list_page
from lumenbase.components.shell import app_shell
from lumenbase.components.ui import empty_state
from lumenbase.pages.deal_parts import new_deal_button, new_deal_dialog, view_toggle
from lumenbase.state.deals import DealListState

SORTS = [
    ("close", "Close date"),
    ("-amount", "Largest first"),
    ("amount", "Smallest first"),
    ("name", "Name A–Z"),
    ("newest", "Newest"),
]


def status_badge(status: rx.Var, label: rx.Var) -> rx.Component:
    return rx.badge(
        label,
        color_scheme=rx.match(status, ("won", "green"), ("lost", "red"), "blue"),
        variant="soft",
    )


def _company_cell(row) -> rx.Component:
    return rx.cond(
        row["company_id"] != "",
        rx.link(row["company"], href="/companies/" + row["company_id"]),
        "",
    )


def _stage_cell(row) -> rx.Component:
    return rx.hstack(
        rx.text(row["stage"]),
        rx.text(row["probability"], color=rx.color("gray", 10), size="1"),
        spacing="2",
        align="center",
    )


COLUMNS = [
    Column(
        "name",
        "Deal",
        lambda row: rx.link(row["name"], href="/deals/" + row["id"], data_testid="deal-link"),
    ),
    Column("company", "Company", _company_cell),
    Column("stage", "Stage", _stage_cell),
    Column("amount", "Amount", lambda row: rx.text(row["amount"], white_space="nowrap")),
    Column("close", "Close date", lambda row: rx.text(row["close"], white_space="nowrap")),
    Column("owner", "Owner", lambda row: row["owner"]),
    Column("status", "Status", lambda row: status_badge(row["status"], row["status_label"])),
]


def _filters() -> tuple[rx.Component, ...]:
    s = DealListState
    pipeline = rx.select.root(
        rx.select.trigger(width="150px", data_testid="pipeline-filter"),
        rx.select.content(
            rx.select.item("All pipelines", value="all"),
            rx.foreach(s.pipelines, lambda p: rx.select.item(p["name"], value=p["id"])),
        ),
        value=s.pipeline,
        on_change=s.set_pipeline,
    )
    stage = rx.select.root(
        rx.select.trigger(width="150px", data_testid="stage-filter"),
        rx.select.content(
            rx.select.item("All stages", value="all"),
            rx.foreach(s.stages, lambda x: rx.select.item(x["name"], value=x["id"])),
        ),
        value=s.stage,
        on_change=s.set_stage,
        disabled=s.pipeline == "all",
    )
    status = rx.select.root(
        rx.select.trigger(width="120px", data_testid="status-filter"),
        rx.select.content(
            rx.select.item("Any status", value="all"),
            rx.select.item("Open", value="open"),
            rx.select.item("Won", value="won"),
            rx.select.item("Lost", value="lost"),
        ),
        value=s.status,
        on_change=s.set_status,
    )
    return pipeline, stage, status


def deals_page() -> rx.Component:
    return app_shell(
        record_list_page(
            DealListState,
            title="Deals",
            noun_plural="deals",
            search_placeholder="Search deal or company",
            sort_options=SORTS,
            columns=COLUMNS,
            row_testid="deal-row",
            views=True,
            lists=True,
            new_button=new_deal_button(DealListState),
            new_dialog=new_deal_dialog(DealListState),
            empty_hint="Create one with “New deal”, or convert a qualified lead.",
            filters=_filters(),
            filtered_empty=(
                DealListState.filtered,
                empty_state(
                    "filter-x", "No deals match these filters.", "Widen the filters to see more."
                ),
            ),
            header_actions=view_toggle("table"),
        )
    )
