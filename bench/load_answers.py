"""Load run: 32 clients asking for 30 s against a real ``weighin serve``, then the answer log checked
against every answer served with 200.

Run: .venv/bin/python bench/load_answers.py --database sqlite|postgres [--clients 32] [--seconds 30]
     [--source DIR]  (DIR: a checkout of another revision to serve instead, e.g. before durable logging)
Prints one markdown table row for BENCHMARKS.md: requests, errors, p50/p99 latency, answers served with
200, and how many of those the log holds once the server has stopped (cleanly, or with ``--kill`` by
kill -9 while the clients are still asking; requests cut off by the kill count as errors).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx
import sqlalchemy

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "Which framework should I pick for AutoML?",
    "Which framework is easier to debug?",
    "Is TensorFlow better for mobile deployment?",
    "Which framework do researchers prefer?",
    "What are the drawbacks of PyTorch?",
    "Which one has better production serving?",
]
PG_ADMIN = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def client_loop(url: str, stop: threading.Event, out: dict, lock: threading.Lock, n: int) -> None:
    latencies, served, errors = [], [], 0
    with httpx.Client(base_url=url, timeout=60) as client:
        i = 0
        while not stop.is_set():
            i += 1
            question = f"{QUESTIONS[(n + i) % len(QUESTIONS)]} ({n}-{i})"
            started = time.perf_counter()
            try:
                response = client.post("/v1/ask", json={"question": question})
            except httpx.HTTPError:
                errors += 1
                continue
            latencies.append(time.perf_counter() - started)
            if response.status_code == 200:
                served.append(response.json()["id"])
            else:
                errors += 1
    with lock:
        out["latencies"] += latencies
        out["served"] += served
        out["errors"] += errors


def wait_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    sys.exit("server not ready in 180 s")


def run(database_url: str, data_dir: Path, source: Path, clients: int, seconds: float, kill: bool) -> dict:
    port, log = free_port(), data_dir / "server.log"
    env = {**os.environ, "WEIGHIN_DATA_DIR": str(data_dir), "WEIGHIN_DATABASE_URL": database_url,
           "WEIGHIN_RATE_LIMIT": "0", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(source)}  # fmt: skip
    command = [sys.executable, "-m", "cli", "serve", "--port", str(port), "--log-level", "warning"]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=env, cwd=source, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process, log)
        for question in QUESTIONS:  # warm up
            httpx.post(f"{url}/v1/ask", json={"question": question}, timeout=60)
        out: dict = {"latencies": [], "served": [], "errors": 0}
        stop, lock = threading.Event(), threading.Lock()
        threads = [threading.Thread(target=client_loop, args=(url, stop, out, lock, n)) for n in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        if kill:  # kill -9 while every client has a request in flight: no shutdown hook runs
            process.kill()
        stop.set()
        for thread in threads:
            thread.join(120)
        out["elapsed"] = time.perf_counter() - started
    finally:
        process.terminate()  # a clean stop: whatever the server still holds in memory gets its chance
        process.wait(60)
    engine = sqlalchemy.create_engine(database_url.replace("postgresql://", "postgresql+psycopg2://"))
    with engine.connect() as connection:
        logged = {row[0] for row in connection.exec_driver_sql("SELECT id FROM answer_event")}
    engine.dispose()
    out["logged"] = len(set(out["served"]) & logged)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--source", type=Path, default=REPO)
    parser.add_argument("--kill", action="store_true", help="End with kill -9 under load instead of a clean stop.")
    parser.add_argument("--data-dir", type=Path, required=True, help="A data dir with a built index to copy.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="weighin-load-"))
    data_dir = work / "data"
    shutil.copytree(args.data_dir, data_dir, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    pg_name = None
    if args.database == "sqlite":
        database_url = f"sqlite:///{work / 'load.db'}"
    else:
        pg_name = f"weighin_harden_load_{uuid.uuid4().hex[:8]}"
        admin = sqlalchemy.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {pg_name}")
        database_url = f"postgresql://postgres@127.0.0.1:5432/{pg_name}"
    try:
        out = run(database_url, data_dir, args.source.resolve(), args.clients, args.seconds, args.kill)
    finally:
        if pg_name:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)
    lat = sorted(out["latencies"])
    p50 = statistics.median(lat) * 1000
    p99 = lat[min(len(lat) - 1, round(0.99 * (len(lat) - 1)))] * 1000
    requests = len(lat)
    database = args.database + (" (kill -9)" if args.kill else "")
    print(
        f"| {database} | {args.source.name} | {requests} | {requests / out['elapsed']:.1f} | {out['errors']} "
        f"| {p50:.0f} | {p99:.0f} | {len(out['served'])} | {out['logged']} |"
    )


if __name__ == "__main__":
    main()
