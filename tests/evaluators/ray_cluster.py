"""A real local Ray cluster for the executor tests: a head (and, on request, a second node) on this host.

The head listens on port 6380 (6379 belongs to Redis on the project's machines), declares 2 CPUs, one
GPU (so GPU scheduling is tested without a GPU), the framework resources and one ``weighin`` slot, and
runs with token authentication like a real deployment. ``ray stop --force`` ends it.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HEAD_PORT = 6380
DASHBOARD_PORT = 8265
HEAD_RESOURCES = {"torch": 1, "tensorflow": 1, "weighin": 1}
RAY = str(Path(sys.executable).with_name("ray"))


def ray_start(arguments: list[str], env: dict[str, str]) -> str | None:
    """Run ``ray start``; None on success, else the reason it failed (its output's tail)."""
    try:
        done = subprocess.run(
            [RAY, "start", "--disable-usage-stats", *arguments],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"ray start failed: {exc}"
    if done.returncode != 0:
        return f"ray start exited {done.returncode}: {(done.stderr or done.stdout).strip()[-400:]}"
    return None


@dataclass
class LocalRayCluster:
    """The cluster's addresses, its auth token and the environment a client needs to talk to it."""

    temp_dir: Path
    token: str = field(default_factory=lambda: secrets.token_hex(32))
    extra_nodes: int = 0

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{DASHBOARD_PORT}"

    @property
    def gcs_address(self) -> str:
        return f"127.0.0.1:{HEAD_PORT}"

    def env(self) -> dict[str, str]:
        return {**os.environ, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": self.token}

    def start_head(self) -> str | None:
        return ray_start(
            [
                "--head",
                f"--port={HEAD_PORT}",
                f"--temp-dir={self.temp_dir}",
                "--node-ip-address=127.0.0.1",
                "--num-cpus=2",
                "--num-gpus=1",
                f"--resources={json.dumps(HEAD_RESOURCES)}",
                "--object-store-memory=100000000",
                "--include-dashboard=true",
                "--dashboard-host=127.0.0.1",
                f"--dashboard-port={DASHBOARD_PORT}",
            ],
            self.env(),
        )

    def add_node(self, resources: dict[str, float], num_cpus: int = 2) -> str | None:
        """Join another node on this host with its own resources (a second machine, as far as Ray can tell)."""
        self.extra_nodes += 1
        return ray_start(
            [
                f"--address={self.gcs_address}",
                "--node-ip-address=127.0.0.1",
                f"--num-cpus={num_cpus}",
                "--num-gpus=0",
                f"--resources={json.dumps(resources)}",
                "--object-store-memory=100000000",
                f"--dashboard-agent-listen-port={52365 + self.extra_nodes}",
                f"--metrics-export-port={58000 + self.extra_nodes}",
            ],
            self.env(),
        )

    def wait_for_nodes(self, count: int, timeout_s: float = 60.0) -> None:
        from ray.util.state import list_nodes

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if sum(node.state == "ALIVE" for node in list_nodes(address=self.address)) >= count:
                    return
            except Exception:  # the dashboard answers a few seconds after ray start returns
                pass
            time.sleep(0.5)
        raise TimeoutError(f"the Ray cluster did not show {count} live nodes within {timeout_s:g} s")

    def stop(self) -> None:
        subprocess.run([RAY, "stop", "--force"], env=self.env(), capture_output=True, timeout=120, check=False)
        shutil.rmtree(self.temp_dir, ignore_errors=True)


def new_cluster() -> LocalRayCluster:
    # Ray's unix sockets live under the temp dir and their paths must stay short: not pytest's tmp_path.
    return LocalRayCluster(temp_dir=Path(tempfile.mkdtemp(prefix="wray-", dir="/tmp")))
