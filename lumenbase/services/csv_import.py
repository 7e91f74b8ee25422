"""CSV import of contacts, companies and leads: one transaction per file.

Reading needs no database. `read_csv` decodes the bytes (UTF-8 with or without a BOM; otherwise
charset-normalizer's guess, preferring Windows-1252 when that reads as cleanly), takes the
delimiter from the header line, maps headers to our fields, decides the entity for "auto", and
yields every record normalised and validated, with the 1-based physical line it starts on.

Writing (`import_rows`, `import_file`) refuses read-only seats, then saves the valid rows in
batches, each in a savepoint; a batch the database refuses is replayed row by row, so a bad row
costs only itself. Every record saved gets an "imported" timeline entry holding the import id,
the file, the line and the file's values we have no field for, so nothing is silently dropped
and an import can be traced (and later rolled back) by its id.

It never creates a second live contact or lead with an email the workspace already has, nor two
from one file: by default such a row is skipped and reported with the line of the first one;
`OnDuplicate.FILL_EMPTY` fills the existing record's empty fields instead. Deals are recognised
and refused ("not supported yet") rather than mis-imported as something else.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import tempfile
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

import charset_normalizer
from rapidfuzz import fuzz, process
from sqlalchemy import func, or_, select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from lumenbase.context import WorkspaceContext
from lumenbase.db import workspace_session
from lumenbase.errors import ValidationFailed
from lumenbase.models import Company, Contact, Lead, Note
from lumenbase.services.common import RecordType, apply_changes, require_crm_write
from lumenbase.services.timeline import ActivityKind, record_activity
from lumenbase.services.validation import (
    check_email,
    clean_text,
    normalise_domain,
    normalise_phone,
    parse_int,
)
from lumenbase.services.workspaces import list_members

CHUNK_SIZE = 200
MAX_PROBLEMS = 1000  # beyond this only the counts grow, so a broken huge file stays cheap
_SAMPLE_BYTES = 512 * 1024
_DELIMITERS = (",", ";", "\t", "|")
_NOTE_LIMIT = 20_000
_EXTRA_VALUE_LIMIT = 500

CsvSource = bytes | bytearray | str | Path | BinaryIO | io.TextIOBase


class Entity(StrEnum):
    CONTACTS = "contacts"
    COMPANIES = "companies"
    LEADS = "leads"
    DEALS = "deals"
    AUTO = "auto"


class OnDuplicate(StrEnum):
    SKIP = "skip"
    FILL_EMPTY = "fill_empty"


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


# ---------------------------------------------------------------------------------------------
# Reading: bytes -> text -> records -> mapped rows. No database.


def _keys(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# Header aliases as compact keys (see `compact`), in order of preference: for contacts.csv,
# email_work beats email_home beats email_other; for the leads file, Email 1 beats Email 2.
_EMAILS = _keys(
    "email emailaddress mail email1 primaryemail workemail emailwork businessemail email2 "
    "secondaryemail personalemail emailhome homeemail emailother otheremail"
)
_PHONES = _keys(
    "phone phonenumber telephone tel phone1 workphone phonework businessphone officephone "
    "mainphone phone2 homephone phonehome otherphone phoneother"
)
_MOBILES = _keys("mobile mobilephone mobilenumber cell cellphone")
_COMPANY_NAMES = _keys(
    "company companyname organization organisation organizationname account accountname employer"
)
_OWNERS = _keys("owner leadowner contactowner accountowner sales salesrep assignedto")
_PERSON = {
    "first_name": _keys("firstname givenname forename"),
    "last_name": _keys("lastname surname familyname"),
    "full_name": _keys("fullname contactname name"),
    "email": _EMAILS,
    "title": _keys("jobtitle title position role"),
    "owner": _OWNERS,
    "note": _keys("notes note background comments comment"),
}
_PLACE = {"city": _keys("city town"), "country": _keys("country countryregion")}
_LINKEDIN = {"linkedin_url": _keys("linkedinurl linkedin linkedinprofile")}

ALIASES: dict[Entity, dict[str, tuple[str, ...]]] = {
    Entity.CONTACTS: {
        **_PERSON,
        **_PLACE,
        **_LINKEDIN,
        "phone": _PHONES,
        "mobile_phone": _MOBILES,
        "company": _COMPANY_NAMES,
        "website": _keys("website companywebsite web url domain companydomain"),
        "tags": _keys("tags tag labels"),
        "source": _keys("source leadsource"),
    },
    Entity.COMPANIES: {
        **_PLACE,
        **_LINKEDIN,
        "name": ("name", *_COMPANY_NAMES),
        "website": _keys("website web url homepage"),
        "domain": _keys("domain companydomain"),
        "industry": _keys("industry sector"),
        "employee_count": _keys(
            "numberofemployees employees employeecount nbemployees headcount companysize size"
        ),
        "founded_year": _keys("founded foundedyear yearfounded foundedin"),
        "phone": _PHONES,
        "description": _keys("description about"),
        "owner": _OWNERS,
    },
    Entity.LEADS: {
        **_PERSON,
        "phone": _PHONES + _MOBILES,
        "company_name": _COMPANY_NAMES,
        "website": _keys("website companywebsite web url"),
        "source": _keys("source leadsource"),
        "status": _keys("status leadstatus dealstage stage"),
    },
}

# Header keys (lower-case letters and digits only) that tell one kind of file from another.
_LEAD_MARKERS = {"leadowner", "leadstatus", "dealstage", "leadid", "leadscore"}
_DEAL_MARKERS = {"amount", "dealname", "dealvalue", "expectedclosingdate", "closedate", "pipeline"}
_PERSON_MARKERS = {*_EMAILS, "firstname", "lastname", "fullname", "contactname", "jobtitle"}
_REQUIRED = {
    Entity.CONTACTS: ("first_name", "last_name", "full_name", "email"),
    Entity.LEADS: ("first_name", "last_name", "full_name", "email"),
    Entity.COMPANIES: ("name",),
}

LEAD_STATUSES = {
    "new": "new",
    "newlead": "new",
    "open": "new",
    "contacted": "contacted",
    "attemptedtocontact": "contacted",
    "working": "contacted",
    "qualified": "qualified",
    "unqualified": "unqualified",
    "disqualified": "unqualified",
    "closedlost": "unqualified",
    "lost": "unqualified",
}


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


@dataclass
class ParsedCsv:
    filename: str
    encoding: str
    delimiter: str
    headers: list[str]
    entity: Entity | None
    columns: dict[str, list[str]]  # our field -> the file's headers feeding it, first wins
    unmapped: list[str]
    rows: Iterator[MappedRow]
    problem: str | None = None  # the file as a whole cannot be imported


def compact(header: str) -> str:
    """'E-mail 1' -> 'email1': the key headers are matched on."""
    return re.sub(r"[^a-z0-9]", "", header.replace("\ufeff", "").lower())


def fold_name(value: str) -> str:
    """Case- and accent-insensitive form of a person's name, for matching owners."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def detect_encoding(raw: BinaryIO) -> str:
    """UTF-8 (BOM or not) if the whole stream decodes as such, else charset-normalizer's guess,
    with Windows-1252 preferred when it reads as cleanly: short Western files are often
    ambiguous between code pages and Excel on Windows writes cp1252. Leaves `raw` at 0."""
    raw.seek(0)
    head = raw.read(4)
    raw.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    sample = b""
    try:
        while chunk := raw.read(_SAMPLE_BYTES):
            if not sample:
                sample = chunk
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        # What follows the first undecodable byte is the best evidence of the real encoding.
        sample += chunk[max(0, exc.start - 32_768) : exc.start + 32_768]
    finally:
        raw.seek(0)
    return _guess_encoding(sample)


