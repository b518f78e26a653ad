"""Who queued an evaluation run (``POST /v1/evaluations``), so runs can be capped per client.

Revision ID: 0005_evaluation_submitter
Revises: 0004_evaluation_node

The submitter is the client's identity (``key:<hash prefix>`` or ``ip:<address>``), never a key. Runs queued
before this revision, and runs the server queues itself (live evidence, disputes), keep NULL: no client's cap
counts them. The new ``cancelled`` state needs no schema change (``status`` is a string).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_evaluation_submitter"
down_revision = "0004_evaluation_node"
branch_labels = None
depends_on = None


def upgrade() -> None:
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("evaluation_run")}
    if "submitter" not in present:
        with op.batch_alter_table("evaluation_run") as table:
            table.add_column(sa.Column("submitter", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evaluation_run") as table:
        table.drop_column("submitter")
