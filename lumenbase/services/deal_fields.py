"""Field rules for deals: name, amount, currency, expected close date, forecast category."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from lumenbase.errors import ValidationFailed
from lumenbase.services.validation import clean_text

DEAL_NAME_MAX = 200
LOST_REASON_MAX = 500
# numeric(14, 2) in the database.
AMOUNT_MAX = Decimal("999999999999.99")

# Active ISO 4217 currency codes.
# A word list, one string, rather than 170 quoted items.
CURRENCY_CODES = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
    BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
    GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
    KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK
    MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR
    SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
    UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
    """.split()  # noqa: SIM905
)
# What the pickers offer first.
COMMON_CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "SEK", "INR", "BRL")
_AMOUNT_TEXT = re.compile(r"^-?\d+(\.\d+)?$")


class DealStatus(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class ForecastCategory(StrEnum):
    PIPELINE = "pipeline"
    BEST_CASE = "best_case"
    COMMIT = "commit"
    CLOSED = "closed"
    OMITTED = "omitted"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def clean_deal_name(value: object) -> str:
    name = clean_text(value, max_length=DEAL_NAME_MAX)
    if not name:
        raise ValidationFailed({"name": "Give the deal a name."})
    return name


def parse_amount(value: object, *, field: str = "amount") -> Decimal | None:
    """A money amount of 0 or more with at most 2 decimals, or None for empty. Accepts
    '12,500.50' and '12 500'."""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        text = str(value)
    else:
        text = clean_text(value, max_length=40)
    if text is None:
        return None
    compact = text.replace(",", "").replace(" ", "")
    if not _AMOUNT_TEXT.match(compact):
        raise ValidationFailed({field: f"'{text}' is not an amount; use digits such as 12500.50."})
    try:
        amount = Decimal(compact)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above rules it out
        raise ValidationFailed({field: f"'{text}' is not an amount."}) from exc
    if amount < 0:
        raise ValidationFailed({field: "The amount cannot be negative."})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationFailed({field: "Use at most 2 decimals."})
    if amount > AMOUNT_MAX:
        raise ValidationFailed({field: "The amount is too large."})
    return amount.quantize(Decimal("0.01"))


def check_currency(value: object, *, field: str = "currency") -> str:
    code = (clean_text(value, max_length=10) or "").upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValidationFailed({field: "Use a 3-letter ISO currency code such as USD or EUR."})
    if code not in CURRENCY_CODES:
        raise ValidationFailed({field: f"{code} is not an ISO currency code."})
    return code


def parse_close_date(value: object, *, field: str = "expected_close_date") -> date | None:
    """A calendar date, or None for empty. Text must be exactly YYYY-MM-DD."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean_text(value, max_length=40)
    if text is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationFailed(
            {field: f"'{text}' is not a date; pick one from the calendar (YYYY-MM-DD)."}
        ) from exc


def check_forecast(value: object, *, field: str = "forecast_category") -> str:
    text = (clean_text(value, max_length=20) or "").lower().replace(" ", "_")
    if text not in set(ForecastCategory):
        raise ValidationFailed({field: "Choose pipeline, best case, commit, closed or omitted."})
    return text


def clean_lost_reason(value: object) -> str:
    reason = clean_text(value, max_length=LOST_REASON_MAX)
    if not reason:
        raise ValidationFailed({"lost_reason": "Say why the deal was lost."})
    return reason
