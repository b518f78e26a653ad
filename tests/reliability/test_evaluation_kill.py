"""kill -9 while a verification job runs: the job dies with the server, its folder is removed at the next
start, and the evaluation reads as interrupted instead of running forever."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from tests.reliability.conftest import API_KEY, Server


def job_processes(server_pid: int) -> list[int]:
    """Processes working in a job folder of the server ``server_pid``."""
    prefix = str(Path(tempfile.gettempdir()) / f"weighin-{server_pid}-")
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.readlink(entry / "cwd").startswith(prefix):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs Linux /proc")
def test_a_killed_server_leaves_no_job_running_and_no_folder(server: Server):
    server.start()
    assert server.process is not None
    old_pid = server.process.pid
    auth = {"X-API-Key": API_KEY}
    run = httpx.post(f"{server.url}/v1/evaluations", json={"job_ids": ["tf-eager-default"], "device": "cpu"},
                     headers=auth, timeout=30).json()  # fmt: skip
    deadline = time.monotonic() + 60
    while not job_processes(old_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    jobs = job_processes(old_pid)
    assert jobs, "the job never started"
    server.kill()
    deadline = time.monotonic() + 10
    while job_processes(old_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not job_processes(old_pid), "the job outlived the server"
    assert list(Path(tempfile.gettempdir()).glob(f"weighin-{old_pid}-*"))  # left behind by the kill
    server.start()
    assert not list(Path(tempfile.gettempdir()).glob(f"weighin-{old_pid}-*"))
    after = httpx.get(f"{server.url}/v1/evaluations/{run['id']}", timeout=10).json()
    assert after["status"] == "failed" and "interrupted" in after["error"]
