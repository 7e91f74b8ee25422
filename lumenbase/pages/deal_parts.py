"""Pieces the deal pages share: the table/board switch, the "New deal" dialog, pickers."""

from __future__ import annotations

import reflex as rx

from lumenbase.components.ui import error_callout, field
from lumenbase.pages.contacts import company_typeahead

FORECAST_OPTIONS = [
    ("pipeline", "Pipeline"),
    ("best_case", "Best case"),
    ("commit", "Commit"),
    ("closed", "Closed"),
    ("omitted", "Omitted"),
]


def view_toggle(active: str) -> rx.Component:
    """Table | Board, as two links styled like a segmented control."""

    def option(label: str, icon: str, href: str, key: str) -> rx.Component:
        selected = key == active
        return rx.link(
            rx.button(
                rx.icon(icon, size=14),
                label,
                variant="solid" if selected else "soft",
                color_scheme="indigo" if selected else "gray",
                size="2",
            ),
            href=href,
            data_testid=f"view-{key}",
        )

    return rx.hstack(
        option("Table", "table", "/deals", "table"),
        option("Board", "square-kanban", "/deals/board", "board"),
        spacing="1",
    )


def select(value, on_change, options, *, testid: str, width="100%", placeholder="") -> rx.Component:
    """A select over [{id, name}] state options."""
    return rx.select.root(
        rx.select.trigger(placeholder=placeholder, width=width, data_testid=testid),
        rx.select.content(rx.foreach(options, lambda o: rx.select.item(o["name"], value=o["id"]))),
        value=value,
        on_change=on_change,
    )


def currency_select(value, on_change, currencies, testid: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%", data_testid=testid),
        rx.select.content(rx.foreach(currencies, lambda c: rx.select.item(c, value=c))),
        value=value,
        on_change=on_change,
    )


def forecast_select(value, on_change, testid: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%", data_testid=testid),
        rx.select.content(*[rx.select.item(label, value=key) for key, label in FORECAST_OPTIONS]),
        value=value,
        on_change=on_change,
    )


def new_deal_button(state) -> rx.Component:
    return rx.button(
        rx.icon("plus", size=14), "New deal", on_click=state.open_new, data_testid="new-deal"
    )


def new_deal_dialog(state) -> rx.Component:
    form, errors = state.new_form, state.new_errors

    def text(label, name, kind="text", placeholder=""):
        return field(
            label,
            rx.input(
                value=form[name],
                on_change=lambda v: state.set_new_field(name, v),
                type=kind,
                placeholder=placeholder,
                width="100%",
                data_testid=f"new-{name}",
            ),
            errors.get(name, ""),
        )

    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("New deal"),
            rx.vstack(
                error_callout(errors.get("form", "")),
                text("Name", "name", placeholder="Acme: annual licence"),
                rx.grid(
                    text("Amount", "amount", placeholder="12,500"),
                    field(
                        "Currency",
                        currency_select(
                            form["currency"],
                            lambda v: state.set_new_field("currency", v),
                            state.currencies,
                            "new-currency",
                        ),
                        errors.get("currency", ""),
                    ),
                    columns="2",
                    spacing="3",
                    width="100%",
                ),
                text("Expected close date", "expected_close_date", kind="date"),
                field(
                    "Company",
                    company_typeahead(state, state.company_query, state.search_companies),
                    errors.get("company_id", ""),
                ),
                rx.grid(
                    field(
                        "Pipeline",
                        select(
                            form["pipeline_id"],
                            lambda v: state.set_new_field("pipeline_id", v),
                            state.new_pipelines,
                            testid="new-pipeline",
                        ),
                        errors.get("pipeline_id", ""),
                    ),
                    field(
                        "Stage",
                        select(
                            form["stage_id"],
                            lambda v: state.set_new_field("stage_id", v),
                            state.new_stages,
                            testid="new-stage",
                        ),
                        errors.get("stage_id", ""),
                    ),
                    columns="2",
                    spacing="3",
                    width="100%",
                ),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button("Create deal", on_click=state.create, data_testid="create-deal"),
                    justify="end",
                    width="100%",
                    spacing="2",
                ),
                spacing="3",
            ),
        ),
        open=state.new_open,
        on_open_change=state.set_new_open,
    )


def lost_dialog(state, deal_name: rx.Var | str) -> rx.Component:
    """Asks why a deal was lost before it moves to a lost stage."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Mark as lost"),
            rx.dialog.description("Why was ", rx.text.strong(deal_name), " lost?", size="2"),
            rx.vstack(
                field(
                    "Reason",
                    rx.input(
                        value=state.lost_reason,
                        on_change=state.set_lost_reason,
                        placeholder="Went with a competitor, no budget, …",
                        width="100%",
                        data_testid="lost-reason",
                    ),
                    state.lost_error,
                ),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(
                        "Mark as lost",
                        color_scheme="red",
                        on_click=state.confirm_lost,
                        data_testid="confirm-lost",
                    ),
                    justify="end",
                    width="100%",
                    spacing="2",
                ),
                spacing="3",
                margin_top="12px",
            ),
        ),
        open=state.lost_open,
        on_open_change=state.set_lost_open,
    )
