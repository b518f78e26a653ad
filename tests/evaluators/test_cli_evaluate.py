from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from cli.evaluate import evaluate_command, evidence_command, jobs_command
from evaluators.errors import UnknownClaimError, UnknownJobError
from evaluators.fingerprint import EnvironmentFingerprint
from evaluators.registry import JobRegistry
from evaluators.runner import LocalSubprocessExecutor
from evaluators.service import EvaluationService
from evaluators.store import EvidenceStore
from knowledge.claims import Claim


@pytest.fixture
def cli_service(
    fake_job_registry: JobRegistry,
    fake_job_executor: LocalSubprocessExecutor,
    tmp_path: Path,
    machine_fingerprint: EnvironmentFingerprint,
    bundled_article_claims: list[Claim],
) -> EvaluationService:
    store = EvidenceStore(f"sqlite:///{tmp_path / 'cli.db'}")
    return EvaluationService(fake_job_registry, fake_job_executor, store, machine_fingerprint, bundled_article_claims)


def console() -> Console:
    return Console(file=io.StringIO(), width=200)


def output(target: Console) -> str:
    return target.file.getvalue()  # type: ignore[attr-defined]


def test_evaluate_json_prints_records_with_environment_object(cli_service: EvaluationService) -> None:
    out = console()
    assert evaluate_command(cli_service, job_ids=["fake-succeed"], as_json=True, console=out) == 0
    (record,) = json.loads(output(out))
    # No article claim links to a fake job: the record is a measurement with findings and no links.
    assert record["job_id"] == "fake-succeed" and record["verdict"] == "measured" and record["links"] == []
    assert any("the fake check: works in fake" in finding["text"] for finding in record["findings"])
    assert isinstance(record["environment"], dict) and record["content_hash"]


def test_evaluate_table_and_error_exit_code(cli_service: EvaluationService) -> None:
    out = console()
    assert evaluate_command(cli_service, job_ids=["fake-raise-error"], console=out) == 1
    assert "fake-raise-error" in output(out) and "error" in output(out)


def test_evaluate_piped_prints_one_line_per_record_and_no_progress_bar(cli_service: EvaluationService) -> None:
    out = console()  # not a terminal, as when piped
    assert evaluate_command(cli_service, job_ids=["fake-succeed"], console=out) == 0
    (line,) = output(out).splitlines()
    assert line.split("\t")[:2] == ["fake-succeed", "Measured"] and "━" not in line


def test_evaluate_with_nothing_selected_returns_2(cli_service: EvaluationService) -> None:
    assert evaluate_command(cli_service, console=console()) == 2


def test_unknown_ids_raise_the_package_user_error(cli_service: EvaluationService) -> None:
    with pytest.raises(UnknownJobError):
        evaluate_command(cli_service, job_ids=["nope"], console=console())
    with pytest.raises(UnknownClaimError):
        evidence_command(cli_service, claim_id="nope", console=console())


def test_jobs_json_lists_jobs(cli_service: EvaluationService) -> None:
    out = console()
    assert jobs_command(cli_service, as_json=True, console=out) == 0
    rows = json.loads(output(out))
    assert {row["id"] for row in rows} == set(cli_service.registry)


def test_evidence_for_untestable_claim_is_not_testable(cli_service: EvaluationService) -> None:
    rating = next(c for c in cli_service.claims if c.topic == "rating")
    out = console()
    assert evidence_command(cli_service, claim_id=rating.id, as_json=True, console=out) == 0
    (record,) = json.loads(output(out))
    assert record["verdict"] == "not_testable"
    out = console()
    assert evidence_command(cli_service, claim_id=rating.id, console=out) == 0
    assert "Not testable" in output(out)  # the shared label, not the key
