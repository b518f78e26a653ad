"""Evidence records shaped like the real jobs' (same job ids, code hashes, observations, judged links and
findings), for the audit page's tests: the fake jobs the other API tests run observe other metrics.

Links and findings are not written by hand: each record is judged by the service's own rules
(:func:`evaluators.judging.judge_link` over the hypothesis table) and described by
:func:`evaluators.findings.findings_for`, so the page is tested on what the service really stores.

The set covers what the page must cope with: timings on CPU and on a GPU host (where TensorFlow is
unavailable), sides 3,000x apart (log axis), a side with a far outlier (clipped whisker), deterministic
values, checks (a pass/fail grid), an ``error`` record (no figures), a stale record (old code hash), a
claim whose jobs disagree (``mixed``), a job whose verdict differs between machines, and hostile text.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from evaluators.findings import findings_for
from evaluators.judging import judge_link
from evaluators.linking import ClaimLinker, catalog_linker
from evaluators.records import EvidenceRecord
from evaluators.registry import Job
from evaluators.verdicts import MEASURED, summarize_verdicts

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
CPU_ENV = {"host": "ci-runner", "cpu_model": "Test Xeon 8480", "cores": 16, "versions": {"torch": "2.13.0"}}
GPU_ENV = {
    "host": "gpu-box",
    "cpu_model": "AMD EPYC",
    "cores": 16,
    "accelerators": [{"name": "NVIDIA H200", "memory_mb": 143_771}],
    "versions": {"torch": "2.13.0"},
}


def timed(median_s: float, spread: float = 0.05, device: str = "cpu", outlier: float | None = None) -> dict[str, Any]:
    """A timing side: three processes of five samples around ``median_s`` (one far ``outlier`` if given)."""
    per_process = [[median_s * (1 + spread * k) for k in (-2, -1, 0, 1, 2)] for _ in range(3)]
    if outlier is not None:
        per_process[2][4] = outlier
    samples = [s for process in per_process for s in process]
    return {"samples_s": samples, "per_process": per_process, "processes": 3, "device": device}


def observation(
    metric: str, label: str, kind: str, sides: dict[str, Any], unit: str = "", device: str = "cpu"
) -> dict[str, Any]:
    """An observation in the jobs' contract (``evaluators.observations`` validates the same shape)."""
    unit = unit or {"timing": "s", "check": "check", "score": "loss"}.get(kind, "MB")
    found = {"metric": metric, "label": label, "kind": kind, "unit": unit, "device": device, "sides": sides}
    return found if kind == "check" else {**found, "better": "lower"}


def _check(metric: str, label: str, device: str = "cpu", **sides: Any) -> dict[str, Any]:
    return observation(metric, label, "check", dict(sides), device=device)


CNN = "CNN train step (batch 64, eager)"
NO_TF = {"unavailable": "TensorFlow is not installed on this machine"}

# (job id, observations or None for a failed run, device, environment); listed oldest first.
MEASUREMENTS: list[tuple[str, list[dict[str, Any]] | None, str, dict[str, Any]]] = [
    (
        "tf-graph-vs-eager",
        [
            observation(
                "cnn_train_step",
                "CNN train step (batch 64)",
                "timing",
                {"tf-eager": timed(0.062, outlier=0.9), "tf.function": timed(0.013)},
            )
        ],
        "cpu",
        CPU_ENV,
    ),
    (
        "torch-vs-tf-training-step",
        [observation("cnn_train_step_eager", CNN, "timing", {"pytorch": timed(0.041), "tensorflow": timed(0.055)})],
        "cpu",
        CPU_ENV,
    ),
    (
        "framework-footprint",
        [
            observation(
                "installed_size",
                "Installed size",
                "value",
                {"pytorch": {"value": 1480.5}, "tensorflow": {"value": 1912.2}},
                unit="MB",
            ),
            observation(
                "import_rss",
                "Memory after import",
                "value",
                {"pytorch": {"value": 412.0}, "tensorflow": {"value": 706.0}},
                unit="MB",
            ),
            observation("import_time", "Import time", "timing", {"pytorch": timed(2.1), "tensorflow": timed(3.4)}),
        ],
        "cpu",
        CPU_ENV,
    ),
    (
        "numpy-interop",
        [
            _check("numpy_zero_copy", "NumPy zero-copy", pytorch={"passed": True, "detail": "shares memory"}),
            observation(
                "numpy_conversion",
                "NumPy to tensor (32 MiB)",
                "timing",
                {"pytorch": timed(3.1e-6), "tensorflow": timed(0.0112)},
            ),
        ],
        "cpu",
        CPU_ENV,
    ),
    (
        "automl-tuners",
        [
            _check(
                "tuner_available",
                "A tuner one pip install away",
                pytorch={"passed": True, "detail": "optuna"},
                tensorflow={"passed": True, "detail": "keras-tuner"},
            ),
            observation(
                "tuned_validation_loss",
                "Validation loss after 3 trials",
                "score",
                {
                    "pytorch": {"value": 0.41, "samples": [0.41, 0.43, 0.40]},
                    "tensorflow": {"value": 0.42, "samples": [0.42, 0.44, 0.41]},
                },
            ),
        ],
        "cpu",
        CPU_ENV,
    ),
    (
        "torchscript-roundtrip",
        [
            _check(
                "torchscript_roundtrip",
                "TorchScript round trip",
                pytorch={"passed": True, "detail": "answers identically"},
            )
        ],
        "cpu",
        CPU_ENV,
    ),
    (
        "onnx-export",
        [
            _check(
                "onnx_runtime_parity", "ONNX Runtime parity", pytorch={"passed": True, "detail": "answers identically"}
            )
        ],
        "cpu",
        CPU_ENV,
    ),
    (
        "tf-serving-artifact",
        [
            _check(
                "savedmodel_serving_signature",
                "SavedModel serving signature",
                tensorflow={"passed": True, "detail": "signature answers like the model"},
            )
        ],
        "cpu",
        CPU_ENV,
    ),
    (
        "tflite-export",
        [
            _check(
                "tflite_interpreter_parity",
                "LiteRT interpreter parity",
                tensorflow={"passed": False, "detail": "max diff 0.3"},
            )
        ],
        "cpu",
        CPU_ENV,
    ),
    ("torch-compile", None, "cpu", CPU_ENV),
    ("tfjs-converter", [_check("tfjs_conversion", HOSTILE, tensorflow={"unavailable": HOSTILE})], "cpu", CPU_ENV),
    (
        "torch-vs-tf-training-step",
        [
            observation(
                "cnn_train_step_eager",
                CNN,
                "timing",
                {"pytorch": timed(0.0021, device="cuda:0"), "tensorflow": NO_TF},
                device="cuda:0",
            )
        ],
        "cuda:0",
        GPU_ENV,
    ),
    (
        "tf-serving-artifact",
        [
            _check(
                "savedmodel_serving_signature",
                "SavedModel serving signature",
                device="cuda:0",
                tensorflow={"passed": False, "detail": "no GPU kernel"},
            )
        ],
        "cuda:0",
        GPU_ENV,
    ),
]
STALE_JOB = "framework-footprint"


