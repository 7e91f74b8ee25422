"""CSV headers: the kinds of record a file can hold, the header names we recognise for each of
our fields, and telling the kind of file from its headers. No database."""

from __future__ import annotations

import re
from enum import StrEnum

from rapidfuzz import fuzz, process


class Entity(StrEnum):
    CONTACTS = "contacts"
    COMPANIES = "companies"
    LEADS = "leads"
    DEALS = "deals"
    AUTO = "auto"


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
# A file of each kind needs a column for at least one of these fields.
REQUIRED_FIELDS = {
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


def compact(header: str) -> str:
    """'E-mail 1' -> 'email1': the key headers are matched on."""
    return re.sub(r"[^a-z0-9]", "", header.replace("\ufeff", "").lower())


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
