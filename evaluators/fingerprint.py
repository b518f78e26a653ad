"""Environment fingerprint: the machine and software a measurement was taken on.

Collected in the calling process without importing torch or TensorFlow: versions come from
``importlib.metadata``, the GPU from ``nvidia-smi`` when present. The fingerprint hash groups evidence
by environment; it covers hardware and library versions but not the git commit or the clock, so
re-running on the same machine and stack lands in the same group.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluators.records import canonical_json, sha256_hex

PACKAGES: dict[str, tuple[str, ...]] = {
    "torch": ("torch",),
    "tensorflow": ("tensorflow", "tensorflow-cpu"),
    "keras": ("keras",),
    "onnxruntime": ("onnxruntime", "onnxruntime-gpu"),
    "numpy": ("numpy",),
}
HASHED_KEYS = (
    "os",
    "machine",
    "python",
    "cpu_model",
    "cpu_flags_hash",
    "cores",
    "threads",
    "ram_gb",
    "gpu",
    "versions",
)


@dataclass(frozen=True, slots=True)
class EnvironmentFingerprint:
    data: dict[str, Any]
    hash: str

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> EnvironmentFingerprint:
        hashed = {key: data.get(key) for key in HASHED_KEYS}
        return cls(data=data, hash=sha256_hex(canonical_json(hashed))[:16])


def package_version(candidates: Iterable[str]) -> str | None:
    for name in candidates:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return None


def cpu_info(cpuinfo: Path = Path("/proc/cpuinfo")) -> tuple[str, list[str]]:
    """CPU model name and feature flags (Linux); the processor string elsewhere."""
    model, flags = platform.processor() or platform.machine(), list[str]()
    try:
        for line in cpuinfo.read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and value.strip():
                model = value.strip()
            elif key.strip() in ("flags", "Features") and not flags:
                flags = sorted(value.split())
    except OSError:
        pass
    return model, flags


def ram_gb() -> float | None:
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        return None


def gpu_info() -> dict[str, str] | None:
    """Name, driver and CUDA version from nvidia-smi, or None without an NVIDIA GPU."""
    if shutil.which("nvidia-smi") is None:
        return None
    query = ["nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader"]
    try:
        rows = subprocess.run(query, capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        header = subprocess.run(["nvidia-smi"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    if not rows:
        return None
    name, _, driver = rows.splitlines()[0].partition(",")
    cuda = header.split("CUDA Version:")[1].split()[0] if "CUDA Version:" in header else ""
    return {"name": name.strip(), "driver": driver.strip(), "cuda": cuda}


def git_commit(project_root: Path | None) -> str | None:
    if project_root is None or shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=project_root, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def collect_fingerprint(threads: int, project_root: Path | None = None) -> EnvironmentFingerprint:
    """Describe this machine and software stack; ``threads`` is what jobs are pinned to."""
    model, flags = cpu_info()
    data: dict[str, Any] = {
        "os": f"{platform.system()} {platform.release()}",
        "machine": platform.machine(),
        "python": platform.python_version(),
        "cpu_model": model,
        "cpu_flags": flags,
        "cpu_flags_hash": sha256_hex(" ".join(flags))[:16],
        "cores": os.cpu_count(),
        "threads": threads,
        "ram_gb": ram_gb(),
        "gpu": gpu_info(),
        "versions": {name: package_version(dists) for name, dists in PACKAGES.items()},
        "git_commit": git_commit(project_root),
    }
    return EnvironmentFingerprint.from_data(data)
