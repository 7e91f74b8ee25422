"""The deals board: a column per stage with count and total; drag a card to another column, or
use the card's stage menu (keyboard and click friendly)."""

import reflex as rx

from lumenbase.components.kanban import draggable_card, drop_column
from lumenbase.components.record_list import owner_filter
from lumenbase.components.shell import app_shell
from lumenbase.components.ui import empty_state, error_callout
from lumenbase.pages.deal_parts import (
    lost_dialog,
    new_deal_button,
    new_deal_dialog,
    select,
    view_toggle,
)
from lumenbase.state.deal_board import DealBoardState

COLUMN_WIDTH = "272px"


def _stage_menu(card, column) -> rx.Component:
    s = DealBoardState
    return rx.dropdown_menu.root(
        rx.dropdown_menu.trigger(
            rx.icon_button(
                rx.icon("ellipsis", size=14),
                variant="ghost",
                size="1",
                color_scheme="gray",
                aria_label="Move to stage",
                data_testid="card-menu",
            )
        ),
        rx.dropdown_menu.content(
            rx.text("Move to", size="1", color=rx.color("gray", 10), padding_x="8px"),
            rx.foreach(
                s.stages,
                lambda stage: rx.dropdown_menu.item(
                    stage["name"],
                    disabled=stage["id"] == column.id,
                    on_click=s.move_card(card.id, stage["id"]),
                    data_testid="move-to",
                ),
            ),
        ),
    )


def _card(card, column) -> rx.Component:
    s = DealBoardState
    body = rx.vstack(
        rx.hstack(
            rx.link(
                card.name,
                href="/deals/" + card.id,
                size="2",
                weight="medium",
                color=rx.color("gray", 12),
                underline="hover",
                data_testid="card-link",
            ),
            rx.spacer(),
            rx.cond(s.can_write, _stage_menu(card, column)),
            width="100%",
            align="start",
        ),
        rx.cond(card.company != "", rx.text(card.company, size="1", color=rx.color("gray", 11))),
        rx.hstack(
            rx.text(card.amount, size="2", weight="bold"),
            rx.spacer(),
            rx.cond(
                card.close != "",
                rx.hstack(
                    rx.icon("calendar", size=12),
                    rx.text(card.close, size="1"),
                    spacing="1",
                    align="center",
                    color=rx.cond(card.overdue, rx.color("red", 11), rx.color("gray", 11)),
                ),
            ),
            rx.cond(
                card.initials != "",
                rx.tooltip(
                    rx.avatar(fallback=card.initials, size="1", radius="full"), content=card.owner
                ),
            ),
            width="100%",
            align="center",
            spacing="2",
        ),
        spacing="1",
        width="100%",
    )
    card_box = rx.box(
        body,
        padding="10px",
        border_radius="8px",
        background=rx.color("gray", 1),
        border=f"1px solid {rx.color('gray', 5)}",
        width="100%",
    )
    return rx.cond(
        s.can_write,
        draggable_card(card.id, card_box, data_testid="deal-card", width="100%"),
        rx.box(card_box, data_testid="deal-card", width="100%"),
    )


def _column(column) -> rx.Component:
    s = DealBoardState
    accent = rx.match(column.outcome, ("won", "green"), ("lost", "red"), "indigo")
    header = rx.vstack(
        rx.hstack(
            rx.text(column.name, weight="bold", size="2"),
            rx.badge(column.probability, variant="soft", color_scheme=accent, size="1"),
            rx.spacer(),
            rx.text(
                column.count_label,
                size="2",
                color=rx.color("gray", 11),
                data_testid="column-count",
            ),
            width="100%",
            align="center",
        ),
        rx.text(
            rx.cond(column.total != "", column.total, "—"),
            size="1",
            color=rx.color("gray", 11),
            data_testid="column-total",
        ),
        spacing="0",
        width="100%",
        padding_bottom="8px",
        border_bottom=f"3px solid {rx.color(accent, 8)}",
    )
    cards = rx.vstack(
        rx.foreach(column.cards, lambda card: _card(card, column)),
        rx.cond(
            column.count == 0,
            rx.text("No deals", size="1", color=rx.color("gray", 9), padding="8px"),
        ),
        rx.cond(
            column.hidden > 0,
            rx.link(
                "+ ",
                column.hidden,
                " more in the table",
                href="/deals?stage=" + column.id,
                size="1",
            ),
        ),
        spacing="2",
        width="100%",
        min_height="120px",
        flex="1",
        overflow_y="auto",
        padding="2px",
    )
    inner = rx.vstack(header, cards, spacing="3", width="100%", height="100%")
    props = {
        "width": COLUMN_WIDTH,
        "min_width": COLUMN_WIDTH,
        "padding": "10px",
        "border_radius": "10px",
        "background": rx.color("gray", 3),
        "max_height": "100%",
        "display": "flex",
        "data_testid": "board-column",
        "data_stage": column.name,
    }
    return rx.cond(
        s.can_write,
        drop_column(s.drop_card(column.id), inner, **props),
        rx.box(inner, **props),
    )


def _toolbar() -> rx.Component:
    s = DealBoardState
    return rx.hstack(
        select(s.pipeline_id, s.set_pipeline, s.pipelines, testid="pipeline-picker", width="180px"),
        rx.debounce_input(
            rx.input(
                rx.input.slot(rx.icon("search", size=14)),
                placeholder="Search deal or company",
                value=s.search,
                on_change=s.set_search,
                width="280px",
                data_testid="search",
            ),
            debounce_timeout=300,
        ),
        owner_filter(s),
        rx.spacer(),
        rx.text(
            "Drag a card to another stage, or use its ••• menu.",
            size="1",
            color=rx.color("gray", 10),
        ),
        width="100%",
        align="center",
        spacing="2",
    )


def deal_board_page() -> rx.Component:
    s = DealBoardState
    # The board fills the window; each column scrolls on its own, the board sideways.
    board = rx.box(
        rx.hstack(rx.foreach(s.columns, _column), spacing="3", align="start", height="100%"),
        overflow_x="auto",
        width="100%",
        height="calc(100vh - 180px)",
        padding_bottom="12px",
        data_testid="board",
    )
    no_pipeline = empty_state(
        "square-kanban",
        "No pipeline yet.",
        "Someone who can edit deals creates the first one by opening this page.",
    )
    return app_shell(
        rx.vstack(
            rx.hstack(
                rx.heading("Deals", size="6"),
                rx.cond(
                    s.deal_count != "",
                    rx.badge(s.deal_count, variant="soft", data_testid="deal-count"),
                ),
                rx.spacer(),
                view_toggle("board"),
                rx.cond(s.can_write, new_deal_button(s)),
                width="100%",
                align="center",
            ),
            _toolbar(),
            error_callout(s.board_error),
            rx.cond(
                s.loaded,
                rx.cond(s.pipelines.length() > 0, board, no_pipeline),
                rx.center(rx.spinner(), padding="48px", width="100%"),
            ),
            new_deal_dialog(s),
            lost_dialog(s, s.lost_deal_name),
            spacing="4",
            width="100%",
        )
    )
