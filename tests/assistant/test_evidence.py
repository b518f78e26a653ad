from __future__ import annotations

import asyncio
from pathlib import Path

from assistant.answer_log import AnswerLog
from assistant.desk import AnswerDesk
from assistant.evidence import AnswerEvidence, evidence_item
from assistant.service import Assistant
from evaluators.evaluation_queue import EvaluationQueue
from evaluators.service import build_evaluation_service
from evaluators.store import open_engine


def test_answers_carry_current_evidence_for_cited_claims(assistant, bundled_claims, tmp_path: Path):
    """A live answer queues the missing job (run in a subprocess by the evaluation queue); the next answer
    citing its claims shows the measured verdict."""
    engine = open_engine(f"sqlite:///{tmp_path / 'e.db'}")
    service = build_evaluation_service(engine, bundled_claims, timeout_s=120)
    queue = EvaluationQueue(service, engine, evidence_item)
    question = "Which framework uses a dynamic computational graph?"
    with_evidence = Assistant(assistant.retriever, reader=assistant.reader, evidence=AnswerEvidence(service))
    desk = AnswerDesk(with_evidence, AnswerLog(engine, background=False), queue, max_question_chars=1000)
    served = asyncio.run(desk.answer(question, surface="cli", live=True))
    assert served.run is not None and "torch-dynamic-control-flow" in served.run.job_ids
    assert queue.wait(served.run.id, timeout=600).status == "done"
    queue.close()
    answer = asyncio.run(desk.answer(question, surface="cli")).answer
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
    rating = Assistant(assistant.retriever, reader=assistant.reader, evidence=AnswerEvidence(service)).ask(
        "What rating did PyTorch get?"
    )
    assert any(e["verdict"] == "not_testable" for e in rating.evidence)
