"""The write probe behind /readyz: one row rewritten to prove the database still takes writes.

Revision ID: 0003_write_probe
Revises: 0002_evidence_links
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_write_probe"
down_revision = "0002_evidence_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "weighin_write_probe" not in sa.inspect(op.get_bind()).get_table_names():
        op.create_table(
            "weighin_write_probe",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
            sa.Column("at", sa.String(40)),
        )


def downgrade() -> None:
    op.drop_table("weighin_write_probe")
