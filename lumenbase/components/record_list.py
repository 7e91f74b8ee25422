"""The layout every record list shares: search, owner filter, sort, table, pager, empty state."""

from __future__ import annotations

import reflex as rx

from lumenbase.components.ui import empty_state, error_callout, pager


def owner_filter(state) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="170px", data_testid="owner-filter"),
        rx.select.content(
            rx.select.item("All owners", value="all"),
            rx.select.item("Mine", value="mine"),
            rx.select.item("Unassigned", value="unassigned"),
            rx.select.separator(),
            rx.foreach(state.members, lambda m: rx.select.item(m["name"], value=m["id"])),
        ),
        value=state.owner,
        on_change=state.set_owner,
    )


def sort_picker(state, options: list[tuple[str, str]]) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="150px", data_testid="sort"),
        rx.select.content(*[rx.select.item(label, value=value) for value, label in options]),
        value=state.sort,
        on_change=state.set_sort,
    )


def record_list_page(
    state,
    *,
    title: str,
    noun_plural: str,
    search_placeholder: str,
    sort_options: list[tuple[str, str]],
    headers: list[str],
    render_row,
    new_button: rx.Component,
    new_dialog: rx.Component,
    empty_hint: str,
    filters: tuple[rx.Component, ...] = (),
    filtered_empty: tuple[rx.Var, rx.Component] | None = None,
) -> rx.Component:
    """`filters`: extra pickers after the sort; `filtered_empty`: (a condition that one of them
    narrows the list, the empty state to show then)."""
    toolbar = rx.hstack(
        rx.debounce_input(
            rx.input(
                rx.input.slot(rx.icon("search", size=14)),
                placeholder=search_placeholder,
                value=state.search,
                on_change=state.set_search,
                width="340px",
                data_testid="search",
            ),
            debounce_timeout=300,
        ),
        owner_filter(state),
        sort_picker(state, sort_options),
        *filters,
        rx.spacer(),
        rx.cond(state.can_write, new_button),
        width="100%",
        align="center",
        spacing="2",
    )
    table = rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(state.rows, render_row)),
        variant="surface",
        size="1",
        width="100%",
        data_testid="records-table",
    )
    by_owner = rx.cond(
        state.owner != "all",
        empty_state(
            "user-x",
            f"No {noun_plural} for this owner.",
            "Choose “All owners” to see everyone's.",
        ),
        empty_state("inbox", f"No {noun_plural} yet.", empty_hint),
    )
    if filtered_empty is not None:
        by_owner = rx.cond(filtered_empty[0], filtered_empty[1], by_owner)
    empty = rx.cond(
        state.search != "",
        empty_state(
            "search-x",
            f"No {noun_plural} match “{state.search}”.",
            "Check the spelling, or search by email or company instead.",
        ),
        by_owner,
    )
    return rx.vstack(
        rx.hstack(
            rx.heading(title, size="6"), rx.badge(state.total_label, variant="soft"), align="center"
        ),
        toolbar,
        error_callout(state.list_error),
        rx.cond(
            state.loaded,
            rx.cond(
                state.total > 0,
                rx.vstack(
                    table,
                    pager(
                        state.page,
                        state.page_count,
                        state.total_label,
                        state.prev_page,
                        state.next_page,
                    ),
                    width="100%",
                    spacing="0",
                ),
                empty,
            ),
            rx.center(rx.spinner(), padding="48px", width="100%"),
        ),
        new_dialog,
        spacing="4",
        width="100%",
    )
