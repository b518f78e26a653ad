"""Evaluation runs as the bot sees them: wait for a run to finish, then read the evidence it left.

The queue works runs off in its own thread and tells listeners from there; :func:`finished_run` waits
for the final event on the event loop (through ``assistant.desk.run_events``), bounded so a run that never ends
cannot pin a task forever. The other functions touch the database and are called in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from assistant.desk import run_events
from assistant.evidence import AnswerEvidence
from assistant.wiring import Runtime
from evaluators.evaluation_queue import EvaluationQueue, RunEvent

log = logging.getLogger("weighin.slack")


async def finished_run(queue: EvaluationQueue, run_id: str, timeout_s: float) -> RunEvent | None:
    """The run's ``done`` or ``failed`` event, or None when it has not ended within ``timeout_s``."""
    try:
        async with asyncio.timeout(timeout_s):
            async for event in run_events(queue, run_id):
                if event is not None and event.final:
                    return event
    except TimeoutError:
        log.warning("evaluation %s did not finish within %.0f s; no Slack follow-up", run_id, timeout_s)
    return None


def claims_with_evidence(
    runtime: Runtime, claim_ids: Sequence[str]
) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """``(claim_id, text)`` of each known claim and its current evidence, in the shape answers carry."""
    known = {claim.id: claim for claim in runtime.evaluations.claims}
    claims = [(claim_id, known[claim_id].text) for claim_id in claim_ids if claim_id in known]
    return claims, AnswerEvidence(runtime.evaluations).evidence_for_claims(claim_ids)
