"""Input normalisation shared by the record services and the importer."""

from __future__ import annotations

import re
from datetime import date

from email_validator import EmailNotValidError, validate_email

from lumenbase.errors import ValidationFailed

_SPACES = re.compile(r"\s+")
_PHONE_EXTENSION = re.compile(r"\s*(?:x|ext\.?|extension|#)\s*(\d+)\s*$", re.IGNORECASE)
_PHONE_ALLOWED = re.compile(r"^[+\d\s().\-/]+$")

NAME_MAX_LENGTH = 120
TAG_MAX_LENGTH = 60
DESCRIPTION_MAX_LENGTH = 5000
FOUNDED_YEAR_MIN, FOUNDED_YEAR_MAX = 1000, 2100


def clean_text(value: object | None, *, max_length: int = 500) -> str | None:
    """Trim, fold inner whitespace (no-break spaces included), None for empty."""
    if value is None:
        return None
    text = _SPACES.sub(" ", str(value).replace("\u00a0", " ")).strip()
    return text[:max_length] if text else None


def clean_name(value: object | None) -> str | None:
    """A person's first or last name: cleaned text of at most NAME_MAX_LENGTH, None for empty."""
    return clean_text(value, max_length=NAME_MAX_LENGTH)


def clean_description(value: object | None) -> str | None:
    """A record's long description: cleaned text of at most DESCRIPTION_MAX_LENGTH."""
    return clean_text(value, max_length=DESCRIPTION_MAX_LENGTH)


def clean_tags(value: object | None, *, separators: str = ",") -> list[str]:
    """Tags from a list, or from text split on any of `separators`: each cleaned and cut to
    TAG_MAX_LENGTH, empties dropped, each once, sorted."""
    if isinstance(value, list | tuple):
        items = value
    else:
        items = re.split(f"[{re.escape(separators)}]", str(value or ""))
    return sorted(
        {tag for tag in (clean_text(item, max_length=TAG_MAX_LENGTH) for item in items) if tag}
    )


def check_founded_year(
    value: object | None, *, field: str, message: str = "Enter a year such as 1998."
) -> int | None:
    """A founding year from FOUNDED_YEAR_MIN to FOUNDED_YEAR_MAX, or None for empty. Raises on
    anything else; `message` (which may name `{value}`) says what to fix for a later year."""
    year = parse_int(value, field=field, minimum=FOUNDED_YEAR_MIN)
    if year is not None and year > FOUNDED_YEAR_MAX:
        raise ValidationFailed({field: message.format(value=value)})
    return year


def normalise_email(value: str | None) -> str | None:
    text = clean_text(value, max_length=320)
    return text.lower() if text else None


def check_email(value: str | None, *, field: str = "email") -> str | None:
    """A normalised email, or None for empty. Raises on a malformed address."""
    email = normalise_email(value)
    if email is None:
        return None
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        reason = str(exc).rstrip(".")
        raise ValidationFailed(
            {field: f"'{email}' is not a valid email address: {reason}."}
        ) from exc
    return email


def normalise_phone(value: str | None, *, field: str = "phone") -> str | None:
    """Keep a leading '+', every digit (leading zeros included) and an extension; drop the
    punctuation people type between groups. Raises on letters or other stray characters."""
    text = clean_text(value, max_length=60)
    if text is None:
        return None
    extension = ""
    match = _PHONE_EXTENSION.search(text)
    if match:
        extension = f" x{match.group(1)}"
        text = text[: match.start()]
    if not _PHONE_ALLOWED.match(text) or not any(ch.isdigit() for ch in text):
        raise ValidationFailed(
            {field: f"'{value}' is not a phone number: use digits, spaces, '+', '-', '()' or '.'."}
        )
    digits = "".join(ch for ch in text if ch.isdigit())
    prefix = "+" if text.lstrip().startswith("+") else ""
    if len(digits) < 3 or len(digits) > 20:
        raise ValidationFailed(
            {field: f"'{value}' has {len(digits)} digits; a phone number has 3 to 20."}
        )
    return f"{prefix}{digits}{extension}"


def normalise_domain(value: str | None) -> str | None:
    """example.com from 'https://www.Example.com/about'."""
    text = clean_text(value, max_length=255)
    if not text:
        return None
    text = text.lower()
    text = re.sub(r"^[a-z]+://", "", text)
    text = text.split("/")[0].split("?")[0].split("#")[0]
    text = text.removeprefix("www.")
    return text or None


def parse_int(value: object | None, *, field: str, minimum: int | None = None) -> int | None:
    text = clean_text(value, max_length=30)
    if text is None:
        return None
    try:
        number = int(text.replace(",", "").replace(" ", ""))
    except ValueError as exc:
        raise ValidationFailed({field: f"'{text}' is not a whole number."}) from exc
    if minimum is not None and number < minimum:
        raise ValidationFailed({field: f"Must be {minimum} or more."})
    return number


def parse_date(value: object | None, *, field: str) -> date | None:
    text = clean_text(value, max_length=40)
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise ValidationFailed({field: f"'{text}' is not a date; use YYYY-MM-DD."}) from exc


def check_web_address(raw, *, field: str) -> str | None:
    """A web address with a dot in its host, typed with or without http(s)://; None for empty.
    Refuses other schemes (javascript:, ftp:) and text that is not an address."""
    website = clean_text(raw, max_length=300)
    if website is None:
        return None
    domain = normalise_domain(website) or ""
    scheme = website.split("://", 1)[0].lower() if "://" in website else "https"
    if scheme not in ("http", "https") or "." not in domain or " " in domain:
        example = "linkedin.com/in/name" if "linkedin" in field else "acme.com"
        raise ValidationFailed({field: f"'{website}' is not a web address; use {example}."})
    return website
