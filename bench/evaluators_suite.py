"""Run the default verification suite (once or several times) and print markdown for BENCHMARKS.md.

Usage: ``python bench/evaluators_suite.py [--tier default|slow|all] [--runs 2] [--database-url URL]``.
Evidence goes to a throw-away SQLite file unless a URL is given. For each run it prints the wall time,
the load average before and after, each job's time, status and findings; then every claim link's verdict
per run, and whether the runs agree (the issue asks for the same verdicts on two full runs).
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from evaluators.records import EvidenceRecord
from evaluators.service import RunProgress, build_evaluation_service


def load_claims() -> list[Any]:
    from knowledge.documents import bundled_document
    from knowledge.extraction import extract_claims

    return list(extract_claims(bundled_document()))


def run_once(url: str, tier: str, threads: int) -> tuple[list[EvidenceRecord], float, tuple[float, float]]:
    from evaluators.linking import LazyEncoder
    from knowledge.embedder import MiniLMEmbedder

    encoder = LazyEncoder(lambda: MiniLMEmbedder(threads=1))  # the same claim linker as the server's
    service = build_evaluation_service(url, load_claims(), threads=threads, timeout_s=600, encoder=encoder)

    def report(event: RunProgress) -> None:
        if event.record is not None:
            record = event.record
            print(f"  [{event.completed}/{event.total}] {record.job_id}: {record.verdict} ({record.duration_s:.0f} s)")

    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    records = service.run(all=True, tier=tier, device="auto", progress=report)
    total = time.perf_counter() - start
    service.store.close()
    return records, total, (load_before, os.getloadavg()[0])


def print_run(number: int, records: list[EvidenceRecord], total: float, load: tuple[float, float]) -> None:
    print(f"\n### Run {number}: {total:.0f} s wall, load average {load[0]:.1f} before, {load[1]:.1f} after\n")
    print("| job | time (s) | record | findings |")
    print("|---|---:|---|---|")
    for record in records:
        found = "<br>".join(f["text"] for f in record.findings) or record.rationale
        print(f"| {record.job_id} | {record.duration_s:.1f} | {record.verdict} | {found} |")


def print_links(runs: list[list[EvidenceRecord]]) -> bool:
    """Every claim link's verdict in each run; True when all runs agree on every link."""
    verdicts: dict[tuple[str, str, str, str], list[str]] = {}
    for records in runs:
        for record in records:
            for link in record.links:
                key = (str(link["claim_id"]), record.job_id, str(link.get("metric")), str(link["predicts"]))
                verdicts.setdefault(key, []).append(f"{link['verdict']} ({link['measured']})")
    heads = " | ".join(f"run {i + 1}" for i in range(len(runs)))
    print(f"\n| claim | job | metric | predicts | {heads} |")
    print("|---|---|---|---|" + "---|" * len(runs))
    agree = True
    for (claim, job, metric, predicts), seen in verdicts.items():
        same = len({v.split(" ")[0] for v in seen}) == 1
        agree &= same
        row = f"| `{claim}` | {job} | {metric} | {predicts} | " + " | ".join(seen)
        print(row + (" |" if same else " (differs) |"))
    return agree


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tier", default="default", choices=("default", "slow", "all"))
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--database-url")
    parser.add_argument("--threads", type=int, default=2)
    options = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory() as scratch:
        for number in range(1, options.runs + 1):
            url = options.database_url or f"sqlite:///{Path(scratch) / f'bench-{number}.db'}"
            records, total, load = run_once(url, options.tier, options.threads)
            print_run(number, records, total, load)
            runs.append(records)
    env = runs[0][0].environment if runs and runs[0] else {}
    print(
        f"\nMachine: {env.get('cpu_model')}, {env.get('cores')} cores, {options.threads} threads per job; "
        f"Python {platform.python_version()}, torch {env.get('versions', {}).get('torch')}, "
        f"TF {env.get('versions', {}).get('tensorflow')}, commit {str(env.get('git_commit'))[:10]}"
    )
    agree = print_links(runs)
    print(f"\nAll runs agree on every link: {'yes' if agree else 'no'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
