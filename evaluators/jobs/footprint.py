"""Job: how heavy each framework is: fresh-process import time, RSS after import, installed size.

Verifies "Larger framework; can be heavy for smaller applications" (TensorFlow). Import time is
measured in 3 fresh interpreters per framework (TF import costs seconds, so more would dominate the
suite); because the timing rule needs 5 repeats, the verdict rests on the deterministic ratios
(installed size and RSS) and import times are reported alongside.
"""

from __future__ import annotations

import importlib.metadata
import json
import statistics
import subprocess
import sys
from typing import Any

from evaluators.job_context import JobContext, JobResult
from evaluators.verdicts import ratio_verdict

IMPORT_RUNS = 3
FRAMEWORKS = {"pytorch": ("torch", ("torch",)), "tensorflow": ("tensorflow", ("tensorflow", "tensorflow-cpu"))}
PROBE = (
    "import json, resource, time; t = time.perf_counter(); import {module}; "
    "print(json.dumps({{'seconds': time.perf_counter() - t, "
    "'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))"
)


def installed_mb(distributions: tuple[str, ...]) -> float | None:
    for name in distributions:
        try:
            files = importlib.metadata.distribution(name).files or []
        except importlib.metadata.PackageNotFoundError:
            continue
        return sum((f.size or 0) for f in files) / 2**20
    return None


def import_probe(module: str, context: JobContext) -> dict[str, Any]:
    """One fresh interpreter that imports ``module`` and reports its own timing and peak RSS."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        capture_output=True,
        text=True,
        timeout=context.remaining_s(),
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure(module: str, distributions: tuple[str, ...], context: JobContext) -> dict[str, Any]:
    runs = [import_probe(module, context) for _ in range(IMPORT_RUNS)]
    return {
        "import_s": [r["seconds"] for r in runs],
        "import_median_s": statistics.median(r["seconds"] for r in runs),
        "rss_mb": statistics.median(r["rss_mb"] for r in runs),
        "installed_mb": installed_mb(distributions),
    }


def run(context: JobContext) -> JobResult:
    sides = {name: measure(module, dists, context) for name, (module, dists) in FRAMEWORKS.items()}
    torch_side, tf_side = sides["pytorch"], sides["tensorflow"]
    size_ratio = (tf_side["installed_mb"] or 0) / max(torch_side["installed_mb"] or 0, 1e-9)
    rss_ratio = tf_side["rss_mb"] / torch_side["rss_mb"]
    import_ratio = tf_side["import_median_s"] / torch_side["import_median_s"]
    verdict = ratio_verdict([size_ratio, rss_ratio])
    return JobResult(
        verdict=verdict,
        rationale=(
            f"TensorFlow vs PyTorch: installed {tf_side['installed_mb']:.0f} vs {torch_side['installed_mb']:.0f} MiB "
            f"({size_ratio:.1f}x), RSS after import {tf_side['rss_mb']:.0f} vs {torch_side['rss_mb']:.0f} MiB "
            f"({rss_ratio:.1f}x), import {tf_side['import_median_s']:.1f} vs {torch_side['import_median_s']:.1f} s "
            f"(median of {IMPORT_RUNS}), so 'TensorFlow is the heavier framework' is {verdict}."
        ),
        metrics={
            **sides,
            "size_ratio_tf_over_torch": size_ratio,
            "rss_ratio_tf_over_torch": rss_ratio,
            "import_ratio_tf_over_torch": import_ratio,
        },
        key_figure=(f"TF/PyTorch: size {size_ratio:.1f}x, RSS {rss_ratio:.1f}x, import time {import_ratio:.1f}x"),
    )
