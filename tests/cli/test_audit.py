"""``weighin audit verify|report`` and the CLI's answer events."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from evaluators.store import EvidenceStore
from tests.cli.test_cli import run
from tests.evaluators.test_store import a_job, make_record


@pytest.fixture
def audit_env(session_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The session's article and index, and a database of its own; returns the database URL."""
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    monkeypatch.setenv("WEIGHIN_DATA_DIR", str(session_data_dir))
    monkeypatch.setenv("WEIGHIN_DATABASE_URL", url)
    return url


def test_verify_passes_on_an_intact_log_and_names_the_first_broken_record(audit_env, capsys):
    store = EvidenceStore(audit_env)
    records = [store.append(make_record(a_job(), key_figure=f"{i}x")) for i in range(3)]
    code, out, _ = run(["audit", "verify"], capsys)
    assert code == 0 and "intact: 3 records" in out and records[-1].content_hash in out
    with store._engine.begin() as connection:
        connection.execute(text("UPDATE evidence_record SET key_figure = '9x' WHERE id = :id"), {"id": records[1].id})
    code, _, err = run(["audit", "verify"], capsys)
    assert code == 1 and err.splitlines()[0].startswith(f"broken: record {records[1].id} (#2)")
    code, out, _ = run(["audit", "verify", "--json"], capsys)
    assert code == 1 and json.loads(out)["first_broken"]["record_id"] == records[1].id


def test_report_formats(audit_env, capsys, tmp_path):
    code, out, _ = run(["audit", "report", "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) > 50 and all(r["verdict"] for r in rows)
    code, out, _ = run(["audit", "report", "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 0 and report["chain"]["ok"] and len(report["claims"]) == len(rows)
    target = tmp_path / "audit.md"
    code, out, _ = run(["audit", "report", "-o", str(target)], capsys)
    assert code == 0 and target.read_text().startswith("# Weigh-in claim audit")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["audit", "report", "--format", "pdf"], "'pdf' is not one of md, json, csv"),
        (["audit", "report", "-o", "/definitely/not/here/audit.md"], "cannot write"),
    ],
)
def test_report_input_errors(audit_env, capsys, argv, message):
    code, _, err = run(argv, capsys)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_cli_answers_are_logged(audit_env, capsys):
    from assistant.answer_log import AnswerLog
    from evaluators.store import open_engine

    code, out, _ = run(["ask", "--json", "Which framework is easier to debug?"], capsys)
    answer = json.loads(out)
    event = AnswerLog(open_engine(audit_env), background=False).get(answer["id"])
    assert code == 0 and event.surface == "cli" and event.recommendation == "pytorch"
    assert event.claim_ids == [c["claim_id"] for c in answer["citations"]]
