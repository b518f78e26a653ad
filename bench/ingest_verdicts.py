"""How long an ingested article takes to get verdicts, in a store that already holds a full evidence run.

    PYTHONPATH=. HF_HUB_OFFLINE=1 python bench/ingest_verdicts.py [--repeats 3]

A throw-away data dir gets one observation record per job of the catalog (both tiers), shaped from the
jobs' declarations (every side measured, three processes per timed side; the figures are synthetic: this
measures the path, not the frameworks). Then a 30-sentence Markdown article is ingested twice over:

- ``weighin ingest`` end to end (:func:`assistant.wiring.ingest_document`: read, extract, rebuild the
  index, build the evaluation service, link and judge), in a fresh process state each time;
- the judging step alone, on a service that is already up (what the server does after an upload).

The second ingest of the same article must append nothing (printed).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evaluators.declarations import MetricDeclaration, SideDeclaration
from evaluators.outcome_codec import JobOutcome
from evaluators.registry import Job

ARTICLE = """# PyTorch or TensorFlow for a small team: what we measured

We run a handful of models in production and train a few more each month,
so we compared the two frameworks on the things that cost us time.

## Footprint

The TensorFlow wheel is the heavier dependency, and our images shrank when we dropped it.
Importing TensorFlow takes longer than importing torch on our build agents.
A process that has only imported PyTorch holds less memory than one that imported TensorFlow.
Some colleagues still think the frameworks are the same size on disk.

## Speed

On our CPU runners the eager PyTorch step for a small CNN was faster than eager TensorFlow.
Eager TensorFlow was not faster than PyTorch for the transformer either.
Wrapping the TensorFlow step in tf.function made it much faster than running it eagerly.
Compiling with torch.compile made the PyTorch training step faster than plain eager mode.
For inference, the two frameworks ran our CNN at the same speed.
Which framework is faster on a GPU?
We did not test GPUs this time.

## Debugging and control flow

In PyTorch a breakpoint inside forward shows real tensor values.
Inside a tf.function the same breakpoint only sees symbolic tensors.
Only PyTorch runs a loop whose length depends on a tensor value without any tracing.
TensorFlow 2 runs eagerly by default, so there is no session to manage.

## Data

torch.from_numpy shares memory with the NumPy array instead of copying it.
TensorFlow's tf.convert_to_tensor copies the data.
Converting a large array takes about the same time in both frameworks.

## Shipping models

We export our PyTorch models to ONNX and run them in ONNX Runtime.
TorchScript models load in a fresh process without their Python class.
Our mobile app runs a TensorFlow Lite model on phones.
The browser demo uses TensorFlow.js.
TensorFlow Serving loads our SavedModel exports with a serving signature.

## Tuning

Keras Tuner and Optuna reach the same validation loss on the same budget.
Our team enjoys working with both frameworks.
"""


def synthetic_observation(metric: MetricDeclaration, sides: tuple[SideDeclaration, ...]) -> dict[str, Any]:
    measured: dict[str, dict[str, Any]] = {}
    for number, side in enumerate(sides, start=1):
        if metric.kind == "timing":
            per_process = [[0.01 * number * (1 + 0.01 * i) for i in range(5)] for _ in range(3)]
            measured[side.label] = {
                "samples_s": [v for run in per_process for v in run],
                "per_process": per_process,
                "processes": 3,
                "device": "cpu",
            }
        elif metric.kind == "check":
            measured[side.label] = {"passed": number == 1, "detail": "synthetic"}
        else:
            measured[side.label] = {"value": 100.0 * number}
    observation = {"metric": metric.name, "label": metric.name, "kind": metric.kind, "unit": metric.unit}
    return {**observation, "device": "cpu", "sides": measured, **({"better": metric.better} if metric.better else {})}


def full_run(service: Any) -> int:
    """Append one observation record per job of the catalog, as ``weighin evaluate --tier all`` would."""
    from evaluators.service import record_from_outcome

    for job in service.registry.values():
        assert isinstance(job, Job) and job.declaration is not None
        observations = [synthetic_observation(m, job.declaration.sides) for m in job.declaration.metrics]
        result = {"observations": observations, "rationale": "synthetic", "key_figure": "synthetic", "device": "cpu"}
        outcome = JobOutcome(job, "cpu", datetime.now(UTC), 1.0, result=result)
        claims = service.claims_for_job(job)
        service.store.append(record_from_outcome(outcome, claims, service.fingerprint, service.table))
    return len(service.registry)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args(argv)
    from assistant.settings import Settings
    from assistant.wiring import build_evaluation_service, ingest_document, open_knowledge_base

    end_to_end, judging, judged_counts = [], [], []
    for repeat in range(options.repeats):
        with tempfile.TemporaryDirectory(prefix="weighin-bench-verdicts-") as folder:
            root = Path(folder)
            settings = Settings.from_env(
                {"WEIGHIN_DATA_DIR": str(root), "WEIGHIN_DATABASE_URL": f"sqlite:///{root}/w.db"}
            )
            knowledge = open_knowledge_base(settings)
            knowledge.build_index()
            service = build_evaluation_service(settings, knowledge)
            jobs = full_run(service)
            article = root / "small-team.md"
            article.write_text(ARTICLE)
            start = time.perf_counter()
            result, judged = ingest_document(settings, article)
            end_to_end.append(time.perf_counter() - start)
            judged_counts.append(judged)
            _, again = ingest_document(settings, article)
            # The judging step alone, on a running service: drop this document's judgements by using a fresh store.
            other = root / "other.md"
            other.write_text(ARTICLE.replace("small team", "second team").replace("handful", "dozen"))
            knowledge.ingest(other)
            service.set_claims(knowledge.claims())
            start = time.perf_counter()
            fresh = service.judge_from_stored([c for c in knowledge.claims() if c.document_id == "other"])
            judging.append(time.perf_counter() - start)
            print(
                f"run {repeat + 1}: {jobs} jobs in the store; {result.claims} claims ingested, {judged} judgement "
                f"entries (second ingest: {again}); end to end {end_to_end[-1]:.2f} s; judging alone "
                f"{judging[-1] * 1000:.0f} ms for {len(fresh)} entries"
            )
    print(
        f"median end to end {statistics.median(end_to_end):.2f} s, judging alone "
        f"{statistics.median(judging) * 1000:.0f} ms (target: verdicts in under 2 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
