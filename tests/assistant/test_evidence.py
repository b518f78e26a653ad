from __future__ import annotations

from pathlib import Path

from assistant.evidence import AnswerEvidence
from assistant.service import Assistant
from evaluators.service import build_evaluation_service


def test_answers_carry_current_evidence_for_cited_claims(assistant, bundled_claims, tmp_path: Path):
    """A real job runs in a subprocess; the next answer citing its claims shows the measured verdict."""
    service = build_evaluation_service(f"sqlite:///{tmp_path / 'e.db'}", bundled_claims, timeout_s=120)
    question = "Which framework uses a dynamic computational graph?"
    with_evidence = Assistant(assistant.retriever, evidence=AnswerEvidence(service, live=True, live_budget_s=60))
    answer = with_evidence.ask(question)
    measured = [e for e in answer.evidence if e["job_id"] == "torch-dynamic-control-flow"]
    assert measured, answer.evidence
    item = measured[0]
    assert item["claim_id"] in {c.claim_id for c in answer.citations}
    # The verdict is whatever the measurement says, read against the claim's hypothesis: never pinned here.
    assert item["links"] and item["verdict"] in ("supported", "contradicted", "inconclusive", "mixed")
    assert item["verdict"] == item["links"][0]["verdict"] or item["verdict"] == "mixed"
    assert item["findings"] and "tensor values" in " ".join(f["text"] for f in item["findings"])
    assert "cores" in measured[0]["environment"] and measured[0]["measured_at"]
    # Untestable cited claims are reported honestly rather than left out.
    rating = Assistant(assistant.retriever, evidence=AnswerEvidence(service)).ask("What rating did PyTorch get?")
    assert any(e["verdict"] == "not_testable" for e in rating.evidence)
