"""Lists, saved views and tasks: unique live names, the indexes their pages read by, and timeline
entries for lists and for tasks that belong to no record.

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-04
"""

from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None

UPGRADE = """
-- A list's own history (created, renamed, deleted) and a task without a record have no CRM
-- record to hang a timeline entry on: they get entries of their own kind.
alter table activity drop constraint activity_record_type_check;
alter table activity add constraint activity_record_type_check
    check (record_type in ('contact', 'company', 'lead', 'deal', 'list', 'task'));

-- One live list per name and kind in a workspace (case-insensitive); trashed lists free the name.
alter table crm_list add constraint crm_list_name_check check (length(trim(name)) > 0);
create unique index crm_list_name_uniq on crm_list (workspace_id, entity_type, lower(name))
    where deleted_at is null;
create index crm_list_list_idx on crm_list (workspace_id, entity_type, name)
    where deleted_at is null;
-- "Which lists is this record in?" on every record page.
create index list_membership_record_idx on list_membership (workspace_id, record_id)
    where deleted_at is null;

-- One live view per name, owner and kind of list.
create unique index saved_view_name_uniq
    on saved_view (workspace_id, owner_id, entity_type, lower(name)) where deleted_at is null;

-- My tasks: done ones, newest first (open ones use task_assignee_idx).
create index task_done_idx on task (workspace_id, assignee_id, completed_at desc)
    where deleted_at is null and completed_at is not null;
"""

DOWNGRADE = """
drop index if exists task_done_idx, saved_view_name_uniq, list_membership_record_idx,
    crm_list_list_idx, crm_list_name_uniq;
alter table crm_list drop constraint if exists crm_list_name_check;
alter table activity drop constraint activity_record_type_check;
alter table activity add constraint activity_record_type_check
    check (record_type in ('contact', 'company', 'lead', 'deal'));
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
