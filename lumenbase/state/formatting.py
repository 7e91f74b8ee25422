"""How values look on screen (dates in UTC, empty values as a dash)."""

from __future__ import annotations

from datetime import date, datetime


def show(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%b %-d, %Y")
        return value.strftime("%b %-d, %Y %H:%M UTC")
    if isinstance(value, date):
        return value.strftime("%b %-d, %Y")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def form_values(record: object, fields: tuple[str, ...]) -> dict[str, str]:
    """A record's editable fields as the strings an input shows."""
    values = {}
    for name in fields:
        value = getattr(record, name)
        values[name] = (
            ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
        )
    return values


# Field names whose label is not just the name spelled out, as the forms show them.
FIELD_LABELS = {
    "linkedin_url": "LinkedIn",
    "mobile_phone": "Mobile",
    "employee_count": "Employees",
    "founded_year": "Founded",
    "expected_close_date": "Close date",
    "forecast_category": "Forecast category",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name) or name.removesuffix("_id").replace("_", " ").capitalize()


def describe_changes(changes: dict) -> str:
    """'Phone: +44… → +1…' lines for an edit on the timeline."""
    lines = []
    for name, (old, new) in changes.items():
        label = field_label(name)
        lines.append(f"{label}: {show(old) or '(empty)'} → {show(new) or '(empty)'}")
    return "\n".join(lines)


def website_href(website: str | None) -> str:
    """A link for a website, also when typed without its scheme ("acme.com"). Anything that is
    not http(s) gets "https://" in front, so a stored `javascript:` value can never run."""
    if not website:
        return ""
    return website if website.lower().startswith(("http://", "https://")) else f"https://{website}"


def errors_at(field_errors: dict[str, str], fields: tuple[str, ...]) -> dict[str, str]:
    """Errors for the fields a form shows, and every other one joined under "form"."""
    shown = {name: message for name, message in field_errors.items() if name in fields}
    rest = [message for name, message in field_errors.items() if name not in fields]
    return {**shown, "form": " ".join(rest)} if rest else shown


# kind -> (heading, one, many, list page route)
KINDS = {
    "contact": ("Contacts", "contact", "contacts", "/contacts"),
    "company": ("Companies", "company", "companies", "/companies"),
    "lead": ("Leads", "lead", "leads", "/leads"),
    "deal": ("Deals", "deal", "deals", "/deals"),
}


def count_label(count: int, kind: str) -> str:
    """'1 contact', '1,204 companies'."""
    _heading, one, many, _route = KINDS[kind]
    return f"{count:,} {one if count == 1 else many}"


CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def money(amount: object, currency: str) -> str:
    """'$12,500', '€980.50', 'CHF 1,200'; empty for no amount."""
    if amount is None or amount == "":
        return ""
    value = float(amount)
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{currency} {text}"


def short_money(amount: object, currency: str) -> str:
    """'$1.2M', '€350K', '$900' for column totals."""
    value = float(amount or 0)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= limit:
            figure = f"{value / limit:.1f}".removesuffix(".0")
            symbol = CURRENCY_SYMBOLS.get(currency)
            return f"{symbol}{figure}{suffix}" if symbol else f"{currency} {figure}{suffix}"
    return money(value, currency)
