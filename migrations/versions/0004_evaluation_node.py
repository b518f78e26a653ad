"""The cluster node an evaluation run was asked to run on (``POST /v1/evaluations`` ``node``).

Revision ID: 0004_evaluation_node
Revises: 0003_write_probe

Runs queued before this revision had no way to choose a node: they keep NULL, "the executor chooses".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_evaluation_node"
down_revision = "0003_write_probe"
branch_labels = None
depends_on = None


def upgrade() -> None:
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("evaluation_run")}
    if "node" not in present:
        with op.batch_alter_table("evaluation_run") as table:
            table.add_column(sa.Column("node", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evaluation_run") as table:
        table.drop_column("node")
