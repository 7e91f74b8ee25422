"""Edits on the timeline name companies and owners, never their ids."""

from lumenbase.db import workspace_session
from lumenbase.services import companies, contacts, timeline
from lumenbase.services.common import RecordType
from tests.conftest import unique_email


def test_an_edit_entry_names_the_company_and_owner(ws_a, now):
    with workspace_session(ws_a) as s:
        acme = companies.create_company(s, ws_a, now=now, name="Acme Rockets")
        person = contacts.create_contact(s, ws_a, now=now, first_name="Wile", email=unique_email())
        person.owner_id = None
        s.add(person)
        contacts.update_contact(
            s, ws_a, person.id, now=now, company_id=acme.id, owner_id=ws_a.user_id
        )
        entries = timeline.list_timeline(
            s, ws_a, record_type=RecordType.CONTACT, record_id=person.id
        )
    edit = next(e for e in entries.items if e.kind == "updated")
    assert edit.changes == {"company": [None, "Acme Rockets"], "owner": [None, "Acme Admin"]}
    assert edit.summary == "Edited company, owner"


def test_web_addresses_are_checked_and_a_typed_website_is_kept(ws_a, now):
    import pytest

    from lumenbase.errors import ValidationFailed

    with workspace_session(ws_a) as s:
        company = companies.create_company(
            s, ws_a, now=now, name="Newco", domain="https://www.newco.example.com/about"
        )
        assert (company.domain, company.website) == (
            "newco.example.com",
            "https://www.newco.example.com/about",
        )
        person = contacts.create_contact(s, ws_a, now=now, first_name="Ada", email=unique_email())
        with pytest.raises(ValidationFailed) as refused:
            contacts.update_contact(s, ws_a, person.id, now=now, linkedin_url="notaurl")
        assert "linkedin_url" in refused.value.field_errors
        with pytest.raises(ValidationFailed):
            companies.update_company(s, ws_a, company.id, now=now, website="javascript:alert(1)")
        contacts.update_contact(s, ws_a, person.id, now=now, linkedin_url="linkedin.com/in/ada")
        assert person.linkedin_url == "linkedin.com/in/ada"
