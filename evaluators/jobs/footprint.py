"""Job: how heavy each framework is: fresh-process import time, resident memory after import, installed size.

Verifies "Larger framework; can be heavy for smaller applications" (TensorFlow). Import time and
memory come from fresh interpreters, the two frameworks interleaved (torch, TF, torch, TF, ...);
installed size sums the files the package's distribution records.
"""

from __future__ import annotations

import importlib.metadata
import json
import statistics
import subprocess
import sys
from typing import Any

from evaluators.declarations import JobDeclaration, MetricDeclaration, PropertyDeclaration, SideDeclaration
from evaluators.harness import PROCESSES, missing_module, records_load
from evaluators.job_context import JobContext, JobResult
from evaluators.observations import Observation, observation, timing_observation, timing_side, unavailable, value_side

DECLARATION = JobDeclaration(
    job_id="framework-footprint",
    title="Import time, memory and installed size",
    frameworks=("pytorch", "tensorflow"),
    sides=(SideDeclaration("pytorch", "pytorch"), SideDeclaration("tensorflow", "tensorflow")),
    properties=(
        PropertyDeclaration(
            "import-time",
            (
                "import time",
                "time to import the framework",
                "startup time of a script that imports it",
                "how long import takes",
            ),
            cues=(
                "import time",
                "importing",
                "import torch",
                "import tensorflow",
                "imports",
                "start up",
                "starts up",
                "startup",
                "start-up",
                "boot",
                "boots",
                "cold start",
                "cold starts",
                "cold worker",
                "spin up",
                "spins up",
            ),
            bare_comparatives=("weight",),
        ),
        PropertyDeclaration(
            "import-memory",
            (
                "memory after import",
                "memory footprint",
                "RAM used by the framework",
                "resident memory of a process",
            ),
            cues=("memory", "ram", "resident", "resident set", "rss", "footprint"),
            bare_comparatives=("weight",),
        ),
        PropertyDeclaration(
            "install-size",
            (
                "install size",
                "installed package size on disk",
                "lighter or heavier dependency",
                "download size of the wheel",
                "a large or heavy framework",
            ),
            cues=(
                "install",
                "installs",
                "installed",
                "installation",
                "installed size",
                "disk",
                "wheel",
                "download",
                "dependency",
                "dep",
                "deps",
                "container",
                "docker image",
                "image size",
                "cuda build",
                "cpu build",
                "footprint",
            ),
            bare_comparatives=("weight",),
        ),
    ),
    metrics=(
        MetricDeclaration("import_time", "timing", "s", "import-time", better="lower"),
        MetricDeclaration("import_rss", "value", "MB", "import-memory", better="lower"),
        MetricDeclaration("installed_size", "value", "MB", "install-size", better="lower"),
    ),
)
"""What this job measures: the catalog, the claim linker and docs/jobs.md read it."""

FRAMEWORKS = {"pytorch": ("torch", ("torch",)), "tensorflow": ("tensorflow", ("tensorflow", "tensorflow-cpu"))}
# Peak RSS from VmHWM: ru_maxrss survives execve, so a child would report its parent's peak.
PROBE = (
    "import json, re, time; t = time.perf_counter(); import {module}; s = time.perf_counter() - t; "
    "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1); "
    "print(json.dumps({{'seconds': s, 'rss_mb': int(hwm) / 1024}}))"
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
        env=context.part_environment(),
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def probe_interleaved(context: JobContext) -> dict[str, list[dict[str, Any]] | dict[str, str]]:
    runs: dict[str, list[dict[str, Any]] | dict[str, str]] = {}
    for name, (module, _) in FRAMEWORKS.items():
        reason = missing_module(module)
        runs[name] = unavailable(reason) if reason else []
    for _ in range(PROCESSES):
        for name, (module, _) in FRAMEWORKS.items():
            results = runs[name]
            if isinstance(results, list):
                results.append(import_probe(module, context))
    return runs


def observations_from(runs: dict[str, Any]) -> list[Observation]:
    timing, rss, size = {}, {}, {}
    for name, results in runs.items():
        if not isinstance(results, list):
            timing[name] = rss[name] = size[name] = dict(results)
            continue
        timing[name] = timing_side([[r["seconds"]] for r in results], "cpu")
        rss[name] = value_side(statistics.median(r["rss_mb"] for r in results))
        megabytes = installed_mb(FRAMEWORKS[name][1])
        size[name] = value_side(megabytes) if megabytes is not None else unavailable("no distribution metadata")
    return [
        timing_observation("import_time", "importing the framework in a fresh Python process", timing),
        observation(
            "import_rss",
            "the peak resident memory of a process that only imports the framework",
            "value",
            "MB",
            rss,
            better="lower",
        ),
        observation(
            "installed_size", "the installed size of the framework's package", "value", "MB", size, better="lower"
        ),
    ]


def describe(observations: list[Observation]) -> str:
    parts = []
    for item in observations:
        values = []
        for name, side in item["sides"].items():
            if "unavailable" in side:
                values.append(f"{name} unavailable")
            elif item["kind"] == "timing":
                values.append(f"{name} {statistics.median(side['samples_s']):.2f} s")
            else:
                values.append(f"{name} {side['value']:.0f} MB")
        parts.append(f"{item['label']}: {', '.join(values)}")
    return "; ".join(parts)


@records_load
def run(context: JobContext) -> JobResult:
    runs = probe_interleaved(context)
    observations = observations_from(runs)
    return JobResult(
        observations=observations,
        rationale=(
            f"PyTorch and TensorFlow were each imported in {PROCESSES} fresh interpreters (interleaved), recording "
            f"import time and peak resident memory, and their installed files were summed: {describe(observations)}."
        ),
        metrics={"probes": runs},
        key_figure=describe(observations[2:]),
    )
