"""Judging new claim links from stored observations, as entries of the evidence log an audit can recompute.

When a document is ingested (or the linker finds a link no record judged yet), each new link is judged
at once against its job's *current* observations (the latest non-stale record per environment and
device): nothing re-runs. Each judgement is its own entry of the tamper-evident log, one per claim and
observation record, carrying

- ``metrics.judges``: the id of the observation record it read, and ``metrics.observation_hash`` its
  content hash;
- ``metrics.judging_code``: the hash of the judging code (:func:`judging_code_hash`);
- ``links``: each judged link with its hypothesis (``hypothesis``), so the verdict can be recomputed.

A judgement entry shares its observation record's job, code hash, environment and device, so it is the
claim's current evidence until the job runs again (a new run judges every linked claim itself). It
carries no findings: answers' figures come from the observation record. :func:`recompute_problems` is
what ``weighin audit verify`` runs on every judgement entry.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from evaluators.judging import judge_link
from evaluators.records import JUDGES, EvidenceRecord, is_judgement, utc_timestamp
from evaluators.registry import module_source_hash
from evaluators.verdicts import summarize_verdicts
from knowledge.hypotheses import ClaimLink, Hypothesis

if TYPE_CHECKING:
    from evaluators.registry import Job, LinkSource
    from evaluators.store import EvidenceStore
    from knowledge.claims import Claim

JUDGING_MODULES = ("evaluators.judging", "evaluators.verdicts", "knowledge.hypotheses")


def judging_code_hash() -> str:
    """sha256 over the modules that turn an observation and a hypothesis into a verdict."""
    return hashlib.sha256("".join(module_source_hash(name) for name in JUDGING_MODULES).encode()).hexdigest()


def observations_of(record: EvidenceRecord) -> list[Mapping[str, Any]] | None:
    """A record's observations, or None for a record of a job that produced none (an error record)."""
    if record.verdict == "error" and "observations" not in record.metrics:
        return None
    return list(record.metrics.get("observations") or [])


def link_key(claim_id: str, hypothesis: Mapping[str, Any] | Hypothesis) -> tuple[str, ...]:
    """What identifies one judged link: the claim and its hypothesis (metric, prediction, sides, device)."""
    data = hypothesis.to_dict() if isinstance(hypothesis, Hypothesis) else hypothesis
    return (claim_id, *(str(data.get(name) or "") for name in ("metric", "predicts", "side", "against", "device")))


def stored_link_key(link: Mapping[str, Any]) -> tuple[str, ...] | None:
    """:func:`link_key` of a stored link, None for links stored before hypotheses were recorded."""
    hypothesis = link.get("hypothesis")
    return link_key(str(link.get("claim_id")), hypothesis) if isinstance(hypothesis, Mapping) else None


def judgement_record(claim_id: str, links: Sequence[ClaimLink], observed: EvidenceRecord) -> EvidenceRecord:
    """An unsealed log entry: ``links`` of one claim judged on ``observed``'s observations."""
    judged = [judge_link(claim_id, link, observations_of(observed)).to_dict() for link in links]
    return EvidenceRecord(
        id=uuid.uuid4().hex,
        job_id=observed.job_id,
        job_version=observed.job_version,
        code_hash=observed.code_hash,
        claim_ids=(claim_id,),
        verdict=summarize_verdicts(link["verdict"] for link in judged) or "inconclusive",
        rationale=(
            f"Judged from the stored observations of record {observed.id} (measured {observed.started_at} on "
            f"{observed.device}); no job ran for this claim."
        ),
        metrics={
            JUDGES: observed.id,
            "observation_hash": observed.content_hash,
            "judging_code": judging_code_hash(),
        },
        key_figure=observed.key_figure,
        device=observed.device,
        started_at=utc_timestamp(),
        duration_s=0.0,
        environment=observed.environment,
        fingerprint_hash=observed.fingerprint_hash,
        links=tuple(judged),
    )


def recompute_problems(record: EvidenceRecord, observed: EvidenceRecord | None) -> list[str]:
    """Why a judgement entry does not recompute from the record it names ([] when it does, or by other code).

    An entry judged by other judging code is not recomputed (its verdicts are that code's); its hash and
    place in the chain are still checked like every record's.
    """
    if observed is None:
        return [f"judges record {record.metrics.get(JUDGES)}, which is not earlier in the log"]
    if record.metrics.get("observation_hash") != observed.content_hash:
        return [f"names observation hash {str(record.metrics.get('observation_hash'))[:16]}, not the record's"]
    if record.metrics.get("judging_code") != judging_code_hash():
        return []
    problems = []
    for link in record.links:
        hypothesis = link.get("hypothesis")
        if not isinstance(hypothesis, Mapping):
            problems.append(f"link of {link.get('claim_id')} names no hypothesis")
            continue
        claim_link = ClaimLink(
            str(link.get("rule")), Hypothesis.from_dict(dict(hypothesis)), str(link.get("unmeasured"))
        )
        again = judge_link(str(link.get("claim_id")), claim_link, observations_of(observed)).to_dict()
        if again != dict(link):
            what = f"{link.get('claim_id')} {hypothesis.get('metric')}"
            problems.append(f"{what}: recomputed {again['verdict']}, stored {link.get('verdict')}")
    return problems


class StoredObservationJudge:
    """Appends a judgement entry for every link no record has judged on its job's current observations."""

    def __init__(self, store: EvidenceStore, registry: Mapping[str, Job], linker: LinkSource) -> None:
        self.store = store
        self.registry = registry
        self.linker = linker

    def judge(self, claims: Iterable[Claim]) -> list[EvidenceRecord]:
        """Judge and append; a second call with the same claims and observations appends nothing."""
        wanted = {
            claim.id: [link for link in self.linker.links_for_claim(claim) if link.job_id in self.registry]
            for claim in claims
        }
        wanted = {claim_id: links for claim_id, links in wanted.items() if links}
        if not wanted:
            return []
        job_ids = sorted({link.job_id for links in wanted.values() for link in links})
        current = self.store.latest_for_jobs(job_ids, self.registry)
        judged = self._already_judged(list(wanted))
        appended = []
        for observed in current:
            for claim_id, links in wanted.items():
                fresh = [
                    link
                    for link in links
                    if link.job_id == observed.job_id
                    and link.hypothesis.holds_on(observed.device)
                    and (observed.id, *link_key(claim_id, link.hypothesis)) not in judged
                ]
                if fresh:
                    appended.append(self.store.append(judgement_record(claim_id, fresh, observed)))
        return appended

    def _already_judged(self, claim_ids: list[str]) -> set[tuple[str, ...]]:
        """(observation record id, *link key) of every link some record already judged for these claims."""
        done: set[tuple[str, ...]] = set()
        for history in self.store.histories_for_claims(claim_ids).values():
            for record in history:
                source = str(record.metrics.get(JUDGES) or record.id)
                done.update((source, *key) for link in record.links if (key := stored_link_key(link)) is not None)
        return done


__all__ = ["JUDGES", "StoredObservationJudge", "is_judgement", "judgement_record", "recompute_problems"]
