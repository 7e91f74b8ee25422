"""Writing each kind of record from a CSV import, never duplicating one the workspace or the
file already has: contacts and leads by email, companies by domain, else by folded name."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, or_, select, text

from lumenbase.models import Company, Contact, Lead
from lumenbase.services.common import RecordType
from lumenbase.services.csv_headers import Entity
from lumenbase.services.csv_mapping import MappedRow
from lumenbase.services.csv_saving import (
    ImportRun,
    OnDuplicate,
    new_rows,
    save_rows,
    skip_or_fill,
)


def _email_key(row: MappedRow) -> list[str]:
    email = row.values.get("email")
    return [f"email:{email}"] if email else []


def _write_people(run: ImportRun, rows: list[MappedRow], model: type, record_type: RecordType):
    """Contacts or leads: skip (or fill) an email already in the workspace or the file."""
    fresh = list(new_rows(run, rows, _email_key))
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
            skip_or_fill(run, record_type, record, row, str(row.values["email"]))
    items = [(row, {**row.values, **run.stamp(run.owner_id(row))}) for row in new]
    saved = save_rows(
        run, record_type, model, items, summary=f"Imported from {run.report.filename}"
    )
    run.report.created += len(saved)


def _write_contacts(run: ImportRun, rows: list[MappedRow]) -> None:
    _write_people(run, rows, Contact, RecordType.CONTACT)


def _write_leads(run: ImportRun, rows: list[MappedRow]) -> None:
    _write_people(run, rows, Lead, RecordType.LEAD)


def _fold_names(run: ImportRun, names: Iterable[str]) -> dict[str, str]:
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


def _known_companies(run: ImportRun, keys: Iterable[str]) -> dict[str, Company]:
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


def _company_ids(run: ImportRun, rows: list[MappedRow]) -> dict[int, int]:
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
    created = save_rows(
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


def _write_companies(run: ImportRun, rows: list[MappedRow]) -> None:
    """Companies: skip (or fill) one whose domain or name the workspace or file already has."""
    folds = _fold_names(run, (str(row.values["name"]) for row in rows if not row.error))

    def keys(row: MappedRow) -> list[str]:
        return _company_keys(row.values.get("domain"), folds[str(row.values["name"])])

    fresh = list(new_rows(run, rows, keys))
    known = _known_companies(run, {k for row in fresh for k in keys(row)})
    items = []
    for row in fresh:
        existing = next((known[k] for k in keys(row) if k in known), None)
        if existing is not None:
            label = f"the company {existing.name}"
            skip_or_fill(run, RecordType.COMPANY, existing, row, label)
            continue
        items.append((row, {**row.values, **run.stamp(run.owner_id(row))}))
    saved = save_rows(
        run, RecordType.COMPANY, Company, items, summary=f"Imported from {run.report.filename}"
    )
    run.report.created += len(saved)


WRITERS = {
    Entity.CONTACTS: _write_contacts,
    Entity.COMPANIES: _write_companies,
    Entity.LEADS: _write_leads,
}
