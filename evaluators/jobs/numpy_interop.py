"""Job: NumPy interoperability, PyTorch vs TensorFlow.

"Direct NumPy interoperability" is credited to PyTorch: ``torch.from_numpy`` wraps the array's
memory (zero copy), whereas ``tf.convert_to_tensor`` copies it. We check memory sharing (both with
``np.shares_memory`` and by writing to the array) and time the conversion of a large array.
Each framework runs in its own process.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from evaluators.job_context import JobContext, JobResult, timing_metrics
from evaluators.verdicts import compare_timings

ELEMENTS = 8 * 2**20  # 32 MiB of float32


def torch_part(context: JobContext) -> dict[str, Any]:
    import torch

    context.pin_torch()
    array = np.arange(ELEMENTS, dtype=np.float32)
    tensor = torch.from_numpy(array)
    shares = bool(np.shares_memory(tensor.numpy(), array))
    array[0] = -1.0
    sees_write = bool(tensor[0].item() == -1.0)
    return {
        "shares_memory": shares,
        "sees_write": sees_write,
        "seconds": context.time_calls(lambda: torch.from_numpy(array)),
    }


def tf_part(context: JobContext) -> dict[str, Any]:
    import tensorflow as tf

    context.pin_tf()
    array = np.arange(ELEMENTS, dtype=np.float32)
    tensor = tf.convert_to_tensor(array)
    shares = bool(np.shares_memory(tensor.numpy(), array))
    array[0] = -1.0
    sees_write = bool(tensor[0].numpy() == -1.0)
    return {
        "shares_memory": shares,
        "sees_write": sees_write,
        "seconds": context.time_calls(lambda: tf.convert_to_tensor(array)),
    }


def run(context: JobContext) -> JobResult:
    torch_side = context.run_part(f"{__name__}:torch_part")
    tf_side = context.run_part(f"{__name__}:tf_part")
    comparison = compare_timings(tf_side["seconds"], torch_side["seconds"])
    torch_zero_copy = torch_side["shares_memory"] and torch_side["sees_write"]
    tf_copies = not tf_side["shares_memory"] and not tf_side["sees_write"]
    verdict = "supported" if torch_zero_copy and comparison.verdict == "supported" else "inconclusive"
    if not torch_zero_copy:
        verdict = "contradicted"
    torch_ms = comparison_ms(torch_side["seconds"])
    tf_ms = comparison_ms(tf_side["seconds"])
    return JobResult(
        verdict=verdict,
        rationale=(
            f"torch.from_numpy {'shares' if torch_zero_copy else 'does not share'} the array's memory while "
            f"tf.convert_to_tensor {'copies it' if tf_copies else 'shares it'}; converting {ELEMENTS * 4 // 2**20} MiB "
            f"takes {torch_ms:.3f} ms vs {tf_ms:.1f} ms ({comparison.reason}), supporting PyTorch's direct NumPy "
            "interop."
        ),
        metrics={
            "elements": ELEMENTS,
            "pytorch": {**torch_side, "seconds": timing_metrics(torch_side["seconds"])},
            "tensorflow": {**tf_side, "seconds": timing_metrics(tf_side["seconds"])},
            "speedup_pytorch_over_tf": comparison.speedup,
        },
        key_figure=(
            f"torch.from_numpy zero-copy ({torch_ms:.3f} ms) vs tf.convert_to_tensor "
            f"{'copy' if tf_copies else 'shared'} ({tf_ms:.1f} ms) for {ELEMENTS * 4 // 2**20} MiB"
        ),
        device="cpu",
    )


def comparison_ms(samples: list[float]) -> float:
    return float(np.median(samples)) * 1000
