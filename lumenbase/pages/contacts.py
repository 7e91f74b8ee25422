"""Contacts list and contact page."""

import reflex as rx

from lumenbase.components.new_record import new_record_dialog, new_text_field, side_by_side
from lumenbase.components.record_list import Column, record_list_page
from lumenbase.components.record_page import record_page
from lumenbase.components.shell import app_shell
from lumenbase.components.ui import field
from lumenbase.state.contacts import ContactDetailState, ContactListState

SORTS = [
    ("name", "Name A–Z"),
    ("-name", "Name Z–A"),
    ("newest", "Newest"),
    ("oldest", "Oldest"),
    ("email", "Email"),
]


def _company_cell(row) -> rx.Component:
    return rx.cond(
        row["company_id"] != "",
        rx.link(row["company"], href="/companies/" + row["company_id"]),
        "",
    )


COLUMNS = [
    Column(
        "name",
        "Name",
        lambda row: rx.link(row["name"], href="/contacts/" + row["id"], data_testid="contact-link"),
    ),
    Column("email", "Email", lambda row: row["email"]),
    Column("phone", "Phone", lambda row: row["phone"]),
    Column("company", "Company", _company_cell),
    Column("title", "Title", lambda row: row["title"]),
    Column("owner", "Owner", lambda row: row["owner"]),
]


def company_typeahead(state, value, on_change) -> rx.Component:
    return rx.box(
        rx.input(
            value=value,
            on_change=on_change,
            placeholder="Search companies…",
            width="100%",
            data_testid="input-company",
        ),
        rx.cond(
            state.company_options.length() > 0,
            rx.card(
                rx.vstack(
                    rx.foreach(
                        state.company_options,
                        lambda c: rx.button(
                            c["name"],
                            variant="ghost",
                            size="1",
                            width="100%",
                            justify="start",
                            on_click=state.pick_company(c["id"], c["name"]),
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


def _new_dialog() -> rx.Component:
    s = ContactListState
    return new_record_dialog(
        s,
        title="New contact",
        submit_label="Create contact",
        submit_testid="create-contact",
        fields=[
            side_by_side(
                new_text_field(s, "First name", "first_name"),
                new_text_field(s, "Last name", "last_name"),
            ),
            new_text_field(s, "Email", "email", "email"),
            new_text_field(s, "Phone", "phone", "tel"),
            new_text_field(s, "Title", "title"),
            field(
                "Company",
                company_typeahead(s, s.company_query, s.search_companies),
                s.new_errors.get("company_id", ""),
            ),
        ],
    )


def contacts_page() -> rx.Component:
    return app_shell(
        record_list_page(
            ContactListState,
            title="Contacts",
            noun_plural="contacts",
            search_placeholder="Search name, email or company",
            sort_options=SORTS,
            columns=COLUMNS,
            row_testid="contact-row",
            views=True,
            lists=True,
            new_button=rx.button(
                rx.icon("plus", size=14),
                "New contact",
                on_click=ContactListState.open_new,
                data_testid="new-contact",
            ),
            new_dialog=_new_dialog(),
            empty_hint="Create one, or import a CSV with `lumenbase import-csv`.",
        )
    )


CONTACT_FIELDS = [
    ("First name", "first_name", "text"),
    ("Last name", "last_name", "text"),
    ("Email", "email", "email"),
    ("Phone", "phone", "tel"),
    ("Mobile", "mobile_phone", "tel"),
    ("Title", "title", "text"),
    ("Company", "company_id", "text"),
    ("City", "city", "text"),
    ("Country", "country", "text"),
    ("LinkedIn", "linkedin_url", "url"),
    ("Source", "source", "text"),
    ("Tags", "tags", "text"),
    ("Owner", "owner_id", "text"),
]


def contact_page() -> rx.Component:
    s = ContactDetailState
    company_value = rx.cond(
        s.record["company_name"] != "",
        rx.link(s.record["company_name"], href="/companies/" + s.record["company_id"]),
        rx.text("—", color=rx.color("gray", 9)),
    )
    owner_value = rx.text(
        rx.cond(s.record["owner_name"] != "", s.record["owner_name"], "—"), size="2"
    )
    subtitle = rx.text(
        s.record["title"],
        rx.cond((s.record["title"] != "") & (s.record["company_name"] != ""), " at ", ""),
        s.record["company_name"],
        size="2",
        color=rx.color("gray", 11),
    )
    return app_shell(
        record_page(
            s,
            noun="contact",
            list_label="Contacts",
            list_route="/contacts",
            title=s.record["name"],
            subtitle=subtitle,
            fields=CONTACT_FIELDS,
            custom_values={"company_id": company_value, "owner_id": owner_value},
            custom_inputs={"company_id": company_typeahead(s, s.company_query, s.search_companies)},
        )
    )
