"""Leads list and lead page (with its status buttons and Convert dialog)."""

import reflex as rx

from lumenbase.components.new_record import new_record_dialog, new_text_field, side_by_side
from lumenbase.components.record_list import Column, record_list_page
from lumenbase.components.record_page import record_page
from lumenbase.components.shell import app_shell
from lumenbase.components.ui import empty_state, field
from lumenbase.pages.lead_convert import convert_button, convert_dialog
from lumenbase.state.leads import LeadDetailState, LeadListState

SORTS = [
    ("newest", "Newest"),
    ("oldest", "Oldest"),
    ("name", "Name A–Z"),
    ("-name", "Name Z–A"),
    ("score", "Highest score"),
    ("company", "Company"),
]


def status_badge(status: rx.Var, label: rx.Var) -> rx.Component:
    color = rx.match(
        status,
        ("new", "blue"),
        ("contacted", "amber"),
        ("qualified", "green"),
        ("converted", "violet"),
        "gray",
    )
    return rx.badge(label, color_scheme=color, variant="soft", data_testid="lead-status")


def _dash_if_empty(value: rx.Var) -> rx.Component:
    return rx.cond(value != "", value, rx.text("—", as_="span", color=rx.color("gray", 9)))


COLUMNS = [
    Column(
        "name",
        "Name",
        lambda row: rx.link(row["name"], href="/leads/" + row["id"], data_testid="lead-link"),
    ),
    Column("company", "Company", lambda row: row["company"]),
    Column("email", "Email", lambda row: row["email"]),
    Column("status", "Status", lambda row: status_badge(row["status"], row["status_label"])),
    Column(
        "score",
        "Score",
        lambda row: rx.box(_dash_if_empty(row["score"]), data_testid="lead-score"),
    ),
    Column("source", "Source", lambda row: row["source"]),
    Column("owner", "Owner", lambda row: row["owner"]),
]


def status_filter() -> rx.Component:
    s = LeadListState
    return rx.select.root(
        rx.select.trigger(width="170px", data_testid="status-filter"),
        rx.select.content(
            rx.select.item("Open leads", value="open"),
            rx.select.item("Any status", value="all"),
            rx.select.separator(),
            rx.foreach(s.statuses, lambda x: rx.select.item(x["label"], value=x["value"])),
            rx.select.item("Converted", value="converted"),
        ),
        value=s.status,
        on_change=s.set_status,
    )


def _status_select(options: rx.Var, value: rx.Var, on_change, testid: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%", data_testid=testid),
        rx.select.content(
            rx.foreach(options, lambda x: rx.select.item(x["label"], value=x["value"]))
        ),
        value=value,
        on_change=on_change,
    )


def _new_dialog() -> rx.Component:
    s = LeadListState

    def text(label, name, kind="text"):
        return new_text_field(s, label, name, kind)

    return new_record_dialog(
        s,
        title="New lead",
        submit_label="Create lead",
        submit_testid="create-lead",
        fields=[
            side_by_side(text("First name", "first_name"), text("Last name", "last_name")),
            side_by_side(text("Email", "email", "email"), text("Phone", "phone", "tel")),
            side_by_side(text("Company", "company_name"), text("Title", "title")),
            side_by_side(text("Website", "website"), text("Source", "source")),
            field(
                "Status",
                _status_select(
                    s.statuses,
                    s.new_form["status"],
                    lambda v: s.set_new_field("status", v),
                    "new-status",
                ),
                s.new_errors.get("status", ""),
            ),
        ],
    )


def leads_page() -> rx.Component:
    s = LeadListState
    return app_shell(
        record_list_page(
            s,
            title="Leads",
            noun_plural="leads",
            search_placeholder="Search name, email, company or phone",
            sort_options=SORTS,
            columns=COLUMNS,
            row_testid="lead-row",
            views=True,
            lists=True,
            new_button=rx.button(
                rx.icon("plus", size=14), "New lead", on_click=s.open_new, data_testid="new-lead"
            ),
            new_dialog=_new_dialog(),
            empty_hint="Create one, or import a CSV with `lumenbase import-csv --entity leads`.",
            filters=(status_filter(),),
            filtered_empty=(
                s.status != "all",
                empty_state(
                    "filter-x",
                    "No leads with this status.",
                    "Choose “Any status” to see every lead, converted ones included.",
                ),
            ),
        )
    )


LEAD_FIELDS = [
    ("First name", "first_name", "text"),
    ("Last name", "last_name", "text"),
    ("Email", "email", "email"),
    ("Phone", "phone", "tel"),
    ("Company", "company_name", "text"),
    ("Title", "title", "text"),
    ("Website", "website", "url"),
    ("Source", "source", "text"),
    ("Status", "status", "text"),
    ("Score", "score", "text"),
    ("Owner", "owner_id", "text"),
]


def _status_card() -> rx.Component:
    s = LeadDetailState
    converted = rx.vstack(
        rx.text(
            "Converted on ",
            s.record["converted_at"],
            rx.cond(s.record["contact_name"] != "", " into the contact ", "."),
            size="2",
        ),
        rx.cond(
            s.record["contact_id"] != "",
            rx.link(
                s.record["contact_name"],
                href="/contacts/" + s.record["contact_id"],
                data_testid="converted-contact",
            ),
        ),
        spacing="1",
    )
    buttons = rx.segmented_control.root(
        rx.foreach(
            s.statuses,
            lambda x: rx.segmented_control.item(x["label"], value=x["value"]),
        ),
        value=s.record["status"],
        on_change=s.change_status,
        data_testid="status-buttons",
    )
    return rx.card(
        rx.vstack(
            rx.heading("Status", size="3"),
            rx.cond(
                s.converted,
                converted,
                rx.cond(
                    s.can_write,
                    buttons,
                    status_badge(s.record["status"], s.record["status_label"]),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def lead_page() -> rx.Component:
    s = LeadDetailState
    muted = rx.color("gray", 9)
    status_value = status_badge(s.record["status"], s.record["status_label"])
    score_value = rx.cond(
        s.record["score"] != "",
        rx.text(s.record["score"], " / 100", size="2", data_testid="value-score"),
        rx.text("—", size="2", color=muted, data_testid="value-score"),
    )
    owner_value = rx.text(
        rx.cond(s.record["owner_name"] != "", s.record["owner_name"], "—"), size="2"
    )
    website_value = rx.cond(
        s.record["website"] != "",
        rx.link(s.record["website"], href=s.record["website_href"], is_external=True),
        rx.text("—", size="2", color=muted),
    )
    status_input = rx.cond(
        s.converted,
        status_value,
        _status_select(
            s.statuses, s.form["status"], lambda v: s.set_field("status", v), "input-status"
        ),
    )
    subtitle = rx.hstack(
        status_value,
        rx.text(
            s.record["title"],
            rx.cond((s.record["title"] != "") & (s.record["company_name"] != ""), " at ", ""),
            s.record["company_name"],
            size="2",
            color=rx.color("gray", 11),
        ),
        align="center",
        spacing="2",
    )
    return app_shell(
        record_page(
            s,
            noun="lead",
            list_label="Leads",
            list_route="/leads",
            title=s.record["name"],
            subtitle=subtitle,
            fields=LEAD_FIELDS,
            custom_values={
                "status": status_value,
                "score": score_value,
                "owner_id": owner_value,
                "website": website_value,
            },
            custom_inputs={"status": status_input, "score": score_value},
            side=_status_card(),
            actions=rx.cond(~s.converted, convert_button()),
        ),
        convert_dialog(),
    )