def _guess_encoding(sample: bytes) -> str:
    matches = list(charset_normalizer.from_bytes(sample))
    if not matches:
        return "cp1252"
    best = min(match.chaos for match in matches)
    for match in matches:
        if match.chaos <= best and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return matches[0].encoding


def _header_delimiter(line: str) -> str:
    """The candidate delimiter seen most often outside quotes in the header line."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _records(reader, offset: int) -> Iterator[tuple[int, list[str] | None, str]]:
    """(first physical line, fields or None, error) for each non-blank record."""
    while True:
        start = reader.line_num + 1 + offset
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, None, f"could not be read as CSV ({exc})."
            if reader.line_num + offset < start:
                return
            continue
        if any(value.strip() for value in fields):
            yield start, fields, ""


def map_headers(headers: list[str], entity: Entity) -> dict[str, list[int]]:
    """Our field -> the columns feeding it, in order of preference (alias rank, then position).
    Exact matches on the compact key first; a near miss (a typo) scores 90+ with rapidfuzz."""
    rank = {
        alias: (name, i)
        for name, aliases in ALIASES[entity].items()
        for i, alias in enumerate(aliases)
    }
    found: dict[str, list[tuple[int, int]]] = {}
    for column, header in enumerate(headers):
        key = compact(header)
        hit = rank.get(key)
        # A near miss is a typo ("Emial"), but "Organization Id" is not "Organization".
        if hit is None and len(key) >= 4 and not key.endswith("id"):
            near = process.extractOne(key, list(rank), scorer=fuzz.ratio, score_cutoff=90)
            hit = rank[near[0]] if near else None
        if hit is not None:
            found.setdefault(hit[0], []).append((hit[1], column))
    return {name: [column for _, column in sorted(hits)] for name, hits in found.items()}


def detect_entity(headers: list[str]) -> Entity | None:
    """Leads, deals, contacts or companies, from the header names alone; None if unclear."""
    keys = {compact(header) for header in headers}
    if keys & _LEAD_MARKERS:
        return Entity.LEADS
    if keys & _DEAL_MARKERS and not keys & _PERSON_MARKERS:
        return Entity.DEALS
    if keys & _PERSON_MARKERS:
        return Entity.CONTACTS
    if keys & {"name", *_COMPANY_NAMES}:
        return Entity.COMPANIES
    return None


def _text(value: str, header: str) -> str | None:
    return clean_text(value, max_length=300)


def _year(value: str, header: str) -> int | None:
    year = parse_int(value, field=header, minimum=1000)
    if year is not None and year > 2100:
        raise ValidationFailed({header: f"'{value}' is not a year such as 1998."})
    return year


def _tags(value: str, header: str) -> list[str]:
    items = (clean_text(item, max_length=60) for item in re.split(r"[,;]", value))
    return sorted({item for item in items if item})


_CLEANERS: dict[str, Callable[[str, str], object]] = {
    "first_name": lambda v, h: clean_text(v, max_length=120),
    "last_name": lambda v, h: clean_text(v, max_length=120),
    "email": lambda v, h: check_email(v, field=h),
    "phone": lambda v, h: normalise_phone(v, field=h),
    "mobile_phone": lambda v, h: normalise_phone(v, field=h),
    "domain": lambda v, h: normalise_domain(v),
    "employee_count": lambda v, h: parse_int(v, field=h, minimum=0),
    "founded_year": _year,
    "description": lambda v, h: clean_text(v, max_length=5000),
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
        values["description"] = note[:5000]
    elif note:
        extra["note"] = note[:_EXTRA_VALUE_LIMIT]
    return MappedRow(line, values, None, owner, None, extra)


@contextmanager
def _binary(source: CsvSource) -> Iterator[BinaryIO | io.TextIOBase]:
    """A seekable binary stream (or a text stream as given) over any accepted source."""
    if isinstance(source, bytes | bytearray):
        yield io.BytesIO(source)
    elif isinstance(source, str | Path):
        try:
            handle = open(source, "rb")  # noqa: SIM115 - closed below, after the rows are read
        except OSError as exc:
            raise ValidationFailed({"file": f"Cannot read {source}: {exc.strerror}."}) from exc
        with handle:
            yield handle
    elif isinstance(source, io.TextIOBase) or source.seekable():
        yield source
    else:
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
            while chunk := source.read(1024 * 1024):
                spool.write(chunk)
            spool.seek(0)
            yield spool


def _source_name(source: CsvSource, filename: str | None) -> str:
    if filename:
        return filename
    if isinstance(source, str | Path):
        return Path(source).name
    return Path(getattr(source, "name", "") or "upload.csv").name


@contextmanager
def read_csv(
    source: CsvSource,
    *,
    filename: str | None = None,
    entity: Entity | str = Entity.AUTO,
    encoding: str | None = None,
) -> Iterator[ParsedCsv]:
    """Open a CSV file, bytes or stream and map it, streaming: rows are read as `rows` is
    iterated, inside the `with` block. Needs no database, so it also serves a preview."""
    entity = _entity(entity)
    name = _source_name(source, filename)
    with _binary(source) as raw:
        if isinstance(raw, io.TextIOBase):
            yield _parse(raw, name, entity, encoding or "text")
            return
        used = encoding or detect_encoding(raw)
        # UTF-8 was checked above; a guessed code page shows an odd byte as U+FFFD, not a crash.
        stream = io.TextIOWrapper(raw, encoding=used, errors="replace", newline="")
        try:
            yield _parse(stream, name, entity, used)
        finally:
            stream.detach()  # the caller's file object stays open


def _entity(value: Entity | str) -> Entity:
    try:
        return Entity(value)
    except ValueError as exc:
        choices = ", ".join(e.value for e in Entity if e is not Entity.DEALS)
        raise ValidationFailed({"entity": f"'{value}' is not one of {choices}."}) from exc


def _parse(stream: io.TextIOBase, name: str, entity: Entity, encoding: str) -> ParsedCsv:
    first, offset = stream.readline(), 0
    while first and not first.strip():
        first, offset = stream.readline(), offset + 1
    delimiter = _header_delimiter(first)
    if re.fullmatch(r"sep=.", first.strip(), flags=re.IGNORECASE):  # Excel's own hint line
        delimiter, first, offset = first.strip()[-1], stream.readline(), offset + 1
    reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter)
    records = _records(reader, offset)
    header = next(records, None)
    headers = [h.replace("\ufeff", "").strip() for h in (header[1] or [])] if header else []
    parsed = ParsedCsv(name, encoding, delimiter, headers, None, {}, headers, iter(()))
    resolved = detect_entity(headers) if entity is Entity.AUTO else entity
    parsed.entity, parsed.problem = resolved, _file_problem(headers, resolved)
    if parsed.problem:
        return parsed
    columns = map_headers(headers, resolved)
    used = {column for cols in columns.values() for column in cols}
    parsed.columns = {name: [headers[c] for c in cols] for name, cols in columns.items()}
    parsed.unmapped = [h for c, h in enumerate(headers) if c not in used and h]
    parsed.rows = (
        MappedRow(line, error=error)
        if fields is None
        else map_record(resolved, headers, columns, line, fields)
        for line, fields, error in records
    )
    return parsed


def _file_problem(headers: list[str], entity: Entity | None) -> str | None:
    if not headers:
        return "The file is empty."
    if entity is Entity.DEALS:
        return "This looks like a deals file; importing deals is not supported yet."
    if entity is None:
        return (
            "Cannot tell whether this file holds contacts, companies or leads from its headers "
            f"({', '.join(headers[:8])}); choose the kind of record to import."
        )
    columns = map_headers(headers, entity)
    if not any(name in columns for name in _REQUIRED[entity]):
        wanted = " or ".join(_REQUIRED[entity]).replace("_", " ")
        return f"No column holds the {wanted} of the {entity.value}; found {', '.join(headers)}."
    return None


# ---------------------------------------------------------------------------------------------
# Writing: one transaction, a savepoint per batch, row by row when a batch is refused.


@dataclass
class _Run:
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


def _save(
    run: _Run,
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


def _refused(run: _Run, row: MappedRow, exc: DBAPIError) -> None:
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


def _fill_empty(run: _Run, record_type: RecordType, record, row: MappedRow) -> None:
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


def _new_rows(run: _Run, rows: list[MappedRow], keys: Callable[[MappedRow], list[str]]):
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


def _skip_or_fill(run: _Run, record_type: RecordType, record, row: MappedRow, label: str):
    if run.on_duplicate is OnDuplicate.FILL_EMPTY:
        _fill_empty(run, record_type, record, row)
        return
    run.report.add_problem(
        row.line,
        f"skipped: {label} is already in the workspace (#{record.id}).",
        ProblemKind.SKIPPED,
    )


def _email_key(row: MappedRow) -> list[str]:
    email = row.values.get("email")
    return [f"email:{email}"] if email else []


def _write_people(run: _Run, rows: list[MappedRow], model: type, record_type: RecordType):
    """Contacts or leads: skip (or fill) an email already in the workspace or the file."""
    fresh = list(_new_rows(run, rows, _email_key))
    emails = [row.values["email"] for row in fresh if row.values.get("email")]
    found = {}
    if emails:
        query = select(model).where(
            model.workspace_id == run.ctx.workspace_id,
            model.deleted_at.is_(None),
            model.email.in_(emails),
        )
        found = {record.email.lower(): record for record in run.s.execute(query).scalars()}
    new = [row for row in fresh if row.values.get("email") not in found]
    filling = run.on_duplicate is OnDuplicate.FILL_EMPTY
    companies = _company_ids(run, fresh if filling else new) if model is Contact else {}
    for row in fresh:
        if row.line in companies:
            row.values["company_id"] = companies[row.line]
        if row.values.get("email") in found:
            record = found[row.values["email"]]
            _skip_or_fill(run, record_type, record, row, str(row.values["email"]))
    items = [(row, {**row.values, **run.stamp(run.owner_id(row))}) for row in new]
    saved = _save(run, record_type, model, items, summary=f"Imported from {run.report.filename}")
    run.report.created += len(saved)


def _write_contacts(run: _Run, rows: list[MappedRow]) -> None:
    _write_people(run, rows, Contact, RecordType.CONTACT)


def _write_leads(run: _Run, rows: list[MappedRow]) -> None:
    _write_people(run, rows, Lead, RecordType.LEAD)


def _fold_names(run: _Run, names: Iterable[str]) -> dict[str, str]:
    """The database's own case- and accent-folding (lb_fold), so matches agree with search."""
    names = sorted(set(names))
    if not names:
        return {}
    rows = run.s.execute(
        text("select n, lb_fold(n) from unnest(cast(:names as text[])) as n"), {"names": names}
    )
    return dict(rows.all())


