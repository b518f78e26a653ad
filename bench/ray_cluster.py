"""Ray executor figures for BENCHMARKS.md: overhead per job, node memory, default suite wall time.

Usage: ``python bench/ray_cluster.py [--job ID] [--repeats N] [--suite]``. Starts its own Ray head on this
host (GCS port 6382, job API 8267, token auth), adds a second node on the same host when needed, and stops
Ray at the end (``ray stop --force``: do not run it beside another Ray on the machine).

- Overhead: the same job through the local executor and through Ray, paired and alternated; the
  overhead is Ray's wall time (submission to outcome) minus the local wall time (process start to exit).
- Memory: proportional set size (PSS, shared pages split between processes) summed over each node's Ray
  processes, idle and while the node runs a job; the job's own process tree is reported apart.
- Suite (``--suite``): the default tier locally, on one Ray node and on two; per-job times feed a paper
  model of N machines (longest-processing-time-first list scheduling plus the overhead per job).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from evaluators.catalog import default_registry
from evaluators.ray_executor import RayJobExecutor
from evaluators.runner import JobRequest, LocalSubprocessExecutor

RAY = str(Path(sys.executable).with_name("ray"))
PROC = Path("/proc")


def pids() -> set[int]:
    return {int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit()}


def parents() -> dict[int, int]:
    """Each live process's parent, from /proc (no psutil in the project's dependencies)."""
    found = {}
    for pid in pids():
        try:
            stat = (PROC / str(pid) / "stat").read_text()
        except OSError:
            continue
        found[pid] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def descendants(root: int, parent_of: dict[int, int]) -> set[int]:
    tree: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parent_of.items() if parent in frontier} - tree
        tree |= frontier
    return tree


def command_line(pid: int) -> str:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


GCS_PORT, DASHBOARD_PORT = 6382, 8267
NODE_RESOURCES = '{"torch": 1, "tensorflow": 1, "weighin": 1}'


class Cluster:
    def __init__(self) -> None:
        self.temp_dir = tempfile.mkdtemp(prefix="wray-bench-", dir="/tmp")
        self.token = secrets.token_hex(32)
        os.environ.update(RAY_AUTH_MODE="token", RAY_AUTH_TOKEN=self.token)
        self.address = f"http://127.0.0.1:{DASHBOARD_PORT}"
        self.nodes: list[set[int]] = []

    def _start(self, arguments: list[str]) -> None:
        before = pids()
        subprocess.run([RAY, "start", "--disable-usage-stats", *arguments], check=True, capture_output=True)
        time.sleep(3)
        self.nodes.append(pids() - before)

    def start_head(self) -> None:
        self._start(
            [
                "--head",
                f"--port={GCS_PORT}",
                f"--temp-dir={self.temp_dir}",
                "--node-ip-address=127.0.0.1",
                "--num-cpus=2",
                "--num-gpus=0",
                f"--resources={NODE_RESOURCES}",
                "--object-store-memory=100000000",
                "--dashboard-host=127.0.0.1",
                f"--dashboard-port={DASHBOARD_PORT}",
            ]
        )

    def add_node(self) -> None:
        self._start(
            [
                f"--address=127.0.0.1:{GCS_PORT}",
                "--node-ip-address=127.0.0.1",
                "--num-cpus=2",
                "--num-gpus=0",
                f"--resources={NODE_RESOURCES}",
                "--object-store-memory=100000000",
                "--dashboard-agent-listen-port=52401",
                "--metrics-export-port=58401",
            ]
        )

    def stop(self) -> None:
        subprocess.run([RAY, "stop", "--force"], capture_output=True, check=False)
        shutil.rmtree(self.temp_dir, ignore_errors=True)

    def node_memory_mb(self, index: int) -> tuple[float, float]:
        """PSS of node ``index``'s Ray processes and, apart, of any verification job running on it (MiB)."""
        parent_of = parents()
        ray_pids: set[int] = set()
        job_pids: set[int] = set()
        for pid in self.nodes[index] & set(parent_of):
            ray_pids.add(pid)
            for child in descendants(pid, parent_of):
                if "evaluators.worker" in command_line(child):
                    job_pids |= {child} | descendants(child, parent_of)
                else:
                    ray_pids.add(child)
        return pss_mb(ray_pids - job_pids), pss_mb(job_pids)


def pss_mb(pids: set[int]) -> float:
    total_kb = 0
    for pid in pids:
        try:
            rollup = (PROC / str(pid) / "smaps_rollup").read_text()
        except OSError:
            continue
        total_kb += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total_kb / 1024


