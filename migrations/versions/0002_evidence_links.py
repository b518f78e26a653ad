"""Evidence schema 2: per-link verdicts and findings on each record.

Revision ID: 0002_evidence_links
Revises: 0001_baseline

Old records keep schema_version 1 and empty lists: their content hash never covered these fields, so the
chain over them stays valid.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_evidence_links"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

COLUMNS = ("links_json", "findings_json")


def upgrade() -> None:
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("evidence_record")}
    with op.batch_alter_table("evidence_record") as table:
        for name in COLUMNS:
            if name not in present:
                table.add_column(sa.Column(name, sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("evidence_record") as table:
        for name in COLUMNS:
            table.drop_column(name)
