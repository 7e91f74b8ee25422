"""CSV import: the real public files in ../shared/data/real, encodings, delimiters, duplicates,
malformed rows with their physical line numbers, tenancy, the read-only gate and the CLI.
Everything that writes acts through the app role, so row-level security is live."""

from __future__ import annotations

import csv
import io
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lumenbase import cli
from lumenbase.context import Role, WorkspaceContext
from lumenbase.db import workspace_session
from lumenbase.errors import PermissionDenied, ValidationFailed
from lumenbase.models import Activity, Company, Contact, Lead, Note
from lumenbase.services import csv_import, workspaces
from lumenbase.services.common import RecordType
from lumenbase.services.csv_import import Entity, OnDuplicate, ProblemKind
from lumenbase.services.timeline import ActivityKind, list_timeline

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
PASSWORD = "correct horse battery staple"


def rows_of(data: bytes | Path, **options) -> list[csv_import.MappedRow]:
    with csv_import.read_csv(data, **options) as parsed:
        return list(parsed.rows)


def count(ctx: WorkspaceContext, model) -> int:
    with workspace_session(ctx) as s:
        return s.execute(
            select(func.count()).select_from(model).where(model.workspace_id == ctx.workspace_id)
        ).scalar_one()


def fetch(ctx: WorkspaceContext, model, **where):
    with workspace_session(ctx) as s:
        conditions = [getattr(model, name) == value for name, value in where.items()]
        return s.execute(
            select(model).where(model.workspace_id == ctx.workspace_id, *conditions)
        ).scalar_one()


def import_bytes(ctx, data: bytes, now, name: str = "test.csv", **options):
    return csv_import.import_rows(ctx, data, filename=name, now=now, **options)


# --- reading, no database -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "entity"),
    [
        ("people-1000.csv", Entity.CONTACTS),
        ("customers-100.csv", Entity.CONTACTS),
        ("contacts.csv", Entity.CONTACTS),
        ("contacts_export.csv", Entity.CONTACTS),
        ("organizations-100.csv", Entity.COMPANIES),
        ("companies_sample.csv", Entity.COMPANIES),
        ("leads-100.csv", Entity.LEADS),
        ("deals_sample.csv", Entity.DEALS),
    ],
)
def test_auto_detects_the_entity_of_each_real_file(name, entity):
    with csv_import.read_csv(REAL / name) as parsed:
        assert parsed.entity is entity
        assert (parsed.encoding, parsed.delimiter) == ("utf-8-sig", ",")


def test_reading_maps_real_headers_and_normalises_values():
    people = rows_of(REAL / "people-1000.csv")
    assert len(people) == 1000
    assert people[0].line == 2
    assert people[0].values == {
        "first_name": "Shelia",
        "last_name": "Mahoney",
        "email": "pwarner@example.org",
        "phone": "8571398239",
        "title": "Probation officer",
    }
    last = people[-1]
    assert last.line == 1001
    assert last.values["phone"] == "0797525424 x67259"  # leading zero and extension kept
    assert last.values["title"] == "Nurse, learning disability"  # quoted comma
    assert last.extra["Date of birth"] == "1947-01-24"  # no field for it: kept, not dropped


def test_reading_contacts_csv_takes_the_first_non_empty_email_and_phone():
    first = rows_of(REAL / "contacts.csv")[0]
    assert first.values["email"] == "shelley_kerluke47@hotmail.com"  # only email_other is set
    assert first.values["phone"] == "19553710847 x371"  # only phone_home is set
    assert first.company.name == "Gottlieb and Sons"
    assert first.owner_name == "Jane Doe"
    john = rows_of(REAL / "contacts_export.csv")[0]
    assert john.values["email"] == "john@doe.example"  # email_work wins
    assert john.extra["email_home"] == "john.doe@gmail.com"
    assert john.values["tags"] == ["developer", "influencer"]
    assert john.values["mobile_phone"] == "7406453807"  # the second phone stays visible


