"""Settings › Pipelines: pipelines and their stages (name, win probability, outcome, order)."""

from __future__ import annotations

import reflex as rx

from lumenbase.errors import LumenbaseError, ValidationFailed
from lumenbase.services import pipelines
from lumenbase.state.deal_new import pipelines_for
from lumenbase.state.session import SessionState, call_service, utcnow

OUTCOME_LABELS = {"open": "Open", "won": "Won", "lost": "Lost"}


def _read(s, ctx, pipeline_id: int | None):
    found = pipelines_for(s, ctx)
    chosen = next((p for p in found if p.id == pipeline_id), found[0] if found else None)
    counts = pipelines.stage_deal_counts(s, ctx, chosen.id) if chosen else {}
    return found, chosen, counts


class PipelineSettingsState(SessionState):
    pipelines: list[dict[str, str]] = []
    selected: str = ""
    pipeline_name: str = ""
    stages: list[dict[str, str]] = []
    loaded: bool = False
    page_error: str = ""
    # The stage dialog: add (id "") or edit.
    stage_open: bool = False
    stage_form: dict[str, str] = {}
    stage_errors: dict[str, str] = {}
    # New pipeline and rename.
    new_pipeline: str = ""
    rename_to: str = ""
    name_error: str = ""

    async def _refresh(self, ctx) -> None:
        chosen_id = int(self.selected) if self.selected.isdigit() else None
        found, chosen, counts = await call_service(ctx, _read, chosen_id)
        self.pipelines = [
            {"id": str(p.id), "name": p.name, "default": "yes" if p.is_default else ""}
            for p in found
        ]
        self.selected = str(chosen.id) if chosen else ""
        self.pipeline_name = chosen.name if chosen else ""
        self.rename_to = self.pipeline_name
        last = len(chosen.stages) - 1 if chosen else 0
        self.stages = [
            {
                "id": str(x.id),
                "name": x.name,
                "probability": f"{x.probability}%",
                "probability_value": str(x.probability),
                "outcome": x.outcome,
                "outcome_label": OUTCOME_LABELS[x.outcome],
                "deals": f"{counts.get(x.id, 0):,}",
                "first": "yes" if index == 0 else "",
                "last": "yes" if index == last else "",
            }
            for index, x in enumerate(chosen.stages if chosen else [])
        ]
        self.loaded = True

    async def _run(self, ctx, fn, *args, **kwargs) -> bool:
        """Call a pipelines service; show what it refused. True when it went through."""
        try:
            await call_service(ctx, fn, *args, now=utcnow(), **kwargs)
        except ValidationFailed as exc:
            self.page_error = " ".join(exc.field_errors.values())
            return False
        except LumenbaseError as exc:
            self.page_error = str(exc)
            return False
        self.page_error = ""
        await self._refresh(ctx)
        return True

    @rx.event
    async def load(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        self.page_error, self.name_error = "", ""
        await self._refresh(ctx)

    @rx.event
    async def select(self, pipeline_id: str):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        self.selected, self.page_error, self.name_error = pipeline_id, "", ""
        await self._refresh(ctx)

    @rx.event
    def set_new_pipeline(self, value: str):
        self.new_pipeline = value

    @rx.event
    def set_rename_to(self, value: str):
        self.rename_to = value

    @rx.event
    async def create_pipeline(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        try:
            created = await call_service(
                ctx, pipelines.create_pipeline, name=self.new_pipeline, now=utcnow()
            )
        except LumenbaseError as exc:
            self.name_error = " ".join(getattr(exc, "field_errors", {}).values()) or str(exc)
            return
        self.new_pipeline, self.name_error, self.selected = "", "", str(created.id)
        await self._refresh(ctx)
        return rx.toast.success("Pipeline created with the usual stages; adjust them below.")

    @rx.event
    async def rename(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        if await self._run(ctx, pipelines.rename_pipeline, int(self.selected), name=self.rename_to):
            return rx.toast.success("Pipeline renamed.")

    @rx.event
    def open_stage(self, stage_id: str):
        stage = next((x for x in self.stages if x["id"] == stage_id), None)
        self.stage_form = {
            "id": stage_id,
            "name": stage["name"] if stage else "",
            "probability": stage["probability_value"] if stage else "",
            "outcome": stage["outcome"] if stage else "open",
        }
        self.stage_errors, self.stage_open = {}, True

    @rx.event
    def set_stage_open(self, value: bool):
        self.stage_open = value

    @rx.event
    def set_stage_field(self, name: str, value: str):
        if name in ("name", "probability", "outcome"):
            self.stage_form[name] = value

    @rx.event
    async def save_stage(self):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        form = self.stage_form
        values = {k: form.get(k, "") for k in ("name", "probability", "outcome")}
        try:
            if form.get("id"):
                await call_service(
                    ctx, pipelines.update_stage, int(form["id"]), now=utcnow(), **values
                )
            else:
                await call_service(
                    ctx, pipelines.add_stage, int(self.selected), now=utcnow(), **values
                )
        except ValidationFailed as exc:
            self.stage_errors = exc.field_errors
            return
        except LumenbaseError as exc:
            self.stage_errors = {"stage": str(exc)}
            return
        self.stage_open = False
        await self._refresh(ctx)

    @rx.event
    async def move(self, stage_id: str, step: int):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        order = [x["id"] for x in self.stages]
        index = order.index(stage_id) if stage_id in order else -1
        target = index + step
        if index < 0 or not 0 <= target < len(order):
            return
        order[index], order[target] = order[target], order[index]
        await self._run(
            ctx, pipelines.reorder_stages, int(self.selected), stage_ids=[int(x) for x in order]
        )

    @rx.event
    async def remove(self, stage_id: str):
        ctx = await self._context()
        if ctx is None:
            return self._to_login()
        if await self._run(ctx, pipelines.remove_stage, int(stage_id)):
            return rx.toast.success("Stage removed.")
