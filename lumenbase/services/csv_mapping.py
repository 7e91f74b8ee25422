"""One CSV record as our fields: each cell cleaned and validated with the record services' own
rules, the rest kept aside so nothing is silently dropped. No database."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from lumenbase.errors import ValidationFailed
from lumenbase.services.csv_headers import LEAD_STATUSES, Entity, compact
from lumenbase.services.validation import (
    DESCRIPTION_MAX_LENGTH,
    check_email,
    check_founded_year,
    clean_description,
    clean_name,
    clean_tags,
    clean_text,
    normalise_domain,
    normalise_phone,
    parse_int,
)

_NOTE_LIMIT = 20_000
_EXTRA_VALUE_LIMIT = 500


@dataclass(frozen=True)
class CompanyRef:
    """The company a contact row names: found by domain, else by name, else created."""

    name: str
    website: str | None = None
    domain: str | None = None


@dataclass(frozen=True)
class MappedRow:
    """One record of the file, ready to save, or `error` saying why it cannot be."""

    line: int
    values: dict[str, object] = field(default_factory=dict)
    company: CompanyRef | None = None
    owner_name: str | None = None
    note: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    error: str | None = None


def fold_name(value: str) -> str:
    """Case- and accent-insensitive form of a person's name, for matching owners."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def _text(value: str, header: str) -> str | None:
    return clean_text(value, max_length=300)


def _year(value: str, header: str) -> int | None:
    # The report lists lines, not form fields, so the message names the cell's value.
    return check_founded_year(value, field=header, message="'{value}' is not a year such as 1998.")


def _tags(value: str, header: str) -> list[str]:
    return clean_tags(value, separators=",;")  # spreadsheets often separate with ';'


_CLEANERS: dict[str, Callable[[str, str], object]] = {
    "first_name": lambda v, h: clean_name(v),
    "last_name": lambda v, h: clean_name(v),
    "email": lambda v, h: check_email(v, field=h),
    "phone": lambda v, h: normalise_phone(v, field=h),
    "mobile_phone": lambda v, h: normalise_phone(v, field=h),
    "domain": lambda v, h: normalise_domain(v),
    "employee_count": lambda v, h: parse_int(v, field=h, minimum=0),
    "founded_year": _year,
    "description": lambda v, h: clean_description(v),
    "tags": _tags,
    "note": lambda v, h: v.strip()[:_NOTE_LIMIT] or None,
}


@dataclass
class _Cells:
    """A record's values by our field: the first non-empty one cleaned, the header it came
    from, and the further non-empty values of the same field (a second email, say)."""

    values: dict[str, object] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    spares: dict[str, list[tuple[str, object]]] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _cells(headers: list[str], columns: dict[str, list[int]], fields: list[str]) -> _Cells:
    cells = _Cells()
    mapped = {column for cols in columns.values() for column in cols}
    for column, header in enumerate(headers):
        if column not in mapped and header and fields[column].strip():
            cells.extra[header] = fields[column].strip()[:_EXTRA_VALUE_LIMIT]
    for name, cols in columns.items():
        cleaner = _CLEANERS.get(name, _text)
        for column in cols:
            raw, header = fields[column].strip(), headers[column]
            try:
                value = cleaner(raw, header) if raw else None
            except ValidationFailed as exc:
                cells.errors.append(str(exc))
                continue
            if value in (None, "", []):
                continue
            if name not in cells.values:
                cells.values[name], cells.sources[name] = value, header
            elif value != cells.values[name]:
                cells.spares.setdefault(name, []).append((header, value))
                cells.extra[header] = raw[:_EXTRA_VALUE_LIMIT]
    return cells


def _split_full_name(values: dict[str, object]) -> None:
    full = values.pop("full_name", None)
    if full and not values.get("first_name") and not values.get("last_name"):
        first, _, last = str(full).rpartition(" ")
        values["first_name"], values["last_name"] = (first, last) if first else (last, "")


def map_record(
    entity: Entity, headers: list[str], columns: dict[str, list[int]], line: int, fields: list
) -> MappedRow:
    """One record of the file as our fields, or an error saying what to fix on that line."""
    if len(fields) > len(headers) and not any(v.strip() for v in fields[len(headers) :]):
        fields = fields[: len(headers)]  # a trailing delimiter, harmless
    if len(fields) != len(headers):
        return MappedRow(
            line,
            error=f"has {len(fields)} fields but the header has {len(headers)} (a missing or "
            "extra separator?); not imported, so no value lands in the wrong column.",
        )
    cells = _cells(headers, columns, fields)
    if cells.errors:
        return MappedRow(line, error="; ".join(cells.errors))
    values, extra = cells.values, cells.extra
    _split_full_name(values)
    owner, note = values.pop("owner", None), values.pop("note", None)
    if entity is Entity.COMPANIES:
        return _company_row(line, values, extra, owner, note)
    if not (values.get("first_name") or values.get("last_name") or values.get("email")):
        return MappedRow(line, error="has neither a name nor an email.")
    if entity is Entity.LEADS:
        return MappedRow(line, _lead_status(cells), None, owner, note, extra)
    if cells.spares.get("phone") and "mobile_phone" not in values:
        header, values["mobile_phone"] = cells.spares["phone"][0]  # Phone 2: keep it visible
        extra.pop(header, None)
    website, name = values.pop("website", None), values.pop("company", None)
    if website and not name:
        extra[cells.sources["website"]] = str(website)
    company = CompanyRef(str(name), website, normalise_domain(website)) if name else None
    return MappedRow(line, values, company, owner, note, extra)


def _lead_status(cells: _Cells) -> dict[str, object]:
    """Our status from a label such as 'New Lead'; any other label is kept on the timeline."""
    label = str(cells.values.pop("status", "") or "")
    cells.values["status"] = LEAD_STATUSES.get(compact(label), "new")
    if label and compact(label) not in LEAD_STATUSES:
        cells.extra[cells.sources["status"]] = label
    return cells.values


def _company_row(line, values, extra, owner, note) -> MappedRow:
    if not values.get("name"):
        return MappedRow(line, error="has no company name.")
    if not values.get("domain") and values.get("website"):
        values["domain"] = normalise_domain(values["website"])
    if note and not values.get("description"):
        values["description"] = note[:DESCRIPTION_MAX_LENGTH]
    elif note:
        extra["note"] = note[:_EXTRA_VALUE_LIMIT]
    return MappedRow(line, values, None, owner, None, extra)
