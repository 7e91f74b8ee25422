"""My tasks."""

import reflex as rx

from lumenbase.components.shell import app_shell
from lumenbase.components.ui import empty_state, error_callout, field, pager
from lumenbase.state.tasks import TasksState

BUCKETS = ["overdue", "today", "upcoming", "done"]
EMPTY = {
    "overdue": ("circle-check", "Nothing overdue.", "Every open task is due today or later."),
    "today": ("sun", "Nothing due today.", "Tasks due today show here until the day ends."),
    "upcoming": ("calendar", "Nothing coming up.", "Tasks due after today, and undated ones."),
    "done": ("archive", "Nothing done yet.", "Tasks you mark done show here, newest first."),
}


LABELS = {"overdue": "Overdue", "today": "Today", "upcoming": "Upcoming", "done": "Done"}
KIND_ICONS = {
    "contact": "contact",
    "company": "building-2",
    "lead": "user-plus",
    "deal": "handshake",
}


def _buckets() -> rx.Component:
    def trigger(bucket: str) -> rx.Component:
        badge = rx.badge(
            TasksState.counts[bucket],
            variant="soft",
            color_scheme="red" if bucket == "overdue" else "gray",
            data_testid=f"count-{bucket}",
        )
        return rx.tabs.trigger(
            rx.hstack(LABELS[bucket], badge, align="center", spacing="2"),
            value=bucket,
            data_testid=f"bucket-{bucket}",
        )

    return rx.tabs.root(
        rx.tabs.list(*[trigger(b) for b in BUCKETS]),
        value=TasksState.bucket,
        on_change=TasksState.set_bucket,
    )


def _member_items(me_label: str) -> list:
    return [
        rx.select.item(me_label, value="me"),
        rx.select.separator(),
        rx.foreach(TasksState.members, lambda m: rx.select.item(m["name"], value=m["id"])),
    ]


def _assignee_filter() -> rx.Component:
    return rx.cond(
        TasksState.can_see_others,
        rx.select.root(
            rx.select.trigger(width="200px", data_testid="assignee-filter"),
            rx.select.content(*_member_items("My tasks")),
            value=rx.cond(TasksState.assignee == "", "me", TasksState.assignee),
            on_change=TasksState.set_assignee,
        ),
    )


def _record_link(row) -> rx.Component:
    return rx.cond(
        row["record_href"] != "",
        rx.hstack(
            rx.match(
                row["record_kind"],
                *[
                    (kind, rx.icon(icon, size=14, color=rx.color("gray", 10)))
                    for kind, icon in KIND_ICONS.items()
                ],
                rx.fragment(),
            ),
            rx.link(
                row["record_name"], href=row["record_href"], size="2", data_testid="task-record"
            ),
            align="center",
            spacing="2",
        ),
        rx.cond(
            row["record_gone"] != "",
            rx.text("Record in the trash", size="2", color=rx.color("gray", 9)),
            rx.text("—", size="2", color=rx.color("gray", 9)),
        ),
    )


def _due(row) -> rx.Component:
    editable = rx.input(
        type="date",
        value=row["due_iso"],
        on_change=lambda value: TasksState.reschedule(row["id"], value),
        width="150px",
        size="1",
        color=rx.cond(row["overdue"] != "", rx.color("red", 11), rx.color("gray", 12)),
        data_testid="task-due",
    )
    shown = rx.text(
        rx.cond(row["due"] != "", row["due"], "No due date"),
        size="2",
        color=rx.cond(row["overdue"] != "", rx.color("red", 11), rx.color("gray", 11)),
    )
    return rx.cond(TasksState.can_write & (row["done"] == ""), editable, shown)


def _task_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.checkbox(
                checked=row["done"] != "",
                on_change=lambda done: TasksState.set_done(row["id"], done),
                disabled=~TasksState.can_write,
                data_testid="task-done",
            ),
            width="36px",
        ),
        rx.table.row_header_cell(
            rx.text(
                row["title"],
                text_decoration=rx.cond(row["done"] != "", "line-through", "none"),
                color=rx.cond(row["done"] != "", rx.color("gray", 10), rx.color("gray", 12)),
            ),
            data_testid="task-title",
        ),
        rx.table.cell(_record_link(row)),
        rx.table.cell(
            rx.cond(
                row["done"] != "",
                rx.text("Done ", row["completed"], size="2", color=rx.color("green", 11)),
                _due(row),
            )
        ),
        align="center",
        data_testid="task-row",
    )


def _new_dialog() -> rx.Component:
    s = TasksState
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("New task"),
            rx.vstack(
                error_callout(s.new_errors.get("form", "")),
                field(
                    "Title",
                    rx.input(
                        value=s.new_title,
                        on_change=s.set_new_title,
                        placeholder="e.g. Prepare the quarterly review",
                        width="100%",
                        data_testid="new-task-title",
                    ),
                    s.new_errors.get("title", ""),
                ),
                field(
                    "Due",
                    rx.input(
                        type="date",
                        value=s.new_due,
                        on_change=s.set_new_due,
                        width="100%",
                        data_testid="new-task-due",
                    ),
                    s.new_errors.get("due", ""),
                ),
                field(
                    "Assigned to",
                    rx.select.root(
                        rx.select.trigger(width="100%", data_testid="new-task-assignee"),
                        rx.select.content(*_member_items("Me")),
                        value=rx.cond(s.new_assignee == "", "me", s.new_assignee),
                        on_change=s.set_new_assignee,
                    ),
                    s.new_errors.get("assignee_id", ""),
                ),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button("Add task", on_click=s.create, data_testid="create-task"),
                    justify="end",
                    width="100%",
                    spacing="2",
                ),
                spacing="3",
                margin_top="12px",
            ),
        ),
        open=s.new_open,
        on_open_change=s.set_new_open,
    )


def _empty() -> rx.Component:
    return rx.match(
        TasksState.bucket,
        *[(bucket, empty_state(*EMPTY[bucket])) for bucket in BUCKETS[:-1]],
        empty_state(*EMPTY["done"]),
    )


def tasks_page() -> rx.Component:
    s = TasksState
    table = rx.vstack(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(""),
                    rx.table.column_header_cell("Task"),
                    rx.table.column_header_cell("Record"),
                    rx.table.column_header_cell(rx.cond(s.bucket == "done", "Completed", "Due")),
                )
            ),
            rx.table.body(rx.foreach(s.rows, _task_row)),
            variant="surface",
            size="1",
            width="100%",
        ),
        pager(s.page, s.page_count, s.total_label, s.prev_page, s.next_page),
        spacing="0",
        width="100%",
    )
    return app_shell(
        rx.vstack(
            rx.hstack(
                rx.heading(s.heading, size="6", data_testid="tasks-heading"),
                rx.spacer(),
                _assignee_filter(),
                rx.cond(
                    s.can_write,
                    rx.button(
                        rx.icon("plus", size=14),
                        "New task",
                        on_click=s.open_new,
                        data_testid="new-task",
                    ),
                ),
                width="100%",
                align="center",
            ),
            _buckets(),
            error_callout(s.error),
            rx.cond(
                s.loaded,
                rx.cond(s.total > 0, table, _empty()),
                rx.center(rx.spinner(), padding="48px", width="100%"),
            ),
            _new_dialog(),
            spacing="4",
            width="100%",
        )
    )