def test_reading_leads_uses_email_1_and_maps_the_stage():
    leads = rows_of(REAL / "leads-100.csv")
    victor, maureen = leads[0], leads[1]
    assert victor.values["email"] == "hatkinson@mclaughlin.com"
    assert victor.extra["Email 2"] == "ygibbs@guzman.com"
    assert victor.values["status"] == "new"
    assert victor.owner_name == "Bethany Dixon"
    assert victor.note == "Speak own such."
    assert maureen.values["status"] == "new"
    assert maureen.extra["Deal Stage"] == "Closed Won"  # no such status: the label is kept
    statuses = {row.line: row.values["status"] for row in leads}
    assert (statuses[4], statuses[6], statuses[8]) == ("contacted", "unqualified", "unqualified")


def test_organization_id_is_not_mistaken_for_the_name():
    with csv_import.read_csv(REAL / "organizations-100.csv") as parsed:
        assert parsed.columns["name"] == ["Name"]
        assert "Organization Id" in parsed.unmapped


def test_bom_is_not_part_of_the_first_header(tmp_path):
    copy = tmp_path / "people-bom.csv"
    copy.write_bytes(b"\xef\xbb\xbf" + (REAL / "people-1000.csv").read_bytes())
    with csv_import.read_csv(copy) as parsed:
        assert parsed.headers[0] == "Index"
        assert parsed.entity is Entity.CONTACTS
        assert next(parsed.rows).values["email"] == "pwarner@example.org"


def test_windows_1252_is_decoded(tmp_path):
    path = tmp_path / "excel.csv"
    text = "First Name;Last Name;E-Mail\r\nZoë;Müller;zoe@example.com\r\nJosé;Núñez;jose@example.com\r\n"
    path.write_bytes(text.encode("cp1252"))
    with csv_import.read_csv(path) as parsed:
        assert parsed.encoding == "cp1252"
        rows = list(parsed.rows)
    assert [(r.values["first_name"], r.values["last_name"]) for r in rows] == [
        ("Zoë", "Müller"),
        ("José", "Núñez"),
    ]


def test_semicolon_copy_of_a_real_file_reads_the_same(tmp_path):
    with open(REAL / "organizations-100.csv", newline="", encoding="utf-8") as source:
        records = list(csv.reader(source))
    copy = tmp_path / "organizations-semicolon.csv"
    with open(copy, "w", newline="", encoding="utf-8") as target:
        csv.writer(target, delimiter=";").writerows(records)
    with csv_import.read_csv(copy) as parsed:
        assert parsed.delimiter == ";"
        semicolon = list(parsed.rows)
    assert semicolon == rows_of(REAL / "organizations-100.csv")
    assert semicolon[1].values["name"] == "Mckinney, Riley and Day"


def test_tab_delimiter_and_emails_with_spaces_and_capitals():
    data = "Name\tEmail\tPhone\nZoë Núñez\t\u00a0Zoe.Nunez@Example.COM \t+44 (0)20 7946 0018\n"
    (row,) = rows_of(data.encode())
    assert row.values["first_name"] == "Zoë" and row.values["last_name"] == "Núñez"
    assert row.values["email"] == "zoe.nunez@example.com"
    assert row.values["phone"] == "+4402079460018"


def test_line_numbers_are_physical_lines_even_after_multi_line_fields():
    data = (
        b"first_name,last_name,email,notes\r\n"
        b'Ada,Lovelace,ada@example.com,"line one\r\nline two\r\nline three"\r\n'
        b"\r\n"
        b"Bad,Email,not-an-email,\r\n"
        b"Short,Row,short@example.com\r\n"
        b"Grace,Hopper,grace@example.com,\r\n"
    )
    rows = rows_of(data)
    assert [row.line for row in rows] == [2, 6, 7, 8]
    assert rows[0].note == "line one\r\nline two\r\nline three"
    assert "not-an-email" in rows[1].error
    assert "has 3 fields but the header has 4" in rows[2].error
    assert rows[3].error is None


