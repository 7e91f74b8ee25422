"""Small shared pieces: labelled fields with their error, pagination, empty states."""

from __future__ import annotations

import reflex as rx


def field(label: str, control: rx.Component, error: rx.Var | str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        control,
        rx.cond(
            error != "",
            rx.text(
                error,
                size="1",
                color=rx.color("red", 11),
                data_testid=f"error-{label.lower().replace(' ', '-')}",
            ),
        ),
        spacing="1",
        width="100%",
    )


def text_input(name: str, value: rx.Var, on_change, placeholder: str = "", **props) -> rx.Component:
    return rx.input(
        value=value,
        on_change=on_change,
        placeholder=placeholder,
        name=name,
        width="100%",
        data_testid=f"input-{name}",
        **props,
    )


def empty_state(
    icon: str, title: str, detail: str, action: rx.Component | None = None
) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon(icon, size=32, color=rx.color("gray", 9)),
            rx.text(title, weight="medium"),
            rx.text(detail, size="2", color=rx.color("gray", 10), text_align="center"),
            action if action is not None else rx.fragment(),
            align="center",
            spacing="2",
        ),
        padding="48px",
        width="100%",
        border=f"1px dashed {rx.color('gray', 6)}",
        border_radius="8px",
        data_testid="empty-state",
    )


def pager(page: rx.Var, page_count: rx.Var, total_label: rx.Var, on_prev, on_next) -> rx.Component:
    return rx.hstack(
        rx.text(total_label, size="2", color=rx.color("gray", 11), data_testid="total-count"),
        rx.spacer(),
        rx.button(
            rx.icon("chevron-left", size=14),
            "Previous",
            variant="soft",
            size="1",
            disabled=page <= 1,
            on_click=on_prev,
            data_testid="prev-page",
        ),
        rx.text("Page ", page, " of ", page_count, size="2"),
        rx.button(
            "Next",
            rx.icon("chevron-right", size=14),
            variant="soft",
            size="1",
            disabled=page >= page_count,
            on_click=on_next,
            data_testid="next-page",
        ),
        align="center",
        width="100%",
        padding_top="12px",
    )


def error_callout(message: rx.Var) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(
            message, icon="triangle-alert", color_scheme="red", size="1", data_testid="form-error"
        ),
    )