def _company_keys(domain: object, folded: str) -> list[str]:
    """Match keys, strongest first: the domain, then the folded name."""
    return ([f"domain:{domain}"] if domain else []) + [f"name:{folded}"]


def _known_companies(run: _Run, keys: Iterable[str]) -> dict[str, Company]:
    """Live companies of the workspace having one of these keys, by key (oldest wins)."""
    domains = [k.partition(":")[2] for k in keys if k.startswith("domain:")]
    names = [k.partition(":")[2] for k in keys if k.startswith("name:")]
    if not domains and not names:
        return {}
    query = (
        select(Company)
        .where(
            Company.workspace_id == run.ctx.workspace_id,
            Company.deleted_at.is_(None),
            or_(Company.domain.in_(domains), func.lb_fold(Company.name).in_(names)),
        )
        .order_by(Company.id)
    )
    companies = list(run.s.execute(query).scalars())
    folds = _fold_names(run, (company.name for company in companies))
    by_key: dict[str, Company] = {}
    for company in companies:
        for key in _company_keys(company.domain, folds[company.name]):
            by_key.setdefault(key, company)
    return by_key


def _company_ids(run: _Run, rows: list[MappedRow]) -> dict[int, int]:
    """line -> company id for contact rows naming a company: the existing one with that domain,
    else with that name (as companies.find_company decides), else one created here, once."""
    refs = {row.line: row.company for row in rows if row.company}
    folds = _fold_names(run, (ref.name for ref in refs.values()))
    keys = {line: _company_keys(ref.domain, folds[ref.name]) for line, ref in refs.items()}
    missing = {k for line_keys in keys.values() for k in line_keys if k not in run.companies}
    for key, company in _known_companies(run, missing).items():
        run.companies.setdefault(key, company.id)
    planned, claimed = [], set()
    for row in rows:
        line_keys = keys.get(row.line, [])
        if line_keys and not any(k in run.companies or k in claimed for k in line_keys):
            claimed.update(line_keys)
            ref = row.company
            values = {"name": ref.name, "website": ref.website, "domain": ref.domain}
            planned.append((row, {**values, **run.stamp(run.ctx.user_id)}))
    created = _save(
        run,
        RecordType.COMPANY,
        Company,
        planned,
        summary=f"Created while importing {run.report.filename}",
    )
    run.report.companies_created += len(created)
    for row, _ in planned:
        for key in keys[row.line] if row.line in created else []:
            run.companies.setdefault(key, created[row.line])
    ids = {
        line: next((run.companies[k] for k in ks if k in run.companies), None)
        for line, ks in keys.items()
    }
    return {line: company_id for line, company_id in ids.items() if company_id is not None}


