"""The lead page's Convert button and dialog: what will be linked or created, the optional deal."""

import reflex as rx

from lumenbase.components.ui import error_callout, field
from lumenbase.state.lead_conversion import LeadConvertState


def convert_button() -> rx.Component:
    return rx.button(
        rx.icon("repeat", size=14),
        "Convert",
        on_click=LeadConvertState.start,
        data_testid="convert",
    )


def _plan_line(icon: str, text: rx.Var, action: rx.Var, testid: str) -> rx.Component:
    """One record of the preview; `action` is "link", "create" or "" (nothing happens)."""
    return rx.hstack(
        rx.icon(icon, size=16, color=rx.color("gray", 10)),
        rx.text(text, size="2", data_testid=testid),
        rx.match(
            action,
            ("link", rx.badge("Link", color_scheme="green", variant="soft")),
            ("create", rx.badge("New", color_scheme="blue", variant="soft")),
            rx.fragment(),
        ),
        align="center",
        spacing="2",
    )


def _deal_fields() -> rx.Component:
    s = LeadConvertState
    pipeline = rx.cond(
        s.pipelines.length() > 0,
        rx.select.root(
            rx.select.trigger(width="100%", data_testid="convert-pipeline"),
            rx.select.content(
                rx.foreach(s.pipelines, lambda p: rx.select.item(p["name"], value=p["id"]))
            ),
            value=s.pipeline_id,
            on_change=s.set_pipeline_id,
        ),
        rx.text(
            "A “Sales” pipeline with the standard stages will be created.",
            size="2",
            color=rx.color("gray", 11),
        ),
    )
    return rx.vstack(
        field(
            "Deal name",
            rx.input(
                value=s.deal_name,
                on_change=s.set_deal_name,
                width="100%",
                data_testid="convert-deal-name",
            ),
            s.errors.get("deal_name", ""),
        ),
        rx.grid(
            field(
                "Amount",
                rx.input(
                    value=s.deal_amount,
                    on_change=s.set_deal_amount,
                    placeholder="e.g. 12,500",
                    inputmode="decimal",
                    width="100%",
                    data_testid="convert-deal-amount",
                ),
                s.errors.get("deal_amount", ""),
            ),
            field(
                "Currency",
                rx.select(
                    s.currencies,
                    value=s.currency,
                    on_change=s.set_currency,
                    width="100%",
                    data_testid="convert-currency",
                ),
                s.errors.get("currency", ""),
            ),
            columns="2",
            spacing="3",
            width="100%",
        ),
        field("Pipeline", pipeline, s.errors.get("pipeline_id", "")),
        spacing="3",
        width="100%",
        padding_left="24px",
    )


def convert_dialog() -> rx.Component:
    s = LeadConvertState
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Convert ", s.lead_name),
            rx.dialog.description(
                "The lead becomes a contact (and a company), and is marked converted. "
                "Existing records are linked, never duplicated.",
                size="2",
                color=rx.color("gray", 11),
            ),
            rx.vstack(
                error_callout(s.errors.get("form", "")),
                rx.card(
                    rx.vstack(
                        _plan_line("contact", s.contact_line, s.contact_action, "convert-contact"),
                        _plan_line(
                            "building-2", s.company_line, s.company_action, "convert-company"
                        ),
                        spacing="2",
                    ),
                    width="100%",
                ),
                rx.text(
                    rx.hstack(
                        rx.checkbox(
                            checked=s.create_deal,
                            on_change=s.set_create_deal,
                            data_testid="convert-create-deal",
                        ),
                        "Create a deal",
                        spacing="2",
                        align="center",
                    ),
                    as_="label",
                    size="2",
                    weight="medium",
                ),
                rx.cond(s.create_deal, _deal_fields()),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(
                        "Convert",
                        on_click=s.convert,
                        loading=s.converting,
                        data_testid="convert-submit",
                    ),
                    justify="end",
                    width="100%",
                    spacing="2",
                ),
                spacing="3",
                margin_top="12px",
                width="100%",
            ),
            max_width="520px",
        ),
        open=s.open,
        on_open_change=s.set_open,
    )
