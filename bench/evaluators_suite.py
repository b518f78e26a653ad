"""Run the whole default verification suite once and print a markdown table for BENCHMARKS.md.

Usage: ``python bench/evaluators_suite.py [--tier default|slow|all] [--database-url URL]``. Evidence
goes to a throw-away SQLite file unless a URL is given.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from evaluators.service import RunProgress, build_evaluation_service


def load_claims() -> list[Any]:
    try:
        from knowledge.documents import bundled_document
        from knowledge.extraction import extract_claims
    except ImportError:
        return []
    return list(extract_claims(bundled_document()))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tier", default="default", choices=("default", "slow", "all"))
    parser.add_argument("--database-url")
    parser.add_argument("--threads", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = options.database_url or f"sqlite:///{Path(scratch) / 'bench.db'}"
        service = build_evaluation_service(url, load_claims(), threads=options.threads, timeout_s=300)

        def report(event: RunProgress) -> None:
            if event.record is not None:
                print(f"  [{event.completed}/{event.total}] {event.record.job_id}: {event.record.verdict}", flush=True)

        start = time.perf_counter()
        records = service.run(all=True, tier=options.tier, device="auto", progress=report)
        total = time.perf_counter() - start
        service.store.close()
    env = service.fingerprint.data
    machine = f"{env['cpu_model']}, {env['cores']} cores, {options.threads} threads"
    print(f"\nEvaluator suite, tier `{options.tier}`: {machine},")
    print(f"Python {platform.python_version()}, torch {env['versions']['torch']}, TF {env['versions']['tensorflow']}\n")
    print("| job | time (s) | verdict | key figure |")
    print("|---|---:|---|---|")
    for record in records:
        print(f"| {record.job_id} | {record.duration_s:.1f} | {record.verdict} | {record.key_figure} |")
    print(f"| **total** | **{total:.1f}** | | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