def test_files_that_cannot_be_imported_say_why():
    with csv_import.read_csv(b"") as parsed:
        assert parsed.problem == "The file is empty."
    with csv_import.read_csv(b"colour,size\nred,L\n") as parsed:
        assert "Cannot tell" in parsed.problem
    with csv_import.read_csv(b"colour,size\nred,L\n", entity="contacts") as parsed:
        assert parsed.problem.startswith("No column holds the first name")
    with csv_import.read_csv(REAL / "deals_sample.csv") as parsed:
        assert "deals is not supported yet" in parsed.problem
    with pytest.raises(ValidationFailed), csv_import.read_csv(b"a\n", entity="invoices"):
        pass


# --- importing the real files ----------------------------------------------------------------


def test_people_1000_imports_quickly_with_a_timeline_entry_each(ws_a, now):
    started = time.perf_counter()
    report = csv_import.import_file(ws_a, path=REAL / "people-1000.csv", entity="auto", now=now)
    elapsed = time.perf_counter() - started
    print(f"people-1000.csv imported in {elapsed:.2f}s")
    assert report.summary() == "people-1000.csv: 1000 contacts created, 0 skipped, 0 failed."
    assert (report.created, report.problems, report.imported_any) == (1000, [], True)
    assert elapsed < 10
    assert count(ws_a, Contact) == 1000
    lee = fetch(ws_a, Contact, email="deannablack@example.org")
    assert (lee.first_name, lee.last_name, lee.phone) == ("Lee", "Tran", "0797525424 x67259")
    assert lee.owner_id == ws_a.user_id
    with workspace_session(ws_a) as s:
        timeline = list_timeline(s, ws_a, record_type=RecordType.CONTACT, record_id=lee.id)
    assert [(e.kind, e.summary) for e in timeline.items] == [
        (ActivityKind.IMPORTED, "Imported from people-1000.csv")
    ]
    activity = fetch(ws_a, Activity, record_type="contact", record_id=lee.id)
    assert activity.details["line"] == 1001
    assert activity.details["import_id"] == report.import_id
    assert activity.details["extra"]["User Id"] == "8b756f6231DDC6e"


def test_customers_link_to_companies_found_or_created_once(ws_a, now):
    report = csv_import.import_file(
        ws_a, path=REAL / "customers-100.csv", entity="contacts", now=now
    )
    assert (report.created, report.companies_created, report.failed) == (100, 99, 0)
    assert count(ws_a, Company) == 99  # "Simon LLC" appears on lines 20 and 65
    sheryl = fetch(ws_a, Contact, email="zunigavanessa@smith.info")
    company = fetch(ws_a, Company, id=sheryl.company_id)
    assert (company.name, company.domain) == ("Rasmussen Group", "stephenson.com")
    assert (sheryl.city, sheryl.country) == ("East Leonard", "Chile")
    assert (sheryl.phone, sheryl.mobile_phone) == ("2290775154", "3978840519 x718")
    clifford = fetch(ws_a, Contact, email="joseph26@jacobson.com")
    chloe = fetch(ws_a, Contact, email="leah85@sutton-terrell.com")
    assert clifford.company_id == chloe.company_id


def test_contacts_reuse_an_existing_company_by_name_ignoring_case_and_accents(ws_a, now):
    from lumenbase.services.companies import create_company

    with workspace_session(ws_a) as s:
        acme = create_company(s, ws_a, now=now, name="ACMÉ").id
    report = csv_import.import_file(ws_a, path=REAL / "contacts_export.csv", now=now)
    assert (report.created, report.companies_created) == (2, 0)
    assert fetch(ws_a, Contact, email="john@doe.example").company_id == acme


def test_contacts_csv_with_notes_tags_and_companies(ws_a, now):
    report = csv_import.import_file(ws_a, path=REAL / "contacts.csv", now=now)
    assert (report.created, report.companies_created, report.failed) == (500, 55, 0)
    assert report.notices and "Jane Doe" in report.notices[0]  # no such member here
    shelley = fetch(ws_a, Contact, email="shelley_kerluke47@hotmail.com")
    assert fetch(ws_a, Company, id=shelley.company_id).name == "Gottlieb and Sons"
    assert fetch(ws_a, Note, record_type="contact", record_id=shelley.id).body == (
        "Eaque ipsa velit."
    )


