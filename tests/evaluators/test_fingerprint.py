from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from evaluators.fingerprint import EnvironmentFingerprint, collect_fingerprint, cpu_info


def test_fingerprint_has_the_documented_fields(machine_fingerprint: EnvironmentFingerprint) -> None:
    data = machine_fingerprint.data
    for key in (
        "os",
        "python",
        "cpu_model",
        "cpu_flags",
        "cores",
        "threads",
        "ram_gb",
        "gpu",
        "versions",
        "git_commit",
        "source_hash",
        "accelerators",
        "builds",
        "cpu_quota",
        "load_average",
        "host",
    ):
        assert key in data
    assert {"torch", "tensorflow", "keras", "onnxruntime", "numpy", "optuna", "keras-tuner", "onnx"} <= set(
        data["versions"]
    )
    assert data["git_commit"] and len(data["source_hash"]) == 16  # a checkout: the commit is known
    assert data["builds"]["torch"]["version"] == data["versions"]["torch"]
    assert data["versions"]["torch"] and data["versions"]["tensorflow"] and data["versions"]["numpy"]
    assert data["threads"] == 2 and data["cores"] >= 1
    assert len(machine_fingerprint.hash) == 16


def test_hash_ignores_git_commit_but_not_versions(machine_fingerprint: EnvironmentFingerprint) -> None:
    data = dict(machine_fingerprint.data)
    same = EnvironmentFingerprint.from_data({**data, "git_commit": "deadbeef"})
    other = EnvironmentFingerprint.from_data({**data, "versions": {**data["versions"], "torch": "0.0"}})
    assert same.hash == machine_fingerprint.hash
    assert other.hash != machine_fingerprint.hash


def test_cpu_info_reads_model_and_flags(tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: sse avx2 fma\n")
    assert cpu_info(cpuinfo) == ("Test CPU", ["avx2", "fma", "sse"])


def test_collecting_a_fingerprint_imports_no_framework() -> None:
    code = (
        "import sys; from evaluators.fingerprint import collect_fingerprint; collect_fingerprint(2); "
        "print(sorted(m for m in ('torch', 'tensorflow') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_same_machine_gives_same_hash(machine_fingerprint: EnvironmentFingerprint) -> None:
    assert collect_fingerprint(threads=2).hash == machine_fingerprint.hash
