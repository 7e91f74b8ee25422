"""Settings › Pipelines: pick a pipeline, rename it, add, edit, reorder and remove its stages."""

import reflex as rx

from lumenbase.components.shell import app_shell
from lumenbase.components.ui import empty_state, error_callout, field
from lumenbase.state.pipeline_settings import PipelineSettingsState

OUTCOMES = [("open", "Open"), ("won", "Won"), ("lost", "Lost")]


def _pipeline_list() -> rx.Component:
    s = PipelineSettingsState
    item = lambda p: rx.button(  # noqa: E731
        p["name"],
        rx.cond(p["default"] != "", rx.badge("default", variant="soft", size="1")),
        variant=rx.cond(p["id"] == s.selected, "soft", "ghost"),
        width="100%",
        justify_content="start",
        on_click=s.select(p["id"]),
        data_testid="pipeline-item",
    )
    new = rx.cond(
        s.can_write,
        rx.vstack(
            rx.hstack(
                rx.input(
                    value=s.new_pipeline,
                    on_change=s.set_new_pipeline,
                    placeholder="New pipeline",
                    flex="1",
                    data_testid="new-pipeline-name",
                ),
                rx.button("Add", on_click=s.create_pipeline, data_testid="create-pipeline"),
                width="100%",
            ),
            rx.cond(s.name_error != "", rx.text(s.name_error, size="1", color=rx.color("red", 11))),
            width="100%",
            spacing="1",
        ),
    )
    return rx.card(
        rx.vstack(
            rx.heading("Pipelines", size="3"),
            rx.foreach(s.pipelines, item),
            new,
            spacing="2",
            width="100%",
        ),
        width="260px",
        min_width="260px",
    )


def _stage_row(stage) -> rx.Component:
    s = PipelineSettingsState
    color = rx.match(stage["outcome"], ("won", "green"), ("lost", "red"), "gray")

    def small(icon, label, on_click, disabled=False, testid=""):
        return rx.icon_button(
            rx.icon(icon, size=14),
            size="1",
            variant="ghost",
            aria_label=label,
            disabled=disabled,
            on_click=on_click,
            data_testid=testid,
        )

    return rx.table.row(
        rx.table.row_header_cell(stage["name"]),
        rx.table.cell(stage["probability"]),
        rx.table.cell(rx.badge(stage["outcome_label"], color_scheme=color, variant="soft")),
        rx.table.cell(stage["deals"]),
        rx.table.cell(
            rx.cond(
                s.can_write,
                rx.hstack(
                    small("arrow-up", "Move up", s.move(stage["id"], -1), stage["first"] != ""),
                    small("arrow-down", "Move down", s.move(stage["id"], 1), stage["last"] != ""),
                    small("pencil", "Edit stage", s.open_stage(stage["id"]), testid="edit-stage"),
                    small(
                        "trash-2",
                        "Remove stage",
                        s.remove(stage["id"]),
                        stage["deals"] != "0",
                        "remove-stage",
                    ),
                    spacing="3",
                ),
            )
        ),
        data_testid="stage-row",
    )


def _stage_dialog() -> rx.Component:
    s = PipelineSettingsState
    form, errors = s.stage_form, s.stage_errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(form["id"] != "", "Edit stage", "New stage")),
            rx.vstack(
                error_callout(errors.get("stage", "")),
                field(
                    "Name",
                    rx.input(
                        value=form["name"],
                        on_change=lambda v: s.set_stage_field("name", v),
                        width="100%",
                        data_testid="stage-name",
                    ),
                    errors.get("name", ""),
                ),
                rx.grid(
                    field(
                        "Win probability (%)",
                        rx.input(
                            value=form["probability"],
                            on_change=lambda v: s.set_stage_field("probability", v),
                            type="number",
                            min="0",
                            max="100",
                            width="100%",
                            data_testid="stage-probability",
                        ),
                        errors.get("probability", ""),
                    ),
                    field(
                        "Outcome",
                        rx.select.root(
                            rx.select.trigger(width="100%", data_testid="stage-outcome"),
                            rx.select.content(
                                *[rx.select.item(label, value=key) for key, label in OUTCOMES]
                            ),
                            value=form["outcome"],
                            on_change=lambda v: s.set_stage_field("outcome", v),
                        ),
                        errors.get("outcome", ""),
                    ),
                    columns="2",
                    spacing="3",
                    width="100%",
                ),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button("Save stage", on_click=s.save_stage, data_testid="save-stage"),
                    justify="end",
                    width="100%",
                    spacing="2",
                ),
                spacing="3",
            ),
        ),
        open=s.stage_open,
        on_open_change=s.set_stage_open,
    )


def _stages() -> rx.Component:
    s = PipelineSettingsState
    rename = rx.cond(
        s.can_write,
        rx.hstack(
            rx.input(
                value=s.rename_to, on_change=s.set_rename_to, width="240px", data_testid="rename"
            ),
            rx.button(
                "Rename",
                variant="soft",
                on_click=s.rename,
                disabled=s.rename_to == s.pipeline_name,
                data_testid="rename-pipeline",
            ),
        ),
    )
    table = rx.table.root(
        rx.table.header(
            rx.table.row(
                *[
                    rx.table.column_header_cell(h)
                    for h in ("Stage", "Win probability", "Outcome", "Deals", "")
                ]
            )
        ),
        rx.table.body(rx.foreach(s.stages, _stage_row)),
        variant="surface",
        size="1",
        width="100%",
    )
    return rx.vstack(
        rx.hstack(
            rx.heading(s.pipeline_name, size="5"), rx.spacer(), rename, width="100%", align="center"
        ),
        error_callout(s.page_error),
        table,
        rx.cond(
            s.can_write,
            rx.button(
                rx.icon("plus", size=14),
                "Add stage",
                variant="soft",
                on_click=s.open_stage(""),
                data_testid="add-stage",
            ),
        ),
        rx.text(
            "Open stages come first, in the order deals move through them; a won and a lost "
            "stage close a deal. A stage that holds deals cannot be removed.",
            size="1",
            color=rx.color("gray", 10),
        ),
        spacing="3",
        width="100%",
    )


def pipeline_settings_page() -> rx.Component:
    s = PipelineSettingsState
    return app_shell(
        rx.vstack(
            rx.heading("Settings · Pipelines", size="6"),
            rx.cond(
                s.loaded,
                rx.cond(
                    s.pipelines.length() > 0,
                    rx.hstack(
                        _pipeline_list(), _stages(), spacing="5", align="start", width="100%"
                    ),
                    empty_state(
                        "square-kanban",
                        "No pipeline yet.",
                        "Someone who can edit deals creates the first one by opening this page.",
                    ),
                ),
                rx.center(rx.spinner(), padding="48px", width="100%"),
            ),
            _stage_dialog(),
            spacing="4",
            width="100%",
        )
    )
