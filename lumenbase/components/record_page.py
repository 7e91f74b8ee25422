"""The layout every record page shares: header with actions, fields (view or edit), timeline."""

from __future__ import annotations

import reflex as rx

from lumenbase.components.ui import empty_state, error_callout, field

# (label, field name, input type). "owner_id" renders as a member picker.
FieldSpec = tuple[str, str, str]


def _field_value(state, name: str) -> rx.Component:
    value = state.record[name]
    return rx.cond(
        value != "",
        rx.text(value, size="2", data_testid=f"value-{name}"),
        rx.text("—", size="2", color=rx.color("gray", 9), data_testid=f"value-{name}"),
    )


def _view_fields(state, fields: list[FieldSpec], custom: dict) -> rx.Component:
    rows = []
    for label, name, _kind in fields:
        value = custom[name] if name in custom else _field_value(state, name)
        rows.append(
            rx.data_list.item(
                rx.data_list.label(label, min_width="130px"),
                rx.data_list.value(value),
            )
        )
    return rx.data_list.root(*rows, size="2")


def owner_picker(state) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder="No owner", width="100%", data_testid="input-owner_id"),
        rx.select.content(
            rx.foreach(state.members, lambda m: rx.select.item(m["name"], value=m["id"])),
        ),
        value=state.form["owner_id"],
        on_change=lambda v: state.set_field("owner_id", v),
    )


def _edit_fields(state, fields: list[FieldSpec], custom_inputs: dict) -> rx.Component:
    controls = []
    for label, name, kind in fields:
        if name in custom_inputs:
            control = custom_inputs[name]
        elif name == "owner_id":
            control = owner_picker(state)
        elif kind == "textarea":
            control = rx.text_area(
                value=state.form[name],
                on_change=lambda v, n=name: state.set_field(n, v),
                width="100%",
                data_testid=f"input-{name}",
            )
        else:
            control = rx.input(
                value=state.form[name],
                on_change=lambda v, n=name: state.set_field(n, v),
                type=kind,
                width="100%",
                data_testid=f"input-{name}",
            )
        controls.append(field(label, control, state.errors.get(name, "")))
    return rx.vstack(
        error_callout(state.errors.get("form", "")),
        rx.grid(*controls, columns="2", spacing="3", width="100%"),
        rx.hstack(
            rx.button("Save", on_click=state.save, data_testid="save"),
            rx.button("Cancel", variant="soft", color_scheme="gray", on_click=state.cancel_edit),
            spacing="2",
        ),
        spacing="3",
        width="100%",
    )


