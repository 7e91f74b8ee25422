"""Reading a CSV file: bytes -> text -> records -> mapped rows. No database.

`read_csv` decodes the bytes (UTF-8 with or without a BOM; otherwise charset-normalizer's guess,
preferring Windows-1252 when that reads as cleanly), takes the delimiter from the header line,
maps headers to our fields, decides the entity for "auto", and yields every record normalised
and validated, with the 1-based physical line it starts on.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import charset_normalizer

from lumenbase.errors import ValidationFailed
from lumenbase.services.csv_headers import REQUIRED_FIELDS, Entity, detect_entity, map_headers
from lumenbase.services.csv_mapping import MappedRow, map_record

_SAMPLE_BYTES = 512 * 1024
_DELIMITERS = (",", ";", "\t", "|")

CsvSource = bytes | bytearray | str | Path | BinaryIO | io.TextIOBase


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
    if not any(name in columns for name in REQUIRED_FIELDS[entity]):
        wanted = " or ".join(REQUIRED_FIELDS[entity]).replace("_", " ")
        return f"No column holds the {wanted} of the {entity.value}; found {', '.join(headers)}."
    return None
