from lumenbase.db import workspace_session
from lumenbase.services import contacts


def test_create_and_list_contact(ws_a, now):
    with workspace_session(ws_a) as s:
        c = contacts.create_contact(
            s, ws_a, now=now, first_name="Zoë", last_name="Núñez", email=" Zoe@Example.COM "
        )
        assert c.email == "zoe@example.com"
    with workspace_session(ws_a) as s:
        page = contacts.list_contacts(s, ws_a, search="nunez")
        assert [r.name for r in page.items] == ["Zoë Núñez"]
