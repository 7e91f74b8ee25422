"""One list's page: its members with Remove, Rename and Delete."""

import reflex as rx

from lumenbase.components.shell import app_shell
from lumenbase.components.ui import empty_state, error_callout, field, pager
from lumenbase.state.list_detail import ListDetailState


def _member_row(row) -> rx.Component:
    s = ListDetailState
    return rx.table.row(
        rx.table.row_header_cell(rx.link(row["name"], href=row["href"], data_testid="member-link")),
        rx.table.cell(row["detail"]),
        rx.table.cell(row["added"]),
        rx.table.cell(row["added_by"]),
        rx.cond(
            s.can_write,
            rx.table.cell(
                rx.button(
                    rx.icon("x", size=12),
                    "Remove",
                    size="1",
                    variant="ghost",
                    color_scheme="red",
                    on_click=s.remove(row["id"]),
                    data_testid="remove-member",
                ),
                text_align="right",
            ),
        ),
        data_testid="member-row",
    )


def _rename_dialog() -> rx.Component:
    s = ListDetailState
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Rename list"),
            rx.vstack(
                error_callout(s.rename_errors.get("form", "")),
                field(
                    "Name",
                    rx.input(
                        value=s.rename_value,
                        on_change=s.set_rename_value,
                        width="100%",
                        data_testid="rename-list-name",
                    ),
                    s.rename_errors.get("name", ""),
                ),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button("Save", on_click=s.rename, data_testid="save-list-name"),
                    justify="end",
                    width="100%",
                    spacing="2",
                ),
                spacing="3",
                margin_top="12px",
            ),
        ),
        open=s.rename_open,
        on_open_change=s.set_rename_open,
    )


def _delete_dialog() -> rx.Component:
    s = ListDetailState
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Move this list to the trash?"),
            rx.alert_dialog.description(
                "The list disappears for everyone. Its records stay where they are; an admin "
                "can restore the list, members included, for 30 days."
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Move to trash",
                        color_scheme="red",
                        on_click=s.delete,
                        data_testid="confirm-delete-list",
                    )
                ),
                spacing="2",
                justify="end",
                margin_top="12px",
            ),
        ),
        open=s.confirm_delete,
        on_open_change=s.set_confirm_delete,
    )


def _list_header() -> rx.Component:
    s = ListDetailState
    actions = rx.hstack(
        rx.button(
            rx.icon("pencil", size=14),
            "Rename",
            variant="soft",
            on_click=s.open_rename,
            data_testid="rename-list",
        ),
        rx.button(
            rx.icon("trash-2", size=14),
            "Delete",
            variant="soft",
            color_scheme="red",
            on_click=s.set_confirm_delete(True),
            data_testid="delete-list",
        ),
        spacing="2",
    )
    return rx.hstack(
        rx.vstack(
            rx.link(
                rx.hstack(
                    rx.icon("arrow-left", size=14), rx.text("Lists", size="2"), align="center"
                ),
                href="/lists",
                underline="none",
            ),
            rx.hstack(
                rx.heading(s.info["name"], size="6", data_testid="list-title"),
                rx.badge(s.info["kind"], variant="soft", color_scheme="gray"),
                align="center",
            ),
            rx.text(
                s.info["count"],
                " · created by ",
                s.info["owner"],
                " on ",
                s.info["created"],
                size="2",
                color=rx.color("gray", 11),
                data_testid="list-count",
            ),
            spacing="1",
        ),
        rx.spacer(),
        rx.cond(s.can_write, actions),
        width="100%",
        align="start",
    )


def list_page() -> rx.Component:
    s = ListDetailState
    members = rx.vstack(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell("Name"),
                    rx.table.column_header_cell("Details"),
                    rx.table.column_header_cell("Added"),
                    rx.table.column_header_cell("Added by"),
                    rx.cond(s.can_write, rx.table.column_header_cell("")),
                )
            ),
            rx.table.body(rx.foreach(s.rows, _member_row)),
            variant="surface",
            size="1",
            width="100%",
        ),
        pager(s.page, s.page_count, s.info["count"], s.prev_page, s.next_page),
        spacing="0",
        width="100%",
    )
    empty = empty_state(
        "list",
        "Nothing in this list yet.",
        "On the list page, select rows (or every matching one) and choose “Add to list”.",
        rx.link("Go to ", s.info["many"], href=s.info["route"], data_testid="go-to-records"),
    )
    body = rx.vstack(
        _list_header(),
        error_callout(s.error),
        rx.cond(s.total > 0, members, empty),
        _rename_dialog(),
        _delete_dialog(),
        spacing="4",
        width="100%",
    )
    missing = empty_state(
        "search-x",
        "This list does not exist or was deleted.",
        "It may have been moved to the trash, or the link is wrong.",
        rx.link("Back to lists", href="/lists"),
    )
    return app_shell(
        rx.cond(
            s.loaded,
            rx.cond(s.missing, missing, body),
            rx.center(rx.spinner(), padding="48px", width="100%"),
        )
    )