def measured_records(registry: Mapping[str, Job], claims: Iterable[Any]) -> list[EvidenceRecord]:
    """Unsealed records for :data:`MEASUREMENTS` (one a minute), after one stale record of a job that the bundled
    article's claims link (framework-footprint), so that claims' histories hold it."""
    claims = list(claims)
    heavier = [
        observation(
            "installed_size",
            "Installed size",
            "value",
            {"pytorch": {"value": 2100.0}, "tensorflow": {"value": 900.0}},
            unit="MB",
        )
    ]
    old = _record(registry[STALE_JOB], claims, heavier, "cpu", CPU_ENV, 0)
    records = [replace(old, code_hash="0" * 64)]  # written by code that has changed since: stale
    for minute, (job_id, observations, device, env) in enumerate(MEASUREMENTS, start=1):
        records.append(_record(registry[job_id], claims, observations, device, env, minute))
    return records


def _record(
    job: Job,
    claims: list[Any],
    observations: list[dict[str, Any]] | None,
    device: str,
    env: dict[str, Any],
    minute: int,
) -> EvidenceRecord:
    record_id = hashlib.md5(f"{minute}-{job.id}".encode()).hexdigest()  # stable ids, shaped like uuid4().hex
    links = [
        judge_link(claim.id, link, observations).to_dict()
        for claim in claims
        for link in _linker().links_for_claim(claim)
        if link.job_id == job.id
    ]
    if observations is None:
        verdict, figure, findings = "error", "error: timed out after 300 s", []
        metrics: dict[str, Any] = {"logs": {"stdout_tail": "", "stderr_tail": "Traceback ...", "exit_code": None}}
    else:
        verdict = summarize_verdicts(link["verdict"] for link in links) or MEASURED
        findings = findings_for(job.id, observations, device, env, record_id)
        figure = HOSTILE if job.id == "tfjs-converter" else findings[0]["text"]
        metrics = {"observations": observations}
    return EvidenceRecord(
        id=record_id,
        job_id=job.id,
        job_version=job.version,
        code_hash=job.code_hash,
        claim_ids=tuple(dict.fromkeys(link["claim_id"] for link in links)),
        links=tuple(links),
        findings=tuple(findings),
        verdict=verdict,
        rationale=HOSTILE if job.id == "tfjs-converter" else f"Measured by {job.id} on {device}.",
        metrics=metrics,
        key_figure=figure,
        device=device,
        started_at=f"2026-11-20T10:{minute:02d}:00.000000+00:00",
        duration_s=12.5,
        environment=env,
        fingerprint_hash="fp-gpu" if device.startswith("cuda") else "fp-cpu",
    )


@functools.cache
def _linker() -> ClaimLinker:
    """The product's linker (the embedder and the property model), so the records link what the product links."""
    from knowledge.embedder import MiniLMEmbedder

    return catalog_linker(MiniLMEmbedder(threads=1))
