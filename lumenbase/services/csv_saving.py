"""Saving mapped CSV rows: one transaction, a savepoint per batch, row by row when the
database refuses a batch, so a bad row costs only itself. Every record saved gets an "imported"
timeline entry holding the import id, the file, the line and the values we have no field for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.models import Note
from lumenbase.services.common import RecordType, apply_changes
from lumenbase.services.csv_mapping import MappedRow, fold_name
from lumenbase.services.csv_report import ImportReport, ProblemKind
from lumenbase.services.timeline import ActivityKind, record_activity


class OnDuplicate(StrEnum):
    SKIP = "skip"
    FILL_EMPTY = "fill_empty"


@dataclass
class ImportRun:
    s: Session
    ctx: WorkspaceContext
    now: datetime
    report: ImportReport
    on_duplicate: OnDuplicate
    members: dict[str, int]
    seen: dict[str, int] = field(default_factory=dict)  # dedupe key -> line it first appeared
    companies: dict[str, int] = field(default_factory=dict)  # "domain:x"/"name:x" -> id
    unknown_owners: dict[str, int] = field(default_factory=dict)

    def details(self, row: MappedRow) -> dict:
        details = {"import_id": self.report.import_id, "file": self.report.filename}
        details["line"] = row.line
        if row.extra:
            details["extra"] = row.extra
        return details

    def owner_id(self, row: MappedRow) -> int:
        if not row.owner_name:
            return self.ctx.user_id
        found = self.members.get(fold_name(row.owner_name))
        if found is None:
            self.unknown_owners[row.owner_name] = self.unknown_owners.get(row.owner_name, 0) + 1
            row.extra["owner"] = row.owner_name
        return found or self.ctx.user_id

    def stamp(self, owner_id: int) -> dict:
        user = self.ctx.user_id
        return {
            "workspace_id": self.ctx.workspace_id,
            "owner_id": owner_id,
            "created_at": self.now,
            "created_by": user,
            "updated_at": self.now,
            "updated_by": user,
        }


def save_rows(
    run: ImportRun,
    record_type: RecordType,
    model: type,
    items: list[tuple[MappedRow, dict]],
    *,
    summary: str,
) -> dict[int, int]:
    """Insert the records with their timeline entries (and notes); line -> new id. A batch the
    database refuses is retried row by row, so only the offending rows fail."""
    if not items:
        return {}
    try:
        with run.s.begin_nested():
            return _insert(run, record_type, model, items, summary)
    except DBAPIError:
        saved: dict[int, int] = {}
        for item in items:
            try:
                with run.s.begin_nested():
                    saved.update(_insert(run, record_type, model, [item], summary))
            except DBAPIError as exc:
                _refused(run, item[0], exc)
        return saved


def _refused(run: ImportRun, row: MappedRow, exc: DBAPIError) -> None:
    reason = str(getattr(exc, "orig", exc)).splitlines()[0]
    run.report.add_problem(row.line, f"the database refused it: {reason}", ProblemKind.FAILED)


def _insert(run, record_type, model, items, summary) -> dict[int, int]:
    records = [model(**values) for _, values in items]
    run.s.add_all(records)
    run.s.flush()
    for (row, values), record in zip(items, records, strict=True):
        record_activity(
            run.s,
            run.ctx,
            record_type=record_type,
            record_id=record.id,
            kind=ActivityKind.IMPORTED,
            summary=summary,
            now=run.now,
            details=run.details(row),
        )
        if row.note:
            run.s.add(
                Note(
                    body=row.note,
                    record_type=record_type,
                    record_id=record.id,
                    **run.stamp(values["owner_id"]),
                )
            )
    run.s.flush()
    return {row.line: record.id for (row, _), record in zip(items, records, strict=True)}


def _fill_empty(run: ImportRun, record_type: RecordType, record, row: MappedRow) -> None:
    """OnDuplicate.FILL_EMPTY: copy the row's values into the record's empty fields only."""
    empty = {
        name: value
        for name, value in row.values.items()
        if name != "status" and getattr(record, name, "x") in (None, "", [])
    }
    try:
        with run.s.begin_nested():
            changed = apply_changes(record, empty)
            if changed:
                record.updated_at, record.updated_by = run.now, run.ctx.user_id
                run.s.add(record)
                names = ", ".join(name.replace("_", " ") for name in changed)
                record_activity(
                    run.s,
                    run.ctx,
                    record_type=record_type,
                    record_id=record.id,
                    kind=ActivityKind.IMPORTED,
                    now=run.now,
                    summary=f"Filled {names} from {run.report.filename}",
                    details={**run.details(row), "changes": changed},
                )
                run.s.flush()
    except DBAPIError as exc:
        _refused(run, row, exc)
        return
    if changed:
        run.report.updated += 1
    else:
        message = f"skipped: #{record.id} already has every value this row has."
        run.report.add_problem(row.line, message, ProblemKind.SKIPPED)


def new_rows(run: ImportRun, rows: list[MappedRow], keys: Callable[[MappedRow], list[str]]):
    """Report invalid rows and rows repeating an earlier row of the file; yield the others."""
    for row in rows:
        if row.error:
            run.report.add_problem(row.line, row.error, ProblemKind.FAILED)
            continue
        row_keys = keys(row)
        repeated = next((k for k in row_keys if k in run.seen), None)
        if repeated is not None:
            kind, _, value = repeated.partition(":")
            value = row.values["name"] if kind == "name" else value
            message = f"skipped: same {kind} as line {run.seen[repeated]} ({value})."
            run.report.add_problem(row.line, message, ProblemKind.SKIPPED)
            continue
        for key in row_keys:
            run.seen[key] = row.line
        yield row


def skip_or_fill(run: ImportRun, record_type: RecordType, record, row: MappedRow, label: str):
    if run.on_duplicate is OnDuplicate.FILL_EMPTY:
        _fill_empty(run, record_type, record, row)
        return
    run.report.add_problem(
        row.line,
        f"skipped: {label} is already in the workspace (#{record.id}).",
        ProblemKind.SKIPPED,
    )