def test_leads_with_statuses_owners_and_notes(ws_a, now):
    with workspace_session(ws_a) as s:
        bethany = workspaces.add_user(
            s,
            ws_a,
            email=f"b-{uuid.uuid4().hex[:8]}@example.com",
            full_name="Bethany Dixon",
            password=PASSWORD,
            role=Role.SALES_REP,
            now=now,
        )
    report = csv_import.import_file(ws_a, path=REAL / "leads-100.csv", now=now)
    assert report.summary() == "leads-100.csv: 100 leads created, 0 skipped, 0 failed."
    assert count(ws_a, Lead) == 100
    assert count(ws_a, Contact) == 0
    victor = fetch(ws_a, Lead, email="hatkinson@mclaughlin.com")
    assert (victor.first_name, victor.company_name) == ("Victor", "Grimes, Madden and Huff")
    assert (victor.status, victor.source, victor.phone) == (
        "new",
        "Retargeting Ads",
        "+15323441362",
    )
    assert victor.owner_id == bethany
    assert fetch(ws_a, Lead, email="bshelton@wilkins.org").owner_id == ws_a.user_id
    assert fetch(ws_a, Lead, email="katiepruitt@bauer.com").status == "unqualified"
    assert fetch(ws_a, Note, record_type="lead", record_id=victor.id).body == "Speak own such."


def test_organizations_with_a_shared_domain(ws_a, now):
    report = csv_import.import_file(ws_a, path=REAL / "organizations-100.csv", now=now)
    # Arroyo Inc (line 42) and Miles-Dominguez (line 93) share turner.com, which must be unique.
    assert (report.created, report.skipped, report.failed) == (99, 1, 0)
    assert report.problems == [
        csv_import.Problem(93, "skipped: same domain as line 42 (turner.com).", ProblemKind.SKIPPED)
    ]
    ferrell = fetch(ws_a, Company, name="Ferrell LLC")
    assert (ferrell.domain, ferrell.website) == ("price.net", "https://price.net/")
    assert (ferrell.founded_year, ferrell.employee_count) == (1990, 3498)
    assert (ferrell.industry, ferrell.country) == ("Plastics", "Papua New Guinea")


def test_companies_sample_reports_the_globex_row_and_imports_acme(ws_a, now):
    report = csv_import.import_file(ws_a, path=REAL / "companies_sample.csv", now=now)
    assert (report.created, report.failed) == (1, 1)
    assert report.problems[0].line == 3
    assert "has 14 fields but the header has 15" in report.problems[0].message
    acme = fetch(ws_a, Company, name="Acme")
    assert (acme.industry, acme.employee_count, acme.phone) == (
        "Technologies de l'information",
        50,
        "5550100",
    )
    assert acme.linkedin_url == "https://www.linkedin.com/company/acme"
    assert count(ws_a, Company) == 1


def test_deals_are_refused_and_nothing_is_imported(ws_a, now):
    report = csv_import.import_file(ws_a, path=REAL / "deals_sample.csv", now=now)
    assert not report.imported_any
    assert report.summary() == (
        "deals_sample.csv: nothing imported. This looks like a deals file; importing deals is "
        "not supported yet."
    )
    assert count(ws_a, Company) == count(ws_a, Contact) == 0


def test_windows_1252_and_bom_files_import_with_their_accents(ws_a, now, tmp_path):
    from lumenbase.services.contacts import list_contacts

    excel = tmp_path / "excel.csv"
    excel.write_bytes(
        "Name;E-Mail;Company\r\nZoë Müller;zoe@example.com;Société Générale\r\n".encode("cp1252")
    )
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + (REAL / "contacts_export.csv").read_bytes())
    assert csv_import.import_file(ws_a, path=excel, now=now).created == 1
    assert csv_import.import_file(ws_a, path=bom, now=now).created == 2
    with workspace_session(ws_a) as s:
        found = list_contacts(s, ws_a, search="muller").items
    assert [(c.name, c.company_name) for c in found] == [("Zoë Müller", "Société Générale")]
    assert fetch(ws_a, Contact, email="jane@doe.example").first_name == "Jane"


# --- duplicates, malformed rows, tenancy, permissions ----------------------------------------


