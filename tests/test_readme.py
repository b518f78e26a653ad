"""The README as a tested contract: every shell and Python example in README.md runs, as written, against one
live server with a configured key.

How the examples run:

- The server is the README's own: its ``weighin serve`` block runs once for the module (it makes the key,
  ``$KEY``, and starts the server with it). Every other shell line runs on its own in bash, in a scratch
  folder whose ``.venv/bin/weighin`` runs this checkout's CLI and which links ``tests/``; the Python example
  runs with this interpreter. All share a copy of the session's data dir and a scratch database.
- The one change made to any example: the README's server listens on port 8000 (``make run``'s default); here
  it listens on a free port, and ``:8000`` and ``--port 8000`` in an example are read as that port.
- ``curl`` runs with ``--fail-with-body``, so an HTTP error fails its example (``curl -s`` alone exits 0 on a
  415).
- :data:`NOT_RUN_AS_WRITTEN` lists, with the reason, each example this test cannot run as written and the
  cheaper command it runs in its place (one cheap job instead of the evaluation suite); an entry the README no
  longer has fails :func:`test_every_example_is_run_or_listed_with_a_reason`.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO

README = REPO / "README.md"
FENCE = re.compile(r"^```(sh|bash|python)\n(.*?)^```$", re.DOTALL | re.MULTILINE)
SERVER_BLOCK = "weighin serve --port 8000 &"
"""The README block that makes the key and starts the server: the module's server."""
CHEAP_JOB = "torchscript-roundtrip"
"""One verification job that imports only torch (about 15 s here), run where the README runs the whole suite."""
LINE_TIMEOUT_S = 240


@dataclass(frozen=True, slots=True)
class NotRunAsWritten:
    reason: str
    instead: str = ""
    """The command run in its place; empty when nothing meaningful can run here."""


NOT_RUN_AS_WRITTEN: dict[str, NotRunAsWritten] = {
    "make run": NotRunAsWritten(
        "creates .venv with pip (the network) and serves on port 8000 until stopped; it runs `weighin serve`, "
        "which the README's server block runs here"
    ),
    "make test": NotRunAsWritten("it is the suite this test belongs to: it would run itself"),
    ".venv/bin/weighin ask --live": NotRunAsWritten(
        "measures training speed (torch-vs-tf-training-step, minutes of CPU); the same path, with one cheap job",
        ".venv/bin/weighin ask --live --wait 180 'Can a PyTorch model be exported with TorchScript?'",
    ),
    ".venv/bin/weighin evaluate --all": NotRunAsWritten(
        "runs the whole default suite (about 6 minutes on 2 idle cores)",
        f".venv/bin/weighin evaluate --job {CHEAP_JOB}",
    ),
    "bench/gpu_evidence.sh": NotRunAsWritten(
        "runs every job on a CUDA machine; the worker it drives, for one cheap job, writes the same outcomes file",
        f"""python -m evaluators.worker run --spec - <<< '{{"job_id": "{CHEAP_JOB}", "run_id": "readme"}}' """
        "| grep '^WEIGHIN-OUTCOME ' > outcomes.jsonl",
    ),
    "# On the head machine": NotRunAsWritten(
        "starts a Ray cluster across machines (Redis already holds port 6379 here); tests/evaluators drive a "
        "local Ray head"
    ),
    "mkdir -p deploy/secrets": NotRunAsWritten("needs podman and the images; `make container-test` runs them"),
}
"""README lines (or a block's first line) by prefix, with why they do not run as written here."""

STDIN = {".venv/bin/weighin chat": "Which framework is easier to debug?\nwhy\n\n"}
"""What an interactive example is typed into it."""
NOTES = "# Notes\n\nTensorFlow has a far larger community than MXNet. PyTorch is the favourite of researchers.\n"
"""``notes.md``, which the ingest example reads."""


@dataclass(frozen=True, slots=True)
class Example:
    language: str
    code: str
    line: int

    @property
    def label(self) -> str:
        return f"README.md:{self.line}: {self.code.splitlines()[0][:60]}"


def readme_blocks() -> list[Example]:
    text = README.read_text(encoding="utf-8")
    return [
        Example(match.group(1), match.group(2), text.count("\n", 0, match.start()) + 2)
        for match in FENCE.finditer(text)
    ]


def shell_lines(block: Example) -> list[Example]:
    """A block's commands, one per logical line (``\\`` continuations joined), comments and blanks left out."""
    lines: list[Example] = []
    pending, start = "", 0
    for offset, raw in enumerate(block.code.splitlines()):
        if not pending:
            start = block.line + offset
        pending += raw
        if raw.endswith("\\"):
            pending += "\n"  # bash reads the backslash and the line break as one line
            continue
        if pending.strip() and not pending.lstrip().startswith("#"):
            lines.append(Example(block.language, pending.strip(), start))
        pending = ""
    return lines


