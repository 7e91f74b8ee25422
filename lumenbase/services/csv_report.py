"""What one CSV import did: counts, and the failed and skipped rows with their line."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from lumenbase.services.csv_headers import Entity

MAX_PROBLEMS = 1000  # beyond this only the counts grow, so a broken huge file stays cheap


class ProblemKind(StrEnum):
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    kind: ProblemKind = ProblemKind.FAILED


_NOUNS = {
    Entity.CONTACTS: ("contact", "contacts"),
    Entity.COMPANIES: ("company", "companies"),
    Entity.LEADS: ("lead", "leads"),
    Entity.DEALS: ("deal", "deals"),
    Entity.AUTO: ("record", "records"),
}


def _count(n: int, entity: Entity) -> str:
    singular, plural = _NOUNS[entity]
    return f"{n} {singular if n == 1 else plural}"


@dataclass
class ImportReport:
    """What one import did. `problems` holds failed and skipped rows with their line."""

    filename: str
    entity: Entity = Entity.AUTO
    import_id: str = ""
    encoding: str = ""
    delimiter: str = ""
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    companies_created: int = 0  # companies made for the contacts that name them
    error: str | None = None  # the whole file was refused
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def imported_any(self) -> bool:
        return self.created + self.updated > 0

    def summary(self) -> str:
        if self.error:
            return f"{self.filename}: nothing imported. {self.error}"
        made = f"{_count(self.created, self.entity)} created"
        if self.companies_created:
            made += f" (with {_count(self.companies_created, Entity.COMPANIES)} added for them)"
        updated = f", {self.updated} updated" if self.updated else ""
        return f"{self.filename}: {made}{updated}, {self.skipped} skipped, {self.failed} failed."

    def add_problem(self, line: int, message: str, kind: ProblemKind) -> None:
        if kind is ProblemKind.SKIPPED:
            self.skipped += 1
        else:
            self.failed += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(line, message, kind))
