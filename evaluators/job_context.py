"""What a job function receives and returns, on the subprocess side.

Jobs import their framework inside the job function; this module imports neither torch nor
TensorFlow at module level, and each ``pin_*``/``*_device`` method imports only the framework it is
about, so a process touches one framework unless a job deliberately runs a second one via
:meth:`JobContext.run_part` in a fresh process.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from evaluators.errors import JobPartError
from evaluators.observations import validate_observations


@dataclass(frozen=True, slots=True)
class JobResult:
    """What a job observed; it decides no verdict (the claim-job hypotheses judge the observations).

    ``observations`` follow :mod:`evaluators.observations`; ``rationale`` says what was measured and how
    (workload, processes, threads), without verdict words; ``metrics`` keeps raw data and context
    (``metrics["load"]`` comes from :func:`evaluators.harness.records_load`); ``device`` is ``cpu`` or
    ``cuda:N``.
    """

    observations: list[dict[str, Any]]
    rationale: str
    metrics: dict[str, Any]
    key_figure: str
    device: str = "cpu"

    def __post_init__(self) -> None:
        problems = validate_observations(self.observations)
        if problems:
            raise ValueError(f"observations break the contract: {'; '.join(problems[:5])}")
        if not (self.device == "cpu" or self.device.startswith("cuda:")):
            raise ValueError(f"device must be 'cpu' or 'cuda:N', got {self.device!r}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class JobContext:
    """Run settings shared by a job process and the part processes it starts."""

    job_id: str
    device: str = "auto"
    """Requested device: ``auto``, ``cpu`` or ``cuda``."""
    allow_gpu: bool = False
    """The job's own preference: False pins it to the CPU whatever was requested."""
    threads: int = 2
    memory_mb: int = 6144
    deadline: float = field(default_factory=lambda: time.time() + 120)
    """Wall-clock (epoch) deadline shared by every process of the job."""
    workdir: str = field(default_factory=tempfile.gettempdir)
    repeats: int = 7
    warmup: int = 2
    seed: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> JobContext:
        return cls(**json.loads(text))

    @property
    def work_path(self) -> Path:
        return Path(self.workdir)

    def remaining_s(self) -> float:
        return max(1.0, self.deadline - time.time())

    def wants_gpu(self) -> bool:
        return self.allow_gpu and self.device in ("auto", "cuda")

    def pin_torch(self) -> str:
        """Fix torch threads and seeds; return the device the job should use: ``cpu`` or ``cuda:0``."""
        import torch

        torch.set_num_threads(self.threads)
        with contextlib.suppress(RuntimeError):  # already set in this process: harmless
            torch.set_num_interop_threads(1)
        torch.manual_seed(self.seed)
        if self.wants_gpu() and torch.cuda.is_available():
            torch.cuda.manual_seed_all(self.seed)
            return "cuda:0"
        if self.device == "cuda" and self.allow_gpu:
            raise JobPartError("device 'cuda' was requested but torch sees no GPU")
        return "cpu"

    def pin_tf(self) -> str:
        """Fix TensorFlow threads and seeds before its runtime starts; return the device to use.

        GPU memory grows on demand (set before anything else touches the GPUs), instead of TensorFlow
        reserving nearly all of it up front. Returns a ``tf.device`` string: ``/GPU:0`` or ``/CPU:0``.
        """
        import tensorflow as tf

        for gpu in tf.config.list_physical_devices("GPU"):
            with contextlib.suppress(RuntimeError):  # runtime already initialised in this process
                tf.config.experimental.set_memory_growth(gpu, True)
        try:
            tf.config.threading.set_intra_op_parallelism_threads(self.threads)
            tf.config.threading.set_inter_op_parallelism_threads(1)
        except RuntimeError:  # runtime already initialised in this process
            pass
        tf.keras.utils.set_random_seed(self.seed)
        gpus = tf.config.list_physical_devices("GPU") if self.wants_gpu() else []
        if gpus:
            return "/GPU:0"
        if self.device == "cuda" and self.allow_gpu:
            raise JobPartError("device 'cuda' was requested but TensorFlow sees no GPU")
        return "/CPU:0"

    def time_calls(self, fn: Callable[[], object], sync: Callable[[], object] | None = None) -> list[float]:
        """Warm up, then time ``repeats`` calls; ``sync`` (e.g. torch.cuda.synchronize) runs before each clock read."""
        for _ in range(self.warmup):
            fn()
        if sync is not None:
            sync()
        samples: list[float] = []
        for _ in range(self.repeats):
            start = time.perf_counter()
            fn()
            if sync is not None:
                sync()
            samples.append(time.perf_counter() - start)
        return samples

    def part_environment(self) -> dict[str, str]:
        """The parent's environment; GPUs hidden (``CUDA_VISIBLE_DEVICES=""``) when this job runs on CPU.

        OpenMP threads sleep instead of spinning while they wait (``OMP_WAIT_POLICY=PASSIVE``): on a
        shared 2-core machine spinning threads made a PyTorch CNN step ~8x slower and 5x noisier.
        """
        env = os.environ.copy()
        env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        if not self.wants_gpu():
            env["CUDA_VISIBLE_DEVICES"] = ""
        return env

    def run_part(self, target: str, **kwargs: Any) -> dict[str, Any]:
        """Run ``target(context, **kwargs)`` in a fresh interpreter and return its JSON-able dict.

        Used for "fresh process" checks (reload without the model class) and to keep torch and
        TensorFlow out of each other's process.
        """
        with tempfile.TemporaryDirectory(dir=self.workdir) as scratch:
            paths = {name: Path(scratch) / f"{name}.json" for name in ("context", "args", "result")}
            paths["context"].write_text(self.to_json())
            paths["args"].write_text(json.dumps(kwargs))
            command = [sys.executable, "-m", "evaluators.worker", "part", target]
            command += [f"--{name}={path}" for name, path in paths.items()]
            try:
                done = subprocess.run(
                    command, capture_output=True, text=True, timeout=self.remaining_s(), env=self.part_environment()
                )
            except subprocess.TimeoutExpired as exc:
                raise JobPartError(f"part {target} ran past the job deadline") from exc
            result = json.loads(paths["result"].read_text()) if paths["result"].exists() else None
        if result is None:
            raise JobPartError(f"part {target} died (exit {done.returncode}): {done.stderr[-600:].strip()}")
        if result.get("status") != "ok":
            raise JobPartError(f"part {target} failed: {result.get('reason')}")
        return dict(result["value"])


def device_label(device: str) -> str:
    """Framework device strings (``cuda``, ``cuda:1``, ``/GPU:0``, ``/CPU:0``) as evidence records them."""
    lowered = device.lower().lstrip("/")
    if lowered.startswith("cuda") or lowered.startswith("gpu") or lowered.startswith("device:gpu"):
        index = lowered.rsplit(":", 1)[1] if ":" in lowered else "0"
        return f"cuda:{index}"
    return "cpu"


def torch_sync(device: str) -> Callable[[], object] | None:
    """What a timer calls before reading the clock: ``torch.cuda.synchronize`` on CUDA, nothing on CPU."""
    if not device.startswith("cuda"):
        return None
    import torch

    return torch.cuda.synchronize
