"""The "New …" dialog every list page has; its state is state/new_record.py's NewRecordMixin."""

from __future__ import annotations

import reflex as rx

from lumenbase.components.ui import error_callout, field


def new_text_field(state, label: str, name: str, kind: str = "text") -> rx.Component:
    """A labelled input bound to `state.new_form[name]`, with its error under it."""
    return field(
        label,
        rx.input(
            value=state.new_form[name],
            on_change=lambda v: state.set_new_field(name, v),
            type=kind,
            width="100%",
            data_testid=f"new-{name}",
        ),
        state.new_errors.get(name, ""),
    )


def side_by_side(*children: rx.Component) -> rx.Component:
    return rx.grid(*children, columns="2", spacing="3", width="100%")


def new_record_dialog(
    state, *, title: str, submit_label: str, submit_testid: str, fields: list[rx.Component]
) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.vstack(
                error_callout(state.new_errors.get("form", "")),
                *fields,
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(submit_label, on_click=state.create, data_testid=submit_testid),
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
