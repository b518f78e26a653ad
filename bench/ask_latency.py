"""Benchmarks for the answer path: warm in-process `ask` latency, cold `weighin ask`, index build.

Run: .venv/bin/python bench/ask_latency.py [--rounds N]. Prints a markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = next(  # the shared folder beside the checkout: the nearest ancestor's (a worktree sits deeper)
    (up / "shared" / "eval" / "questions-dev.jsonl" for up in REPO.parents if (up / "shared" / "eval").is_dir()),
    REPO.parent / "shared" / "eval" / "questions-dev.jsonl",
)
FALLBACK = REPO / "tests" / "data" / "questions-paraphrase.jsonl"


def questions() -> list[str]:
    path = QUESTIONS if QUESTIONS.exists() else FALLBACK
    return [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def child(code: str, data_dir: Path, threads: int) -> dict:
    env = {
        **os.environ,
        "WEIGHIN_DATA_DIR": str(data_dir),
        "WEIGHIN_EMBED_THREADS": str(threads),
        "HF_HUB_OFFLINE": "1",
    }
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


WARM = """
import json, time, statistics
from assistant.settings import Settings
from assistant.wiring import build_assistant
a = build_assistant(Settings.from_env())
qs = {questions!r}
for q in qs[:5]: a.ask(q)
samples = []
for _ in range({rounds}):
    for q in qs:
        t = time.perf_counter(); a.ask(q); samples.append(time.perf_counter() - t)
print(json.dumps(samples))
"""

BUILD = """
import json, resource, time
from assistant.settings import Settings
from assistant.wiring import open_knowledge_base
t = time.perf_counter()
kb = open_knowledge_base(Settings.from_env())
index = kb.build_index()
print(json.dumps({{"seconds": time.perf_counter() - t, "claims": len(index.claims),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def cold_ask(data_dir: Path, runs: int = 3) -> list[float]:
    env = {**os.environ, "WEIGHIN_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    weighin = Path(sys.executable).parent / "weighin"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [str(weighin), "ask", "Which framework is easier to debug?"], env=env, check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    qs = questions()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        build = child(BUILD.format(), data, 2)
        first = cold_ask(data, runs=1)[0]
        cold = cold_ask(data)
        rows = []
        for threads in (1, 2):
            samples = child(WARM.format(questions=qs, rounds=args.rounds), data, threads)
            ms = [s * 1000 for s in samples]
            rows.append((threads, len(ms), statistics.median(ms), percentile(ms, 0.99), max(ms)))
    print(
        f"Machine: {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"{time.strftime('%Y-%m-%d')}"
    )
    print("\n| embedding threads | asks | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|")
    for threads, n, p50, p99, worst in rows:
        print(f"| {threads} | {n} | {p50:.1f} | {p99:.1f} | {worst:.1f} |")
    print("\n| measure | value |\n|---|---|")
    print(f"| cold `weighin ask`, index built (median of 3) | {statistics.median(cold):.2f} s |")
    print(f"| cold `weighin ask` right after build, first run | {first:.2f} s |")
    print(f"| index build ({build['claims']} claims), in process | {build['seconds']:.2f} s |")
    print(f"| index build peak RSS | {build['rss_mb']:.0f} MB |")


if __name__ == "__main__":
    main()