def exemption(code: str) -> NotRunAsWritten | None:
    return next((rule for prefix, rule in NOT_RUN_AS_WRITTEN.items() if code.startswith(prefix)), None)


def examples_to_run() -> list[Example]:
    """Every shell line and Python block, except the server block (the fixture) and blocks listed whole."""
    found: list[Example] = []
    for block in readme_blocks():
        if block.language == "python":
            found.append(block)
        elif SERVER_BLOCK not in block.code and exemption(block.code.lstrip()) is None:
            found.extend(shell_lines(block))
    return found


def on_port(code: str, port: int) -> str:
    return code.replace(":8000", f":{port}").replace("--port 8000", f"--port {port}")


@dataclass(frozen=True, slots=True)
class Scratch:
    folder: Path
    env: dict[str, str]
    port: int


def scratch_folder(folder: Path) -> dict[str, str]:
    """``.venv/bin/weighin`` (this checkout's CLI), ``tests/``, ``notes.md``, and a ``curl`` that fails on HTTP
    errors; returns the environment the examples run in."""
    venv_bin = folder / ".venv" / "bin"
    shims = folder / "shims"
    for path in (venv_bin, shims):
        path.mkdir(parents=True)
    weighin = venv_bin / "weighin"
    weighin.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cli "$@"\n')
    curl = shims / "curl"
    curl.write_text(f'#!/bin/sh\nexec "{shutil.which("curl") or "/usr/bin/curl"}" --fail-with-body "$@"\n')
    for script in (weighin, curl):
        script.chmod(0o755)
    (folder / "tests").symlink_to(REPO / "tests")
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    search = os.pathsep.join([str(shims), str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return {**os.environ, "PATH": search, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}


@pytest.fixture(scope="module")
def readme_server(assistant, session_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scratch]:
    """The README's server block, run as written (on a free port) in the scratch folder; yields once ready."""
    from tests.api.conftest import free_port

    folder = tmp_path_factory.mktemp("readme")
    data = folder / "data"
    shutil.copytree(session_data_dir, data, ignore=shutil.ignore_patterns("*.db", "*.db-*"))
    env = {
        **scratch_folder(folder),
        "WEIGHIN_DATA_DIR": str(data),
        "WEIGHIN_DATABASE_URL": f"sqlite:///{folder / 'readme.db'}",
    }
    port = free_port()
    block = next(b for b in readme_blocks() if SERVER_BLOCK in b.code)
    key_file = folder / "key"
    script = f'{on_port(block.code, port)}\nprintf %s "$KEY" > {key_file}\nwait\n'
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        ["bash", "-c", script], cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_until_ready(f"http://127.0.0.1:{port}", server, folder / "server.log")
        yield Scratch(folder, {**env, "KEY": key_file.read_text()}, port)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def wait_until_ready(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the README's server block exited with {server.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail(f"the README's server was not ready within 120 s: {log.read_text()[-2000:]}")


def test_every_example_is_run_or_listed_with_a_reason() -> None:
    blocks = readme_blocks()
    assert sum(SERVER_BLOCK in b.code for b in blocks) == 1, "the README lost the block that starts its server"
    assert any(b.language == "python" for b in blocks)
    lines = [line.code for block in blocks if block.language != "python" for line in shell_lines(block)]
    firsts = [block.code.lstrip() for block in blocks]
    stale = [prefix for prefix in NOT_RUN_AS_WRITTEN if not any(t.startswith(prefix) for t in lines + firsts)]
    assert not stale, f"listed as not run, but no longer in README.md: {stale}"


@pytest.mark.parametrize("example", examples_to_run(), ids=lambda example: example.label)
def test_readme_example_runs(readme_server: Scratch, example: Example) -> None:
    if example.language == "python":
        command = [sys.executable, "-c", on_port(example.code, readme_server.port)]
        stdin = ""
    else:
        rule = exemption(example.code)
        code = rule.instead if rule else example.code
        if not code:
            pytest.skip(f"not run as written: {rule.reason if rule else ''}")
        command = ["bash", "-o", "pipefail", "-c", on_port(code, readme_server.port)]
        stdin = next((text for prefix, text in STDIN.items() if code.startswith(prefix)), "")
    result = subprocess.run(
        command,
        cwd=readme_server.folder,
        env=readme_server.env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=LINE_TIMEOUT_S,
    )
    assert result.returncode == 0, f"{example.label}\nstdout: {result.stdout[-1500:]}\nstderr: {result.stderr[-1500:]}"
    assert "Traceback" not in result.stderr, result.stderr[-1500:]