def test_duplicate_emails_within_a_file_are_skipped_with_the_first_line(ws_a, now):
    data = (
        "First Name,Last Name,Email\n"
        "Ada,Lovelace,ada@example.com\n"
        "Grace,Hopper,grace@example.com\n"
        "Ada,L.,\u00a0ADA@Example.com \n"
    ).encode()
    report = import_bytes(ws_a, data, now)
    assert (report.created, report.skipped) == (2, 1)
    assert report.problems == [
        csv_import.Problem(
            4, "skipped: same email as line 2 (ada@example.com).", ProblemKind.SKIPPED
        )
    ]
    assert count(ws_a, Contact) == 2


def test_existing_contacts_are_never_duplicated(ws_a, now):
    from lumenbase.services.contacts import create_contact

    with workspace_session(ws_a) as s:
        existing = create_contact(
            s, ws_a, now=now, first_name="Shelia", email="pwarner@example.org"
        )
    data = b"First Name,Last Name,Email\nShelia,Mahoney,PWarner@example.org\nJo,Rivers,jo@x.org\n"
    report = import_bytes(ws_a, data, now)
    assert (report.created, report.skipped) == (1, 1)
    assert report.problems[0].line == 2
    assert f"already in the workspace (#{existing.id})" in report.problems[0].message
    assert count(ws_a, Contact) == 2
    again = import_bytes(ws_a, data, now)
    assert (again.created, again.skipped, again.imported_any) == (0, 2, False)
    assert count(ws_a, Contact) == 2


def test_reimporting_a_file_creates_nothing_twice(ws_a, now):
    first = csv_import.import_file(ws_a, path=REAL / "customers-100.csv", now=now)
    second = csv_import.import_file(ws_a, path=REAL / "customers-100.csv", now=now)
    assert (first.created, second.created, second.skipped, second.companies_created) == (
        100,
        0,
        100,
        0,
    )
    assert (count(ws_a, Contact), count(ws_a, Company)) == (100, 99)


def test_fill_empty_completes_existing_contacts_without_overwriting(ws_a, now):
    from lumenbase.services.contacts import create_contact

    with workspace_session(ws_a) as s:
        existing = create_contact(
            s, ws_a, now=now, first_name="Shelly", email="pwarner@example.org"
        )
    report = csv_import.import_file(
        ws_a, path=REAL / "people-1000.csv", now=now, on_duplicate=OnDuplicate.FILL_EMPTY
    )
    assert (report.created, report.updated, report.skipped) == (999, 1, 0)
    assert (
        report.summary() == "people-1000.csv: 999 contacts created, 1 updated, 0 skipped, 0 failed."
    )
    filled = fetch(ws_a, Contact, id=existing.id)
    assert filled.first_name == "Shelly"  # already set: kept
    assert (filled.last_name, filled.phone, filled.title) == (
        "Mahoney",
        "8571398239",
        "Probation officer",
    )


def test_malformed_rows_are_reported_by_line_and_the_rest_imported(ws_a, now):
    data = (
        b"First Name,Last Name,Email,Phone\r\n"
        b"Ada,Lovelace,ada@example.com,+44 20 7946 0018\r\n"
        b"Bad,Email,ada(at)example.com,\r\n"
        b"Bad,Phone,phone@example.com,call me\r\n"
        b"Too,Many,fields@example.com,123,extra\r\n"
        b",,,555 0100\r\n"
        b'"Multi\r\nLine",Name,multi@example.com,\r\n'
        b"Grace,Hopper,grace@example.com,(555) 010-0199\r\n"
    )
    report = import_bytes(ws_a, data, now, "people.csv")
    assert (report.created, report.failed) == (3, 4)
    lines = {problem.line: problem.message for problem in report.problems}
    assert sorted(lines) == [3, 4, 5, 6]
    assert "ada(at)example.com" in lines[3]
    assert "'call me' is not a phone number" in lines[4]
    assert "has 5 fields but the header has 4" in lines[5]
    assert lines[6] == "has neither a name nor an email."
    assert fetch(ws_a, Contact, email="grace@example.com").phone == "5550100199"
    assert fetch(ws_a, Contact, email="multi@example.com").first_name == "Multi Line"