def _entry(state, entry) -> rx.Component:
    icon = rx.match(
        entry["kind"],
        ("note", "sticky-note"),
        ("task", "square-check"),
        ("created", "circle-plus"),
        ("deleted", "trash-2"),
        ("imported", "upload"),
        ("converted", "repeat"),
        ("list", "list"),
        ("stage", "arrow-right-left"),
        ("won", "trophy"),
        ("lost", "circle-x"),
        "pencil",
    )
    return rx.hstack(
        rx.icon(icon, size=16, color=rx.color("gray", 10), margin_top="3px"),
        rx.vstack(
            rx.hstack(
                rx.text(entry["summary"], size="2", weight="medium"),
                rx.cond(
                    entry["kind"] == "task",
                    rx.cond(
                        entry["done"] != "",
                        rx.badge("Done", color_scheme="green"),
                        rx.cond(
                            state.can_write,
                            rx.button(
                                "Mark done",
                                size="1",
                                variant="soft",
                                on_click=state.complete_task(entry["task_id"]),
                            ),
                        ),
                    ),
                ),
                rx.cond(
                    entry["due"] != "",
                    rx.text("due ", entry["due"], size="1", color=rx.color("gray", 10)),
                ),
                align="center",
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(entry["body"] != "", rx.text(entry["body"], size="2", white_space="pre-wrap")),
            rx.text(entry["actor"], " · ", entry["when"], size="1", color=rx.color("gray", 10)),
            spacing="1",
            align="start",
        ),
        align="start",
        spacing="3",
        padding_y="8px",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        width="100%",
        data_testid="timeline-entry",
    )


def timeline_panel(state) -> rx.Component:
    composer = rx.cond(
        state.can_write,
        rx.vstack(
            rx.text_area(
                placeholder="Write a note…",
                value=state.note_text,
                on_change=state.set_note_text,
                width="100%",
                data_testid="note-text",
            ),
            rx.button("Add note", size="1", on_click=state.add_note, data_testid="add-note"),
            rx.hstack(
                rx.input(
                    placeholder="New task",
                    value=state.task_title,
                    on_change=state.set_task_title,
                    flex="1",
                    data_testid="task-title",
                ),
                rx.input(
                    type="date",
                    value=state.task_due,
                    on_change=state.set_task_due,
                    width="150px",
                    data_testid="task-due",
                ),
                rx.button("Add task", size="1", on_click=state.add_task, data_testid="add-task"),
                width="100%",
                align="center",
            ),
            error_callout(state.activity_error),
            spacing="2",
            width="100%",
            align="start",
        ),
    )
    entries = rx.cond(
        state.entries.length() > 0,
        rx.vstack(
            rx.foreach(state.entries, lambda e: _entry(state, e)),
            rx.hstack(
                rx.button(
                    "Newer",
                    size="1",
                    variant="soft",
                    disabled=state.timeline_page <= 1,
                    on_click=state.timeline_prev,
                ),
                rx.text("Page ", state.timeline_page, " of ", state.timeline_page_count, size="1"),
                rx.button(
                    "Older",
                    size="1",
                    variant="soft",
                    disabled=state.timeline_page >= state.timeline_page_count,
                    on_click=state.timeline_next,
                ),
                align="center",
                spacing="2",
            ),
            spacing="0",
            width="100%",
        ),
        rx.text("Nothing has happened here yet.", size="2", color=rx.color("gray", 10)),
    )
    return rx.card(
        rx.vstack(rx.heading("Timeline", size="3"), composer, entries, spacing="3", width="100%"),
        width="100%",
    )


def lists_card(state, noun: str) -> rx.Component:
    """The lists a record is in, each a link to the list."""
    badges = rx.foreach(
        state.record_lists,
        lambda item: rx.link(
            rx.badge(rx.icon("list", size=12), item["name"], variant="soft", size="2"),
            href="/lists/" + item["id"],
            data_testid="record-list",
        ),
    )
    return rx.card(
        rx.vstack(
            rx.heading("Lists", size="3"),
            rx.cond(
                state.record_lists.length() > 0,
                rx.hstack(badges, wrap="wrap", spacing="2"),
                rx.text(
                    f"This {noun} is in no list. Add it from the list page: select it, then "
                    "“Add to list”.",
                    size="2",
                    color=rx.color("gray", 10),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def delete_dialog(state, noun: str) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(f"Move this {noun} to the trash?"),
            rx.alert_dialog.description(
                f"The {noun} disappears from lists and searches. It stays in the database and an "
                "admin can restore it for 30 days."
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Move to trash",
                        color_scheme="red",
                        on_click=state.delete,
                        data_testid="confirm-delete",
                    )
                ),
                spacing="2",
                justify="end",
                margin_top="12px",
            ),
        ),
        open=state.confirm_delete,
        on_open_change=state.set_confirm_delete,
    )


def record_page(
    state,
    *,
    noun: str,
    list_label: str,
    list_route: str,
    title: rx.Var,
    subtitle: rx.Component,
    fields: list[FieldSpec],
    custom_values: dict | None = None,
    custom_inputs: dict | None = None,
    side: rx.Component | None = None,
    actions: rx.Component | None = None,
    banner: rx.Component | None = None,
) -> rx.Component:
    """`side` goes under the details, `banner` across the page under the header."""
    header = rx.hstack(
        rx.vstack(
            rx.link(
                rx.hstack(
                    rx.icon("arrow-left", size=14), rx.text(list_label, size="2"), align="center"
                ),
                href=list_route,
                underline="none",
            ),
            rx.heading(title, size="6", data_testid="record-title"),
            subtitle,
            spacing="1",
        ),
        rx.spacer(),
        rx.cond(
            state.can_write & ~state.editing,
            rx.hstack(
                actions if actions is not None else rx.fragment(),
                rx.button(
                    rx.icon("pencil", size=14),
                    "Edit",
                    variant="soft",
                    on_click=state.start_edit,
                    data_testid="edit",
                ),
                rx.button(
                    rx.icon("trash-2", size=14),
                    "Delete",
                    variant="soft",
                    color_scheme="red",
                    on_click=state.set_confirm_delete(True),
                    data_testid="delete",
                ),
                spacing="2",
            ),
        ),
        width="100%",
        align="start",
    )
    details = rx.card(
        rx.vstack(
            rx.heading("Details", size="3"),
            rx.cond(
                state.editing,
                _edit_fields(state, fields, custom_inputs or {}),
                _view_fields(state, fields, custom_values or {}),
            ),
            rx.text(
                "Created ",
                state.record["created_at"],
                " · updated ",
                state.record["updated_at"],
                size="1",
                color=rx.color("gray", 10),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
    body = rx.cond(
        state.missing,
        empty_state(
            "search-x",
            f"This {noun} does not exist or was deleted.",
            "It may have been moved to the trash, or the link is wrong.",
            rx.link(f"Back to {list_label.lower()}", href=list_route),
        ),
        rx.vstack(
            header,
            banner if banner is not None else rx.fragment(),
            rx.grid(
                rx.vstack(
                    details,
                    side if side is not None else rx.fragment(),
                    lists_card(state, noun),
                    spacing="4",
                    width="100%",
                ),
                timeline_panel(state),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                width="100%",
            ),
            delete_dialog(state, noun),
            spacing="4",
            width="100%",
        ),
    )
    return body