def overhead(cluster: Cluster, job_id: str, repeats: int) -> dict[str, Any]:
    job = default_registry()[job_id]
    local = LocalSubprocessExecutor(timeout_s=300, threads=1, memory_mb=4096)
    ray = RayJobExecutor(address=cluster.address, python=sys.executable, threads=1, timeout_s=300, poll_s=0.05)
    pairs = []
    for _ in range(repeats):
        started = time.perf_counter()
        local.run([JobRequest(job, "cpu")])
        local_s = time.perf_counter() - started
        started = time.perf_counter()
        [outcome] = ray.run([JobRequest(job, "cpu", run_id=f"bench-{uuid.uuid4().hex[:8]}")])
        pairs.append((local_s, time.perf_counter() - started, outcome.ok))
    deltas = [r - loc for loc, r, _ in pairs]
    return {
        "job": job_id,
        "local_s": statistics.median(p[0] for p in pairs),
        "ray_s": statistics.median(p[1] for p in pairs),
        "overhead_median_s": statistics.median(deltas),
        "overhead_min_s": min(deltas),
        "overhead_max_s": max(deltas),
        "job_ok": all(p[2] for p in pairs),
    }


def memory(cluster: Cluster, job_id: str) -> dict[str, Any]:
    """Idle figures for both nodes, then the peak while a job runs pinned to the second node."""
    idle = {"head": cluster.node_memory_mb(0)[0], "worker": cluster.node_memory_mb(1)[0]}
    peaks = {"head": 0.0, "worker": 0.0, "job": 0.0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            head, _ = cluster.node_memory_mb(0)
            worker, job = cluster.node_memory_mb(1)
            peaks.update(head=max(peaks["head"], head), worker=max(peaks["worker"], worker), job=max(peaks["job"], job))
            time.sleep(0.5)

    nodes = RayJobExecutor(address=cluster.address).nodes()
    worker_node = next(n["node_id"] for n in nodes if "node:__internal_head__" not in n["resources_total"])
    sampler = threading.Thread(target=sample)
    sampler.start()
    ray = RayJobExecutor(address=cluster.address, python=sys.executable, threads=1, node=worker_node, timeout_s=300)
    ray.run([JobRequest(default_registry()[job_id], "cpu", run_id=f"bench-mem-{uuid.uuid4().hex[:8]}")])
    done.set()
    sampler.join()
    return {"idle_mb": idle, "busy_peak_mb": peaks}


def suite(cluster: Cluster | None) -> tuple[float, dict[str, float]]:
    """Wall time of the default tier and each job's own time (the worker's, else the outcome's)."""
    jobs = default_registry().in_tier("default")
    if cluster is None:
        executor: Any = LocalSubprocessExecutor(timeout_s=300, threads=2)
    else:
        executor = RayJobExecutor(address=cluster.address, python=sys.executable, threads=2, timeout_s=300)
    run_id = f"bench-suite-{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    outcomes = executor.run([JobRequest(job, "cpu", run_id=run_id) for job in jobs])
    wall = time.perf_counter() - started
    return wall, {o.job.id: float((o.worker or {}).get("duration_s") or o.duration_s) for o in outcomes}


def lpt_makespan(durations: list[float], machines: int, overhead_s: float) -> float:
    loads = [0.0] * machines
    for duration in sorted(durations, reverse=True):
        loads[loads.index(min(loads))] += duration + overhead_s
    return max(loads)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--job", default="torch-dynamic-control-flow")
    parser.add_argument("--repeats", type=int, default=6)
    parser.add_argument("--suite", action="store_true")
    options = parser.parse_args()
    report: dict[str, Any] = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "load_at_start": os.getloadavg(),
    }
    cluster = Cluster()
    try:
        cluster.start_head()
        time.sleep(5)
        report["overhead"] = overhead(cluster, options.job, options.repeats)
        print(json.dumps(report, indent=2), flush=True)
        if options.suite:
            report["suite_local_s"], per_job = suite(None)
            report["suite_ray_1_node_s"], _ = suite(cluster)
        cluster.add_node()
        time.sleep(5)
        report["memory"] = memory(cluster, options.job)
        print(json.dumps(report, indent=2), flush=True)
        if options.suite:
            report["suite_ray_2_nodes_s"], _ = suite(cluster)
            report["per_job_s"] = per_job
            per_job_overhead = report["overhead"]["overhead_median_s"]
            report["model_s"] = {
                n: lpt_makespan(list(per_job.values()), n, per_job_overhead) for n in (1, 2, 3, 4, 6, 8, 13)
            }
    finally:
        cluster.stop()
    report["load_at_end"] = os.getloadavg()
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
