"""Evidence records shaped like the real jobs' (same job ids, code hashes and ``metrics`` layout), for the
audit page's tests: the fake jobs the other API tests run record other metrics, so nothing would be charted.

The set covers what the page must cope with: figures for every chart, an ``error`` record (no figures),
a stale record (old code hash), two environments that disagree, and hostile text in a record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from evaluators.records import EvidenceRecord
from evaluators.registry import Job, resolve_claims
from evaluators.verdicts import summarize

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
CPU_ENV = {
    "cpu_model": "Test Xeon 8480",
    "cores": 16,
    "gpu": None,
    "versions": {"torch": "2.13.0", "tensorflow": "2.21.0"},
}
GPU_ENV = {**CPU_ENV, "gpu": {"name": "NVIDIA H200"}}


def timing(median_s: float, spread: float = 0.05) -> dict[str, Any]:
    """``timing_metrics`` of five samples around ``median_s``."""
    samples = [median_s * (1 + spread * k) for k in (-2, -1, 0, 1, 2)]
    return {"samples_s": samples, **summarize(samples).to_dict()}


def footprint(import_s: list[float], rss_mb: float, installed_mb: float | None) -> dict[str, Any]:
    return {
        "import_s": import_s,
        "import_median_s": sorted(import_s)[1],
        "rss_mb": rss_mb,
        "installed_mb": installed_mb,
    }


# job id -> (verdict, key figure, metrics, device, environment); listed oldest first.
MEASUREMENTS: list[tuple[str, str, str, dict[str, Any], str, dict[str, Any]]] = [
    (
        "tf-graph-vs-eager",
        "supported",
        "tf.function 4.8x faster than eager; XLA 6.2x vs eager",
        {
            "steps_per_sample": 20,
            "eager": timing(0.062),
            "graph": timing(0.013),
            "xla": timing(0.010),
            "speedup_graph": 4.8,
        },
        "cpu",
        CPU_ENV,
    ),
    (
        "torch-vs-tf-training-step",
        "supported",
        "train: PyTorch 1.6x faster than TensorFlow; inference: PyTorch 2.1x faster than TensorFlow",
        {
            "steps_per_sample": 20,
            "pytorch": {"train": timing(0.0104), "infer": timing(0.0031)},
            "tensorflow": {"train": timing(0.0166), "infer": timing(0.0065)},
            "train_speedup_pytorch_over_tf": 1.6,
        },
        "cpu",
        CPU_ENV,
    ),
    (
        "framework-footprint",
        "supported",
        "TF/PyTorch: size 1.3x, RSS 1.7x, import time 1.6x",
        {
            "pytorch": footprint([2.01, 2.12, 2.35], 412.0, 1480.5),
            "tensorflow": footprint([3.28, 3.41, 3.66], 706.0, 1912.2),
            "size_ratio_tf_over_torch": 1.29,
        },
        "cpu",
        CPU_ENV,
    ),
    (
        "numpy-interop",
        "supported",
        "torch.from_numpy zero-copy (0.003 ms) vs tf.convert_to_tensor copy (11.2 ms) for 32 MiB",
        {
            "elements": 8 * 2**20,
            "pytorch": {"shares_memory": True, "sees_write": True, "seconds": timing(3.1e-6)},
            "tensorflow": {"shares_memory": False, "sees_write": False, "seconds": timing(0.0112)},
        },
        "cpu",
        CPU_ENV,
    ),
    (
        "automl-tuners",
        "supported",
        "Keras Tuner 3 trials 14.2 s; Optuna+PyTorch 3 trials 3.1 s",
        {"keras_tuner": {"trials": 3, "seconds": 14.2}, "optuna_pytorch": {"trials": 3, "seconds": 3.1}},
        "cpu",
        CPU_ENV,
    ),
    (
        "torchscript-roundtrip",
        "supported",
        "TorchScript round trip max diff 0.0e+00",
        {"artifact_bytes": 18_432},
        "cpu",
        CPU_ENV,
    ),
    (
        "onnx-export",
        "supported",
        "ONNX Runtime max diff 2.4e-07 vs PyTorch",
        {"artifact_bytes": 13_210},
        "cpu",
        CPU_ENV,
    ),
    (
        "tflite-export",
        "supported",
        "LiteRT 14.1 KiB, max diff 4.8e-07",
        {"artifact_bytes": 14_438, "exporter": "keras"},
        "cpu",
        CPU_ENV,
    ),
    (
        "torch-compile",
        "error",
        "error: timed out after 300 s",
        {"logs": {"stdout_tail": "", "stderr_tail": "Traceback ...", "exit_code": None}},
        "cpu",
        CPU_ENV,
    ),
    ("tfjs-converter", "inconclusive", HOSTILE, {"tensorflowjs_importable": HOSTILE}, "cpu", CPU_ENV),
    (
        "torch-vs-tf-training-step",
        "inconclusive",
        "train: PyTorch 1.1x faster than TensorFlow; inference: no clear difference",
        {
            "steps_per_sample": 20,
            "pytorch": {"train": timing(0.0052), "infer": timing(0.0021)},
            "tensorflow": {"train": timing(0.0058), "infer": "not measured"},
        },
        "cuda",
        GPU_ENV,
    ),
]


def measured_records(registry: Mapping[str, Job], claims: Iterable[Any]) -> list[EvidenceRecord]:
    """Unsealed records for :data:`MEASUREMENTS` (one a minute), plus one stale tf-graph-vs-eager record first."""
    claims = list(claims)
    old = _record(registry["tf-graph-vs-eager"], claims, "contradicted", "eager 1.1x faster", {}, "cpu", CPU_ENV, 0)
    records = [replace(old, code_hash="0" * 64)]  # written by code that has changed since: stale
    for minute, (job_id, verdict, figure, metrics, device, env) in enumerate(MEASUREMENTS, start=1):
        records.append(_record(registry[job_id], claims, verdict, figure, metrics, device, env, minute))
    return records


def _record(
    job: Job,
    claims: list[Any],
    verdict: str,
    figure: str,
    metrics: dict[str, Any],
    device: str,
    env: dict[str, Any],
    minute: int,
) -> EvidenceRecord:
    rationale = HOSTILE if figure == HOSTILE else f"Measured by {job.id} on {device}."
    linked = tuple(c.id for c in resolve_claims(job, claims))
    return EvidenceRecord(
        job_id=job.id,
        job_version=job.version,
        code_hash=job.code_hash,
        claim_ids=linked,
        links=tuple(
            {"claim_id": cid, "job_id": job.id, "predicts": "works", "measured": figure, "verdict": verdict}
            for cid in linked
        ),
        verdict=verdict,
        rationale=rationale,
        metrics=metrics,
        key_figure=figure,
        device=device,
        started_at=f"2026-11-20T10:{minute:02d}:00.000000+00:00",
        duration_s=12.5,
        environment=env,
        fingerprint_hash="fp-gpu" if device == "cuda" else "fp-cpu",
    )
