"""CSV import of contacts, companies and leads: one transaction per file.

Reading needs no database (`csv_reading`, with `csv_headers` and `csv_mapping`). Writing
(`import_rows`, `import_file`) refuses read-only seats, then saves the valid rows in batches
(`csv_saving`, `csv_writers`); each saved record gets an "imported" timeline entry holding the
import id, so an import can be traced (and later rolled back) by its id.

It never creates a second live contact or lead with an email the workspace already has, nor two
from one file: by default such a row is skipped and reported with the line of the first one;
`OnDuplicate.FILL_EMPTY` fills the existing record's empty fields instead. Deals are recognised
and refused ("not supported yet") rather than mis-imported as something else.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.db import workspace_session
from lumenbase.services.common import require_crm_write
from lumenbase.services.csv_headers import Entity, detect_entity, map_headers
from lumenbase.services.csv_mapping import MappedRow, fold_name, map_record
from lumenbase.services.csv_reading import CsvSource, ParsedCsv, detect_encoding, read_csv
from lumenbase.services.csv_report import ImportReport, Problem, ProblemKind
from lumenbase.services.csv_saving import ImportRun, OnDuplicate
from lumenbase.services.csv_writers import WRITERS
from lumenbase.services.workspaces import list_members

__all__ = [
    "CHUNK_SIZE",
    "CsvSource",
    "Entity",
    "ImportReport",
    "MappedRow",
    "OnDuplicate",
    "ParsedCsv",
    "Problem",
    "ProblemKind",
    "detect_encoding",
    "detect_entity",
    "import_file",
    "import_parsed",
    "import_rows",
    "map_headers",
    "map_record",
    "read_csv",
]

CHUNK_SIZE = 200


def _batches(rows: Iterator[MappedRow], size: int) -> Iterator[list[MappedRow]]:
    while batch := list(itertools.islice(rows, size)):
        yield batch


def import_parsed(
    s: Session,
    ctx: WorkspaceContext,
    parsed: ParsedCsv,
    *,
    now: datetime,
    on_duplicate: OnDuplicate = OnDuplicate.SKIP,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Save the rows of an opened file in the caller's transaction. Refuses read-only seats.
    `progress` hears the number of rows handled after each batch."""
    require_crm_write(ctx)
    report = ImportReport(
        parsed.filename,
        parsed.entity or Entity.AUTO,
        uuid.uuid4().hex,
        parsed.encoding,
        parsed.delimiter,
    )
    if parsed.problem:
        report.error = parsed.problem
        report.add_problem(1, parsed.problem, ProblemKind.FAILED)
        return report
    members = {fold_name(name): user_id for user_id, name in reversed(list_members(s, ctx))}
    run = ImportRun(s, ctx, now, report, OnDuplicate(on_duplicate), members)
    handled = 0
    for batch in _batches(parsed.rows, CHUNK_SIZE):
        WRITERS[parsed.entity](run, batch)
        handled += len(batch)
        if progress:
            progress(handled)
    report.problems.sort(key=lambda problem: problem.line)
    if run.unknown_owners:
        example = max(run.unknown_owners, key=run.unknown_owners.__getitem__)
        report.notices.append(
            f"{sum(run.unknown_owners.values())} rows name an owner who is not a member of this "
            f"workspace (such as '{example}'); you own those records."
        )
    return report


def import_rows(
    ctx: WorkspaceContext,
    source: CsvSource,
    *,
    filename: str | None = None,
    entity: Entity | str = Entity.AUTO,
    now: datetime,
    on_duplicate: OnDuplicate = OnDuplicate.SKIP,
    encoding: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import CSV bytes, a binary or text stream, or a path, in one transaction. Refuses
    read-only seats (PermissionDenied) before reading anything."""
    require_crm_write(ctx)
    with (
        read_csv(source, filename=filename, entity=entity, encoding=encoding) as parsed,
        workspace_session(ctx) as s,
    ):
        return import_parsed(s, ctx, parsed, now=now, on_duplicate=on_duplicate, progress=progress)


def import_file(
    ctx: WorkspaceContext,
    *,
    path: Path,
    entity: Entity | str = Entity.AUTO,
    now: datetime,
    on_duplicate: OnDuplicate = OnDuplicate.SKIP,
    encoding: str | None = None,
) -> ImportReport:
    """Import a CSV file from disk (the CLI's entry point); see `import_rows`."""
    return import_rows(
        ctx, Path(path), entity=entity, now=now, on_duplicate=on_duplicate, encoding=encoding
    )
