"""Environment fingerprint: the machine and software a measurement was taken on.

Collected in the job process (the worker), so evidence names the machine that measured it, not the one
that asked; the service collects one too, for its own grouping. Nothing here imports torch or
TensorFlow: versions come from ``importlib.metadata``, CUDA/cuDNN builds from the frameworks' own
version files read as text, accelerators from ``nvidia-smi``. The fingerprint hash groups evidence by
environment; it covers hardware and library versions but not the commit, the load or the clock, so
re-running on the same machine and stack lands in the same group.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import importlib.metadata
import importlib.util
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
    "optuna": ("optuna",),
    "keras-tuner": ("keras-tuner",),
    "onnx": ("onnx",),
    "ai-edge-litert": ("ai-edge-litert",),
    "cudnn": ("nvidia-cudnn-cu13", "nvidia-cudnn-cu12", "nvidia-cudnn-cu11"),
}
HASHED_KEYS = (
    "os",
    "host",
    "machine",
    "python",
    "cpu_model",
    "cpu_flags_hash",
    "cores",
    "threads",
    "ram_gb",
    "gpu",
    "accelerators",
    "versions",
    "builds",
)
SOURCE_PACKAGES = ("evaluators", "knowledge")
"""Packages whose source defines a measurement; outside a git checkout their hash stands in for the commit."""


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
    if project_root is None or shutil.which("git") is None or not (project_root / ".git").exists():
        return None
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=project_root, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def default_project_root() -> Path:
    """The folder holding the ``evaluators`` package: a checkout's root, or site-packages when installed."""
    return Path(__file__).resolve().parents[1]


def source_hash(root: Path | None = None) -> str:
    """sha256 over the Python sources of :data:`SOURCE_PACKAGES`, in path order (16 hex digits)."""
    base = root or default_project_root()
    digest = hashlib.sha256()
    for package in SOURCE_PACKAGES:
        for path in sorted((base / package).rglob("*.py")):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _assignments(path: Path) -> dict[str, Any]:
    """Literal top-level assignments of a generated version file, read without importing it."""
    values: dict[str, Any] = {}
    try:
        tree = ast.parse(path.read_text())
    except (OSError, SyntaxError, ValueError):
        return values
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and value is not None:
            with contextlib.suppress(ValueError, TypeError, SyntaxError):
                values[target.id] = ast.literal_eval(value)
            if isinstance(value, ast.Call) and value.args:  # collections.OrderedDict([...])
                with contextlib.suppress(ValueError, TypeError, SyntaxError):
                    values[target.id] = dict(ast.literal_eval(value.args[0]))
    return values


def _package_file(package: str, *parts: str) -> Path | None:
    spec = importlib.util.find_spec(package) if importlib.util.find_spec is not None else None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def framework_builds() -> dict[str, Any]:
    """CUDA/cuDNN builds of torch and TensorFlow, and the BLAS/oneDNN backends, without importing a framework."""
    builds: dict[str, Any] = {}
    torch_version = _package_file("torch", "version.py")
    if torch_version is not None and torch_version.exists():
        info = _assignments(torch_version)
        builds["torch"] = {"version": info.get("__version__"), "cuda": info.get("cuda"), "hip": info.get("hip")}
    tf_build = _package_file("tensorflow", "python", "platform", "build_info.py")
    if tf_build is not None and tf_build.exists():
        info = _assignments(tf_build).get("build_info") or {}
        builds["tensorflow"] = {
            "cuda": info.get("cuda_version"),
            "cudnn": info.get("cudnn_version"),
            "is_cuda_build": info.get("is_cuda_build"),
            "onednn_opts": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default"),
        }
    builds["numpy_blas"] = numpy_blas()
    return builds


def numpy_blas() -> str | None:
    """NumPy's BLAS backend and version (numpy is a dependency of every job)."""
    try:
        import numpy

        blas = numpy.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')}".strip()
    except Exception:  # numpy absent or an older config format: not worth failing a job over
        return None


def accelerators() -> list[dict[str, Any]]:
    """Every NVIDIA device: index, name and memory in MiB (empty without nvidia-smi or a GPU)."""
    if shutil.which("nvidia-smi") is None:
        return []
    query = ["nvidia-smi", "--query-gpu=index,name,memory.total", "--format=csv,noheader,nounits"]
    try:
        rows = subprocess.run(query, capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for row in rows.splitlines():
        index, name, memory = (part.strip() for part in [*row.split(","), "", ""][:3])
        found.append({"index": index, "name": name, "memory_mib": int(memory) if memory.isdigit() else None})
    return found


def cpu_quota() -> float | None:
    """This process's cgroup CPU quota in cores, rounded (None when unlimited): the harness reads it the same way."""
    from evaluators.harness import cpu_quota_cores

    quota = cpu_quota_cores()
    return None if quota is None else round(quota, 2)


def load_average() -> list[float] | None:
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


def collect_fingerprint(threads: int, project_root: Path | None = None) -> EnvironmentFingerprint:
    """Describe this machine and software stack; ``threads`` is what jobs are pinned to.

    ``project_root`` defaults to the folder of this package: a git checkout gives its commit, anything
    else the package version plus a hash of the sources.
    """
    model, flags = cpu_info()
    root = project_root or default_project_root()
    data: dict[str, Any] = {
        "os": f"{platform.system()} {platform.release()}",
        "machine": platform.machine(),
        "host": platform.node(),
        "python": platform.python_version(),
        "cpu_model": model,
        "cpu_flags": flags,
        "cpu_flags_hash": sha256_hex(" ".join(flags))[:16],
        "cores": os.cpu_count(),
        "cpu_quota": cpu_quota(),
        "threads": threads,
        "ram_gb": ram_gb(),
        "gpu": gpu_info(),
        "accelerators": accelerators(),
        "versions": {name: package_version(dists) for name, dists in PACKAGES.items()},
        "builds": framework_builds(),
        "git_commit": git_commit(root),
        "weighin_version": package_version(("weighin",)),
        "source_hash": source_hash(root) if (root / SOURCE_PACKAGES[0]).is_dir() else None,
        "load_average": load_average(),
    }
    return EnvironmentFingerprint.from_data(data)