def _write_companies(run: _Run, rows: list[MappedRow]) -> None:
    """Companies: skip (or fill) one whose domain or name the workspace or file already has."""
    folds = _fold_names(run, (str(row.values["name"]) for row in rows if not row.error))

    def keys(row: MappedRow) -> list[str]:
        return _company_keys(row.values.get("domain"), folds[str(row.values["name"])])

    fresh = list(_new_rows(run, rows, keys))
    known = _known_companies(run, {k for row in fresh for k in keys(row)})
    items = []
    for row in fresh:
        existing = next((known[k] for k in keys(row) if k in known), None)
        if existing is not None:
            label = f"the company {existing.name}"
            _skip_or_fill(run, RecordType.COMPANY, existing, row, label)
            continue
        items.append((row, {**row.values, **run.stamp(run.owner_id(row))}))
    saved = _save(
        run, RecordType.COMPANY, Company, items, summary=f"Imported from {run.report.filename}"
    )
    run.report.created += len(saved)


_WRITERS = {
    Entity.CONTACTS: _write_contacts,
    Entity.COMPANIES: _write_companies,
    Entity.LEADS: _write_leads,
}


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
    run = _Run(s, ctx, now, report, OnDuplicate(on_duplicate), members)
    handled = 0
    for batch in _batches(parsed.rows, CHUNK_SIZE):
        _WRITERS[parsed.entity](run, batch)
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
