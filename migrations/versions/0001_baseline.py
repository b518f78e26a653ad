"""Baseline: every table of release 0.1.0, created only where missing (a 0.1.0 database is adopted as is).

Revision ID: 0001_baseline
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def _tables() -> list[tuple[str, list[sa.Column], list[tuple[str, list[str], bool]]]]:
    """(table, columns, indexes as (name, columns, unique)) exactly as release 0.1.0 created them."""
    text, string = sa.Text(), sa.String()
    return [
        (
            "evidence_record",
            [
                sa.Column("seq", sa.Integer(), primary_key=True),
                sa.Column("id", string, nullable=False),
                sa.Column("schema_version", sa.Integer(), nullable=False),
                sa.Column("job_id", string, nullable=False),
                sa.Column("job_version", sa.Integer(), nullable=False),
                sa.Column("code_hash", string, nullable=False),
                sa.Column("claim_ids_json", text, nullable=False),
                sa.Column("verdict", string, nullable=False),
                sa.Column("rationale", text, nullable=False),
                sa.Column("metrics_json", text, nullable=False),
                sa.Column("key_figure", text, nullable=False),
                sa.Column("device", string, nullable=False),
                sa.Column("started_at", string, nullable=False),
                sa.Column("duration_s", sa.Float(), nullable=False),
                sa.Column("environment_json", text, nullable=False),
                sa.Column("fingerprint_hash", string, nullable=False),
                sa.Column("prev_hash", string),
                sa.Column("content_hash", string, nullable=False, unique=True),
            ],
            [
                ("ix_evidence_record_id", ["id"], True),
                ("ix_evidence_record_fingerprint_hash", ["fingerprint_hash"], False),
                ("ix_evidence_record_job_id", ["job_id"], False),
            ],
        ),
        (
            "evidence_chain_head",
            [
                sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
                sa.Column("records", sa.Integer(), nullable=False),
                sa.Column("head_hash", string),
            ],
            [],
        ),
        (
            "evidence_claim",
            [
                sa.Column("seq", sa.Integer(), primary_key=True),
                sa.Column("record_seq", sa.Integer(), sa.ForeignKey("evidence_record.seq"), nullable=False),
                sa.Column("claim_id", string, nullable=False),
            ],
            [
                ("ix_evidence_claim_record_seq", ["record_seq"], False),
                ("ix_evidence_claim_claim_id", ["claim_id"], False),
            ],
        ),
        (
            "answer_event",
            [
                sa.Column("seq", sa.Integer(), primary_key=True),
                sa.Column("id", string, nullable=False),
                sa.Column("surface", string, nullable=False),
                sa.Column("question", text, nullable=False),
                sa.Column("answer", text, nullable=False),
                sa.Column("recommendation", string),
                sa.Column("confidence", sa.Float(), nullable=False),
                sa.Column("abstained", sa.Boolean(), nullable=False),
                sa.Column("claims_json", text, nullable=False),
                sa.Column("evidence_ids_json", text, nullable=False),
                sa.Column("user", string),
                sa.Column("conversation_id", string),
                sa.Column("created_at", string, nullable=False),
            ],
            [
                ("ix_answer_event_id", ["id"], True),
                ("ix_answer_event_surface", ["surface"], False),
                ("ix_answer_event_created_at", ["created_at"], False),
            ],
        ),
        (
            "evaluation_run",
            [
                sa.Column("id", string, primary_key=True),
                sa.Column("status", string, nullable=False),
                sa.Column("job_ids_json", text, nullable=False),
                sa.Column("claim_ids_json", text, nullable=False),
                sa.Column("device", string, nullable=False),
                sa.Column("reason", string, nullable=False),
                sa.Column("created_at", string, nullable=False),
                sa.Column("started_at", string),
                sa.Column("finished_at", string),
                sa.Column("completed", sa.Integer(), nullable=False),
                sa.Column("record_ids_json", text, nullable=False),
                sa.Column("error", text),
            ],
            [("ix_evaluation_run_status", ["status"], False)],
        ),
        (
            "conversation",
            [
                sa.Column("id", string, primary_key=True),
                sa.Column("title", text, nullable=False),
                sa.Column("created_at", string, nullable=False),
            ],
            [],
        ),
        (
            "conversation_message",
            [
                sa.Column("seq", sa.Integer(), primary_key=True),
                sa.Column("conversation_id", string, sa.ForeignKey("conversation.id"), nullable=False),
                sa.Column("role", string, nullable=False),
                sa.Column("content", text, nullable=False),
                sa.Column("resolved_question", text),
                sa.Column("answer_json", text),
                sa.Column("created_at", string, nullable=False),
            ],
            [("ix_conversation_message_conversation_id", ["conversation_id"], False)],
        ),
        (
            "answer_feedback",
            [
                sa.Column("id", string, primary_key=True),
                sa.Column("answer_id", string, nullable=False),
                sa.Column("rating", string, nullable=False),
                sa.Column("reason", text, nullable=False),
                sa.Column("user", string),
                sa.Column("surface", string, nullable=False),
                sa.Column("created_at", string, nullable=False),
            ],
            [("ix_answer_feedback_answer_id", ["answer_id"], False)],
        ),
        (
            "claim_dispute",
            [
                sa.Column("id", string, primary_key=True),
                sa.Column("claim_id", string, nullable=False),
                sa.Column("reason", text, nullable=False),
                sa.Column("answer_id", string),
                sa.Column("user", string),
                sa.Column("surface", string, nullable=False),
                sa.Column("status", string, nullable=False),
                sa.Column("evaluation_id", string),
                sa.Column("verdict_after", string),
                sa.Column("created_at", string, nullable=False),
                sa.Column("resolved_at", string),
            ],
            [
                ("ix_claim_dispute_evaluation_id", ["evaluation_id"], False),
                ("ix_claim_dispute_claim_id", ["claim_id"], False),
            ],
        ),
        (
            "slack_event",
            [
                sa.Column("event_id", string, primary_key=True),
                sa.Column("created_at", string, nullable=False),
            ],
            [("ix_slack_event_created_at", ["created_at"], False)],
        ),
    ]


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, columns, indexes in _tables():
        if name in existing:
            continue
        op.create_table(name, *columns)
        for index, index_columns, unique in indexes:
            op.create_index(index, name, index_columns, unique=unique)
    if "evidence_chain_head" not in existing:
        _anchor_existing_log()


def _anchor_existing_log() -> None:
    """Anchor the log once, as the store did: over whatever records a pre-anchor database holds (often none)."""
    bind = op.get_bind()
    count = bind.execute(sa.text("SELECT COUNT(*) FROM evidence_record")).scalar_one()
    head = bind.execute(sa.text("SELECT content_hash FROM evidence_record ORDER BY seq DESC LIMIT 1")).scalar()
    bind.execute(
        sa.text("INSERT INTO evidence_chain_head (id, records, head_hash) VALUES (1, :records, :head)"),
        {"records": count, "head": head},
    )


def downgrade() -> None:
    raise NotImplementedError("the baseline adopts existing data; there is nothing safe to drop")
