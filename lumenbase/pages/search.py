"""The search page: every match of a query, grouped by record type with counts, or one type
paged ("see all")."""

import reflex as rx

from lumenbase.components.search_palette import hit_link, typo_note
from lumenbase.components.shell import app_shell
from lumenbase.components.ui import empty_state, error_callout, pager
from lumenbase.state.search_page import SearchPageState


def _tab(tab) -> rx.Component:
    s = SearchPageState
    active = s.active_type == tab["type"]
    return rx.button(
        tab["label"],
        rx.badge(tab["count"], variant="soft", color_scheme=rx.cond(active, "accent", "gray")),
        variant=rx.cond(active, "soft", "ghost"),
        color_scheme=rx.cond(active, "accent", "gray"),
        size="2",
        on_click=s.set_type(tab["type"]),
        data_testid="search-tab",
    )


def _row(row) -> rx.Component:
    s = SearchPageState
    return rx.match(
        row["kind"],
        (
            "header",
            rx.hstack(
                rx.heading(row["title"], size="3"),
                rx.badge(row["subtitle"], variant="soft"),
                align="center",
                padding_top="16px",
                data_testid="search-group",
            ),
        ),
        (
            "more",
            rx.button(
                row["title"],
                rx.icon("arrow-right", size=14),
                variant="ghost",
                size="1",
                on_click=s.set_type(row["type"]),
                data_testid="search-see-all",
            ),
        ),
        hit_link(row),
    )


def _results() -> rx.Component:
    s = SearchPageState
    return rx.cond(
        s.rows.length() > 0,
        rx.vstack(
            rx.cond(s.typos, typo_note(s.query)),
            rx.vstack(rx.foreach(s.rows, _row), spacing="0", width="100%"),
            rx.cond(
                s.active_type != "",
                pager(s.page, s.page_count, s.total_label, s.prev_page, s.next_page),
            ),
            width="100%",
            spacing="2",
            data_testid="search-results",
        ),
        rx.cond(
            s.searched,
            empty_state(
                "search-x",
                f"No results for “{s.query}”.",
                "Check the spelling, or try an email, a company domain or a phone number.",
            ),
            empty_state(
                "search",
                "Search contacts, companies, leads and deals.",
                "Type at least two characters: a name, an email, a domain or a phone number.",
            ),
        ),
    )


def search_page() -> rx.Component:
    s = SearchPageState
    return app_shell(
        rx.vstack(
            rx.hstack(
                rx.heading("Search", size="6"),
                rx.cond(s.total_label != "", rx.badge(s.total_label, variant="soft")),
                align="center",
            ),
            rx.debounce_input(
                rx.input(
                    rx.input.slot(rx.icon("search", size=14)),
                    placeholder="Name, email, domain or phone",
                    value=s.query,
                    on_change=s.set_query,
                    width="420px",
                    data_testid="search-page-input",
                ),
                debounce_timeout=300,
            ),
            rx.cond(s.searched, rx.hstack(rx.foreach(s.tabs, _tab), spacing="3", wrap="wrap")),
            error_callout(s.error),
            rx.cond(s.loaded, _results(), rx.center(rx.spinner(), padding="48px", width="100%")),
            spacing="4",
            width="100%",
            max_width="880px",
        )
    )
