"""Ingest cost on a live server: a 2 MB document of 20,000 near-identical sentences, posted while a client
keeps asking.

Reports the ingest's wall time, ask latency (p50/p99/max) before, during and after the ingest, and the
server's resident memory before and after. Targets (issue 19): bounded ingest time, ask p99 < 100 ms
during and after, server RSS after < 1 GB.

    PYTHONPATH=$PWD python bench/ingest_cost.py --port 8150 [--sentences 20000]
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
import threading
import time
from pathlib import Path

import httpx

KEY = "bench-key"
QUESTIONS = (
    "Which framework is easier to debug?",
    "Is TensorFlow better for production deployment?",
    "Which is faster to train a CNN on CPU?",
)


def near_identical_document(sentences: int) -> str:
    body = " ".join(
        f"PyTorch trains the convolutional model number {i} a little faster than TensorFlow does on a CPU."
        for i in range(sentences)
    )
    return f"# Framework notes\n\n{body}\n"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def summary(latencies: list[float]) -> dict[str, float | int]:
    if not latencies:
        return {"n": 0}
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p99_ms": round(p99 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


class BuilderWatch(threading.Thread):
    """Samples the resident memory of the server's index-builder child (``assistant.index_refresh``)."""

    def __init__(self, server_pid: int) -> None:
        super().__init__(daemon=True)
        self.server_pid = server_pid
        self.peak_mb = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    cmdline = (entry / "cmdline").read_bytes()
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    if ppid == self.server_pid and b"assistant.index_refresh" in cmdline:
                        self.peak_mb = max(self.peak_mb, rss_mb(int(entry.name)))
                except (OSError, ValueError, IndexError):
                    continue


class Asker(threading.Thread):
    """Asks one question after another and files each latency under the current phase."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.phase = "before"
        self.latencies: dict[str, list[float]] = {"before": [], "during": [], "after": []}
        self.errors = 0
        self.stop = threading.Event()

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=120) as client:
            i = 0
            while not self.stop.is_set():
                phase, started = self.phase, time.perf_counter()
                response = client.post("/v1/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]})
                if response.status_code == 200:
                    self.latencies[phase].append(time.perf_counter() - started)
                else:
                    self.errors += 1
                i += 1
                time.sleep(0.05)


def wait_ready(url: str, within: float = 300) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not become ready")


def run(port: int, sentences: int, phase_s: float) -> dict[str, object]:
    url = f"http://127.0.0.1:{port}"
    data_dir = Path(tempfile.mkdtemp(prefix="weighin-bench-ingest-"))
    env = {**os.environ, "WEIGHIN_DATA_DIR": str(data_dir), "WEIGHIN_API_KEYS": KEY, "WEIGHIN_RATE_LIMIT": "0"}
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port), "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(url)
        document = near_identical_document(sentences)
        asker = Asker(url)
        asker.start()
        time.sleep(phase_s)
        rss_before = rss_mb(server.pid)
        builder = BuilderWatch(server.pid)
        builder.start()
        asker.phase = "during"
        started = time.perf_counter()
        response = httpx.post(
            url + "/v1/documents",
            json={"filename": "near-identical.md", "content": document},
            headers={"X-API-Key": KEY},
            timeout=3600,
        )
        ingest_s = time.perf_counter() - started
        builder.stop.set()
        asker.phase = "after"
        time.sleep(phase_s)
        asker.stop.set()
        asker.join()
        return {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}",
            "document_bytes": len(document.encode()),
            "sentences": sentences,
            "ingest_status": response.status_code,
            "ingest_body": response.json(),
            "ingest_s": round(ingest_s, 1),
            "ask": {phase: summary(values) for phase, values in asker.latencies.items()},
            "ask_errors": asker.errors,
            "rss_before_mb": round(rss_before),
            "rss_after_mb": round(rss_mb(server.pid)),
            "builder_peak_rss_mb": round(builder.peak_mb),
        }
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--phase-seconds", type=float, default=20.0, help="asking before and after the ingest")
    args = parser.parse_args()
    print(json.dumps(run(args.port, args.sentences, args.phase_seconds), indent=2))


if __name__ == "__main__":
    main()
