"""The lists page: every list with what it holds and how many, and the New list dialog."""

import reflex as rx

from lumenbase.components.shell import app_shell
from lumenbase.components.ui import empty_state, error_callout, field, pager
from lumenbase.state.lists import ListsState

KIND_OPTIONS = [
    ("contact", "Contacts"),
    ("company", "Companies"),
    ("lead", "Leads"),
    ("deal", "Deals"),
]


def _kind_filter() -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="170px", data_testid="kind-filter"),
        rx.select.content(
            rx.select.item("Every kind", value="all"),
            *[rx.select.item(label, value=value) for value, label in KIND_OPTIONS],
        ),
        value=ListsState.kind,
        on_change=ListsState.set_kind,
    )


def _list_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.link(row["name"], href="/lists/" + row["id"], data_testid="list-link")
        ),
        rx.table.cell(rx.badge(row["kind"], variant="soft", color_scheme="gray")),
        rx.table.cell(row["members"], data_testid="list-members"),
        rx.table.cell(row["owner"]),
        rx.table.cell(row["created"]),
        data_testid="list-row",
    )


def _new_dialog() -> rx.Component:
    s = ListsState
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("New list"),
            rx.dialog.description(
                "A list is a named set of records of one kind, shared with the workspace.",
                size="2",
            ),
            rx.vstack(
                error_callout(s.new_errors.get("form", "")),
                field(
                    "Name",
                    rx.input(
                        value=s.new_name,
                        on_change=s.set_new_name,
                        width="100%",
                        data_testid="new-list-name",
                    ),
                    s.new_errors.get("name", ""),
                ),
                field(
                    "Holds",
                    rx.select.root(
                        rx.select.trigger(width="100%", data_testid="new-list-kind"),
                        rx.select.content(
                            *[rx.select.item(label, value=value) for value, label in KIND_OPTIONS]
                        ),
                        value=s.new_kind,
                        on_change=s.set_new_kind,
                    ),
                    s.new_errors.get("entity_type", ""),
                ),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button("Create list", on_click=s.create, data_testid="create-list"),
                    justify="end",
                    width="100%",
                    spacing="2",
                ),
                spacing="3",
                margin_top="12px",
            ),
        ),
        open=s.new_open,
        on_open_change=s.set_new_open,
    )


def lists_page() -> rx.Component:
    s = ListsState
    table = rx.vstack(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in ("Name", "Holds", "Records", "Owner", "Created")
                    ]
                )
            ),
            rx.table.body(rx.foreach(s.rows, _list_row)),
            variant="surface",
            size="1",
            width="100%",
        ),
        pager(s.page, s.page_count, s.total_label, s.prev_page, s.next_page),
        spacing="0",
        width="100%",
    )
    empty = rx.cond(
        s.kind != "all",
        empty_state("list", "No lists of this kind yet.", "Choose “Every kind”, or create one."),
        empty_state(
            "list",
            "No lists yet.",
            "Create one here, or select rows on the Contacts or Companies page and choose "
            "“Add to list”.",
        ),
    )
    return app_shell(
        rx.vstack(
            rx.hstack(
                rx.heading("Lists", size="6"),
                rx.badge(s.total_label, variant="soft"),
                align="center",
            ),
            rx.hstack(
                _kind_filter(),
                rx.spacer(),
                rx.cond(
                    s.can_write,
                    rx.button(
                        rx.icon("plus", size=14),
                        "New list",
                        on_click=s.open_new,
                        data_testid="new-list",
                    ),
                ),
                width="100%",
                align="center",
            ),
            error_callout(s.list_error),
            rx.cond(
                s.loaded,
                rx.cond(s.total > 0, table, empty),
                rx.center(rx.spinner(), padding="48px", width="100%"),
            ),
            _new_dialog(),
            spacing="4",
            width="100%",
        )
    )
