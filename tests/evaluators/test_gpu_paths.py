"""CUDA paths of the job process, one per framework and device; each skips on a machine without CUDA.

They run the same parts the timed jobs use, in fresh processes, with a context that wants the GPU, and
check that the device is reported as ``cuda:0``, that timers waited for it (positive samples), that
TensorFlow was told to grow its memory, and that a CUDA job is guarded by the watchdog, not RLIMIT_AS.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evaluators import harness
from evaluators.job_context import JobContext

pytestmark = pytest.mark.gpu
DRIVER = any(Path(p).exists() for p in ("/dev/nvidiactl", "/proc/driver/nvidia/version")) or bool(
    shutil.which("nvidia-smi")
)


def framework_sees_gpu(probe: str) -> bool:
    """Ask a fresh interpreter (the test process never imports TensorFlow)."""
    if not DRIVER:
        return False
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    return done.returncode == 0 and done.stdout.strip().endswith("yes")


TORCH_CUDA = framework_sees_gpu("import torch; print('yes' if torch.cuda.is_available() else 'no')")
TF_GPU = framework_sees_gpu("import tensorflow as tf; print('yes' if tf.config.list_physical_devices('GPU') else 'no')")


def cuda_context(tmp_path: Path) -> JobContext:
    return JobContext(
        job_id="gpu", device="cuda", allow_gpu=True, workdir=str(tmp_path), repeats=3, deadline=time.time() + 300
    )


@pytest.mark.skipif(not TORCH_CUDA, reason="torch sees no CUDA device")
def test_torch_steps_run_on_cuda(tmp_path: Path) -> None:
    result = cuda_context(tmp_path).run_part("evaluators.jobs.torch_workloads:eager_steps_part")
    assert result["device"] == "cuda:0"
    assert all(s > 0 for samples in result["timings"].values() for s in samples)


@pytest.mark.skipif(not TF_GPU, reason="TensorFlow sees no GPU")
def test_tensorflow_steps_run_on_the_gpu(tmp_path: Path) -> None:
    result = cuda_context(tmp_path).run_part("evaluators.jobs.tf_workloads:eager_steps_part")
    assert result["device"] == "cuda:0"
    assert all(s > 0 for samples in result["timings"].values() for s in samples)
    assert result["initial_loss"]["cnn"] > 0


@pytest.mark.skipif(not (TORCH_CUDA and TF_GPU), reason="needs CUDA in both torch and TensorFlow")
def test_both_frameworks_start_from_the_same_loss_on_the_gpu(tmp_path: Path) -> None:
    context = cuda_context(tmp_path)
    torch_side = context.run_part("evaluators.jobs.torch_workloads:eager_steps_part")
    tf_side = context.run_part("evaluators.jobs.tf_workloads:eager_steps_part")
    assert torch_side["initial_loss"]["cnn"] == pytest.approx(tf_side["initial_loss"]["cnn"], rel=1e-3)


@pytest.mark.skipif(not DRIVER, reason="no NVIDIA driver on this machine")
def test_cuda_jobs_are_guarded_by_the_watchdog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    monkeypatch.setattr(harness.MemoryWatchdog, "start", lambda self: self)
    assert harness.guard_memory(cuda_context(tmp_path)) == "watchdog"