def test_a_row_the_database_refuses_costs_only_itself(ws_a, now):
    data = b"Name,Website,Number of employees\nAlpha,alpha.example,10\nHuge,huge.example,99999999999\nGamma,gamma.example,30\n"
    report = import_bytes(ws_a, data, now, "orgs.csv", entity="companies")
    assert (report.created, report.failed) == (2, 1)
    assert report.problems[0].line == 3
    assert report.problems[0].message.startswith("the database refused it")
    assert count(ws_a, Company) == 2
    assert count(ws_a, Activity) == 2


def test_import_into_one_workspace_leaves_the_other_empty(ws_a, ws_b, now):
    csv_import.import_file(ws_a, path=REAL / "contacts_export.csv", now=now)
    assert (count(ws_a, Contact), count(ws_a, Company), count(ws_a, Activity)) == (2, 1, 3)
    assert (count(ws_b, Contact), count(ws_b, Company), count(ws_b, Activity)) == (0, 0, 0)
    csv_import.import_file(ws_b, path=REAL / "companies_sample.csv", now=now)
    assert (count(ws_a, Company), count(ws_b, Company)) == (1, 1)
    # The same email in another workspace is not a duplicate.
    report = csv_import.import_file(ws_b, path=REAL / "contacts_export.csv", now=now)
    assert (report.created, report.companies_created) == (2, 0)  # ws_b's own Acme is reused


def test_read_only_seat_is_refused(ws_a, now):
    reader = WorkspaceContext(
        workspace_id=ws_a.workspace_id, user_id=ws_a.user_id, role=Role.READ_ONLY
    )
    with pytest.raises(PermissionDenied):
        csv_import.import_file(reader, path=REAL / "people-1000.csv", now=now)
    with (
        workspace_session(reader) as s,
        pytest.raises(PermissionDenied),
        csv_import.read_csv(REAL / "people-1000.csv") as parsed,
    ):
        csv_import.import_parsed(s, reader, parsed, now=now)
    assert count(ws_a, Contact) == 0


def test_import_rows_takes_bytes_and_streams(ws_a, now):
    class Upload(io.RawIOBase):
        """A stream that cannot seek, like a socket or a pipe."""

        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    seen: list[int] = []
    data = (REAL / "contacts_export.csv").read_bytes()
    report = csv_import.import_rows(
        ws_a, Upload(data), filename="upload.csv", now=now, progress=seen.append
    )
    assert (report.filename, report.created, seen) == ("upload.csv", 2, [2])
    text = io.StringIO("Name,Email\nLin Wei,lin@example.com\n")
    assert csv_import.import_rows(ws_a, text, filename="pasted.csv", now=now).created == 1
    assert count(ws_a, Contact) == 3


# --- the command line ------------------------------------------------------------------------


def test_cli_imports_a_file_and_prints_problems(now, capsys):
    email = f"cli-{uuid.uuid4().hex[:8]}@example.com"
    ctx = workspaces.create_workspace_with_admin(
        workspace_name="CLI", email=email, full_name="Cli Admin", password=PASSWORD, now=now
    )
    code = cli.main(["import-csv", str(REAL / "companies_sample.csv"), "--as-user", email])
    out = capsys.readouterr().out
    assert code == 0
    assert "companies_sample.csv: 1 company created, 0 skipped, 1 failed." in out
    assert "  line 3: has 14 fields but the header has 15" in out
    assert count(ctx, Company) == 1

    code = cli.main(["import-csv", str(REAL / "deals_sample.csv"), "--as-user", email])
    assert code == 2
    assert "importing deals is not supported yet" in capsys.readouterr().out

    code = cli.main(
        ["import-csv", str(REAL / "people-1000.csv"), "--entity", "contacts", "--as-user", email]
    )
    assert code == 0
    assert "people-1000.csv: 1000 contacts created, 0 skipped, 0 failed." in capsys.readouterr().out
    assert count(ctx, Contact) == 1000

    code = cli.main(["import-csv", "/nonexistent/file.csv", "--as-user", email])
    assert code == 2
    assert "Cannot read" in capsys.readouterr().err
