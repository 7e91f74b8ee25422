"""The deal page: stage progress with Mark won / Mark lost, fields, people, timeline."""

import reflex as rx

from lumenbase.components.record_page import record_page
from lumenbase.components.shell import app_shell
from lumenbase.pages.contacts import company_typeahead
from lumenbase.pages.deal_parts import currency_select, forecast_select, lost_dialog
from lumenbase.pages.deals import status_badge
from lumenbase.state.deal_detail import DealDetailState

DEAL_FIELDS = [
    ("Name", "name", "text"),
    ("Amount", "amount", "text"),
    ("Currency", "currency", "text"),
    ("Expected close", "expected_close_date", "date"),
    ("Company", "company_id", "text"),
    ("Forecast", "forecast_category", "text"),
    ("Owner", "owner_id", "text"),
]


def _step(stage) -> rx.Component:
    s = DealDetailState
    color = rx.match(stage["outcome"], ("won", "green"), ("lost", "red"), "indigo")
    current = stage["state"] == "current"
    done = stage["state"] == "done"
    return rx.button(
        rx.text(stage["name"], size="1", weight=rx.cond(current, "bold", "regular"), trim="both"),
        variant=rx.cond(current, "solid", rx.cond(done, "soft", "outline")),
        color_scheme=rx.cond(current | done, color, "gray"),
        size="1",
        flex="1",
        min_width="0",
        radius="none",
        disabled=~s.can_write,
        on_click=s.move_stage(stage["id"]),
        custom_attrs={"title": stage["name"] + " · " + stage["probability"]},
        data_testid="stage-step",
        data_state=stage["state"],
    )


def _banner() -> rx.Component:
    s = DealDetailState
    outcome_note = rx.match(
        s.status,
        ("won", rx.text("Won ", s.record["closed_at"], size="2", color=rx.color("green", 11))),
        (
            "lost",
            rx.text(
                "Lost ",
                s.record["closed_at"],
                rx.cond(s.record["lost_reason"] != "", ": " + s.record["lost_reason"], ""),
                size="2",
                color=rx.color("red", 11),
                data_testid="lost-note",
            ),
        ),
        rx.text(
            "In ",
            s.record["stage_name"],
            " since ",
            s.record["stage_changed_at"],
            size="2",
            color=rx.color("gray", 11),
        ),
    )
    actions = rx.cond(
        s.can_write & (s.status == "open"),
        rx.hstack(
            rx.button(
                rx.icon("trophy", size=14),
                "Mark won",
                color_scheme="green",
                on_click=s.mark_won,
                data_testid="mark-won",
            ),
            rx.button(
                rx.icon("circle-x", size=14),
                "Mark lost",
                color_scheme="red",
                variant="soft",
                on_click=s.open_lost,
                data_testid="mark-lost",
            ),
            spacing="2",
        ),
    )
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(s.record["pipeline_name"], weight="bold", size="2"),
                status_badge(
                    s.status, rx.match(s.status, ("won", "Won"), ("lost", "Lost"), "Open")
                ),
                outcome_note,
                rx.spacer(),
                actions,
                width="100%",
                align="center",
                spacing="3",
            ),
            rx.hstack(rx.foreach(s.stages, _step), spacing="1", width="100%"),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="stage-progress",
    )


def _people() -> rx.Component:
    s = DealDetailState
    person = lambda p: rx.hstack(  # noqa: E731
        rx.vstack(
            rx.link(p["name"], href="/contacts/" + p["id"], size="2"),
            rx.text(p["title"], size="1", color=rx.color("gray", 10)),
            spacing="0",
        ),
        rx.spacer(),
        rx.text(p["email"], size="1", color=rx.color("gray", 11)),
        rx.cond(
            s.can_write,
            rx.icon_button(
                rx.icon("x", size=12),
                size="1",
                variant="ghost",
                color_scheme="gray",
                aria_label="Remove from deal",
                on_click=s.remove_contact(p["id"]),
                data_testid="remove-contact",
            ),
        ),
        width="100%",
        align="center",
        data_testid="deal-contact",
    )
    picker = rx.box(
        rx.debounce_input(
            rx.input(
                rx.input.slot(rx.icon("user-plus", size=14)),
                value=s.contact_query,
                on_change=s.search_contacts,
                placeholder="Add a contact…",
                width="100%",
                data_testid="add-contact",
            ),
            debounce_timeout=250,
        ),
        rx.cond(
            s.contact_options.length() > 0,
            rx.card(
                rx.vstack(
                    rx.foreach(
                        s.contact_options,
                        lambda c: rx.button(
                            rx.text(c["name"]),
                            rx.text(c["detail"], size="1", color=rx.color("gray", 10)),
                            variant="ghost",
                            size="1",
                            width="100%",
                            justify="start",
                            on_click=s.add_contact(c["id"]),
                            data_testid="contact-option",
                        ),
                    ),
                    spacing="1",
                    width="100%",
                ),
                position="absolute",
                z_index="10",
                width="100%",
                margin_top="4px",
            ),
        ),
        position="relative",
        width="100%",
    )
    return rx.card(
        rx.vstack(
            rx.heading("People on this deal", size="3"),
            rx.cond(
                s.people.length() > 0,
                rx.vstack(rx.foreach(s.people, person), spacing="2", width="100%"),
                rx.text("Nobody yet.", size="2", color=rx.color("gray", 10)),
            ),
            rx.cond(s.can_write, picker),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def deal_page() -> rx.Component:
    s = DealDetailState
    muted = {"size": "2"}
    company_value = rx.cond(
        s.record["company_name"] != "",
        rx.link(s.record["company_name"], href="/companies/" + s.record["company_id"]),
        rx.text("—", color=rx.color("gray", 9)),
    )
    owner_value = rx.text(
        rx.cond(s.record["owner_name"] != "", s.record["owner_name"], "—"), **muted
    )
    return app_shell(
        record_page(
            s,
            noun="deal",
            list_label="Deals",
            list_route="/deals",
            title=s.record["name"],
            subtitle=rx.text(
                s.record["company_name"],
                rx.cond(s.record["company_name"] != "", " · ", ""),
                s.record["amount"],
                size="2",
                color=rx.color("gray", 11),
            ),
            fields=DEAL_FIELDS,
            custom_values={"company_id": company_value, "owner_id": owner_value},
            custom_inputs={
                "company_id": company_typeahead(s, s.company_query, s.search_companies),
                "currency": currency_select(
                    s.form["currency"],
                    lambda v: s.set_field("currency", v),
                    s.currencies,
                    "input-currency",
                ),
                "forecast_category": forecast_select(
                    s.form["forecast_category"],
                    lambda v: s.set_field("forecast_category", v),
                    "input-forecast_category",
                ),
            },
            side=_people(),
            banner=_banner(),
        ),
        lost_dialog(s, s.record["name"]),
    )
