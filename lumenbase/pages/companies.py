"""Companies list and company page."""

import reflex as rx

from lumenbase.components.new_record import new_record_dialog, new_text_field, side_by_side
from lumenbase.components.record_list import Column, record_list_page
from lumenbase.components.record_page import record_page
from lumenbase.components.shell import app_shell
from lumenbase.state.companies import CompanyDetailState, CompanyListState

SORTS = [("name", "Name A–Z"), ("-name", "Name Z–A"), ("newest", "Newest"), ("oldest", "Oldest")]


COLUMNS = [
    Column(
        "name",
        "Name",
        lambda row: rx.link(
            row["name"], href="/companies/" + row["id"], data_testid="company-link"
        ),
    ),
    Column("domain", "Domain", lambda row: row["domain"]),
    Column("industry", "Industry", lambda row: row["industry"]),
    Column("country", "Country", lambda row: row["country"]),
    Column("employees", "Employees", lambda row: row["employees"]),
    Column("contacts", "Contacts", lambda row: row["contacts"]),
    Column("owner", "Owner", lambda row: row["owner"]),
]


def _new_dialog() -> rx.Component:
    s = CompanyListState
    return new_record_dialog(
        s,
        title="New company",
        submit_label="Create company",
        submit_testid="create-company",
        fields=[
            new_text_field(s, "Name", "name"),
            new_text_field(s, "Domain or website", "domain"),
            side_by_side(
                new_text_field(s, "Industry", "industry"), new_text_field(s, "Country", "country")
            ),
            new_text_field(s, "Employees", "employee_count", "number"),
        ],
    )


def companies_page() -> rx.Component:
    return app_shell(
        record_list_page(
            CompanyListState,
            title="Companies",
            noun_plural="companies",
            search_placeholder="Search name or domain",
            sort_options=SORTS,
            columns=COLUMNS,
            row_testid="company-row",
            views=True,
            lists=True,
            new_button=rx.button(
                rx.icon("plus", size=14),
                "New company",
                on_click=CompanyListState.open_new,
                data_testid="new-company",
            ),
            new_dialog=_new_dialog(),
            empty_hint="Create one, or import a CSV with `lumenbase import-csv`.",
        )
    )


COMPANY_FIELDS = [
    ("Name", "name", "text"),
    ("Domain", "domain", "text"),
    ("Website", "website", "url"),
    ("Industry", "industry", "text"),
    ("Employees", "employee_count", "number"),
    ("Founded", "founded_year", "number"),
    ("Phone", "phone", "tel"),
    ("City", "city", "text"),
    ("Country", "country", "text"),
    ("LinkedIn", "linkedin_url", "url"),
    ("Description", "description", "textarea"),
    ("Owner", "owner_id", "text"),
]


def _people() -> rx.Component:
    s = CompanyDetailState
    return rx.card(
        rx.vstack(
            rx.heading("People (", s.people_total, ")", size="3"),
            rx.cond(
                s.people.length() > 0,
                rx.vstack(
                    rx.foreach(
                        s.people,
                        lambda p: rx.hstack(
                            rx.link(p["name"], href="/contacts/" + p["id"]),
                            rx.text(p["title"], size="1", color=rx.color("gray", 10)),
                            rx.spacer(),
                            rx.text(p["email"], size="1", color=rx.color("gray", 11)),
                            width="100%",
                            align="center",
                        ),
                    ),
                    spacing="2",
                    width="100%",
                ),
                rx.text("No contacts at this company yet.", size="2", color=rx.color("gray", 10)),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def company_page() -> rx.Component:
    s = CompanyDetailState
    owner_value = rx.text(
        rx.cond(s.record["owner_name"] != "", s.record["owner_name"], "—"), size="2"
    )
    website_value = rx.cond(
        s.record["website"] != "",
        rx.link(s.record["website"], href=s.record["website_href"], is_external=True),
        rx.text("—"),
    )
    return app_shell(
        record_page(
            s,
            noun="company",
            list_label="Companies",
            list_route="/companies",
            title=s.record["name"],
            subtitle=rx.text(s.record["industry"], size="2", color=rx.color("gray", 11)),
            fields=COMPANY_FIELDS,
            custom_values={"owner_id": owner_value, "website": website_value},
            side=_people(),
        )
    )
